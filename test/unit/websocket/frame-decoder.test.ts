import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { FrameDecoder } from '../../../src/core/websocket/frame-decoder';
import { describeWebSocketFrame, webSocketFrameJson } from '../../../src/core/websocket/frame-view';
import type { WebSocketFrame } from '../../../src/core/websocket/types';
import { WireCapture } from '../../../src/core/websocket/wire-capture';

/** Builds one frame as RFC 6455 §5.2 lays it out. */
function frame(opcode: number, payload: Buffer, o: { fin?: boolean; rsv?: number; mask?: Buffer; lengthField?: 16 | 64 } = {}): Buffer {
  const b0 = (o.fin === false ? 0 : 0x80) | ((o.rsv ?? 0) << 4) | opcode;
  const len = payload.length;
  let head: Buffer;
  const field = o.lengthField ?? (len < 126 ? undefined : len < 65536 ? 16 : 64);
  if (field === undefined) head = Buffer.from([b0, len]);
  else if (field === 16) {
    head = Buffer.alloc(4);
    head[0] = b0;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = b0;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  if (!o.mask) return Buffer.concat([head, payload]);
  head[1] = (head[1] ?? 0) | 0x80;
  const masked = Buffer.from(payload.map((b, i) => b ^ (o.mask?.[i % 4] ?? 0)));
  return Buffer.concat([head, o.mask, masked]);
}

function decodeAll(bytes: Buffer, chunk: number, previewBytes = 64): WebSocketFrame[] {
  const frames: WebSocketFrame[] = [];
  const d = new FrameDecoder(
    'in',
    f => frames.push(f),
    () => 0,
    previewBytes,
  );
  for (let i = 0; i < bytes.length; i += chunk) d.feed(bytes.subarray(i, i + chunk));
  return frames;
}

test('frames decode the same whatever the chunking: opcode, FIN, RSV, mask, the three length forms, close code', () => {
  const mask = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
  const close = Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('bye')]);
  const wire = Buffer.concat([
    frame(0x1, Buffer.from('Hello'), { mask }),
    frame(0x2, Buffer.alloc(300, 7), { fin: false, rsv: 0b100 }),
    frame(0x0, Buffer.alloc(70000, 1), { lengthField: 64 }),
    frame(0x9, Buffer.alloc(0)),
    frame(0xb, Buffer.from([1]), { rsv: 0b011 }),
    frame(0x8, close, { mask }),
  ]);
  for (const chunk of [1, 3, 7, 1000, wire.length]) {
    const fs = decodeAll(wire, chunk);
    assert.deepEqual(
      fs.map(f => f.type),
      ['text', 'binary', 'continuation', 'ping', 'reserved', 'close'],
      `chunk ${chunk}`,
    );
    const [text, binary, cont, ping, reserved, closeFrame] = fs as [
      WebSocketFrame,
      WebSocketFrame,
      WebSocketFrame,
      WebSocketFrame,
      WebSocketFrame,
      WebSocketFrame,
    ];
    assert.equal(text.masked, true);
    assert.equal(text.maskKey, '37fa213d');
    assert.equal(text.preview.toString(), 'Hello');
    assert.equal(text.headerLength, 6);
    assert.equal(binary.fin, false);
    assert.deepEqual([binary.rsv1, binary.rsv2, binary.rsv3], [true, false, false]);
    assert.equal(binary.length, 300);
    assert.equal(binary.headerLength, 4);
    assert.equal(binary.preview.length, 64, 'the preview is bounded');
    assert.equal(cont.length, 70000);
    assert.equal(cont.headerLength, 10);
    assert.equal(ping.length, 0);
    assert.equal(reserved.opcode, 0xb);
    assert.deepEqual([reserved.rsv1, reserved.rsv2, reserved.rsv3], [false, true, true]);
    assert.equal(closeFrame.closeCode, 1000);
    assert.equal(closeFrame.closeReason, 'bye');
  }
});

test('an oversized frame is reported from its header and preview, before its payload arrives', () => {
  const frames: WebSocketFrame[] = [];
  const d = new FrameDecoder(
    'in',
    f => frames.push(f),
    () => 0,
    8,
  );
  const head = Buffer.alloc(10);
  head[0] = 0x82;
  head[1] = 127;
  head.writeBigUInt64BE(2n ** 40n, 2);
  d.feed(Buffer.concat([head, Buffer.alloc(8, 0xab)]));
  assert.equal(frames.length, 1);
  assert.equal(frames[0]?.length, 2 ** 40);
  d.feed(Buffer.alloc(100_000));
  assert.equal(frames.length, 1, 'the rest of the payload is skipped, not kept');
});

test('control frames keep their whole payload (125 bytes) even with a small preview', () => {
  const fs = decodeAll(frame(0x8, Buffer.concat([Buffer.from([0x0f, 0xa0]), Buffer.alloc(100, 0x61)])), 5, 4);
  assert.equal(fs[0]?.closeCode, 4000);
  assert.equal(fs[0]?.closeReason, 'a'.repeat(100));
});

test('describeWebSocketFrame and webSocketFrameJson show the fields; text from the network has its controls escaped', () => {
  const [f] = decodeAll(frame(0x1, Buffer.from('a\x1b[31mb'), { mask: Buffer.from([1, 2, 3, 4]) }), 100);
  assert.ok(f);
  assert.equal(describeWebSocketFrame(f), '→ text         FIN rsv=000 mask=01020304 len=7 "a\\x1b[31mb"'.replace('→', '←'));
  const j = webSocketFrameJson(f);
  assert.equal(j.preview, Buffer.from('a\x1b[31mb').toString('hex'));
  assert.equal(j.previewText, 'a\x1b[31mb');
  const [c] = decodeAll(frame(0x2, Buffer.alloc(40, 0xff)), 100);
  assert.ok(c);
  assert.match(describeWebSocketFrame(c), /^← binary {7}FIN rsv=000 unmasked len=40 (ff ){15}ff…$/);
});

test('the capture splits the upgrade heads from the frames, in both directions', () => {
  const frames: WebSocketFrame[] = [];
  const cap = new WireCapture(
    f => frames.push(f),
    () => 1,
  );
  const req = 'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n';
  cap.feed('out', Buffer.from(req));
  cap.feed('out', frame(0x1, Buffer.from('hi'), { mask: Buffer.from([9, 9, 9, 9]) }));
  const res = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n';
  const inBytes = Buffer.concat([Buffer.from(res), frame(0x1, Buffer.from('hi'))]);
  for (const b of inBytes) cap.feed('in', Buffer.from([b]));
  assert.equal(cap.request, req);
  assert.equal(cap.response, res);
  assert.deepEqual(
    frames.map(f => `${f.dir} ${f.type} ${f.preview.toString()}`),
    ['out text hi', 'in text hi'],
  );
  assert.equal(cap.bytesIn, inBytes.length);

  const refused = new WireCapture(
    f => frames.push(f),
    () => 1,
  );
  refused.feed('in', Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n\x81\x00abc', 'latin1'));
  assert.equal(refused.bodyPreview, '\x81\x00abc', 'a body is not read as frames');
  assert.equal(frames.length, 2);
});
