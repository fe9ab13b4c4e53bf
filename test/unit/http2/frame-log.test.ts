import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CLIENT_PREFACE } from '../../../src/core/http/http2/constants';
import { FrameLog } from '../../../src/core/http/http2/frame-log';
import { describeFrame, frameJson } from '../../../src/core/http/http2/frame-view';

function frame(type: number, flags: number, stream: number, payload: Buffer | number[] = []): Buffer {
  const p = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const h = Buffer.alloc(9);
  h.writeUIntBE(p.length, 0, 3);
  h[3] = type;
  h[4] = flags;
  h.writeUInt32BE(stream, 5);
  return Buffer.concat([h, p]);
}
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const setting = (id: number, v: number): number[] => [id >> 8, id & 255, ...u32(v)];

/** Feeds `bytes` in pieces of `step` bytes, to show frames are cut the same whatever the socket chunks. */
function feedIn(log: FrameLog, dir: 'out' | 'in', bytes: Buffer, step: number): void {
  for (let i = 0; i < bytes.length; i += step) log.feed(dir, bytes.subarray(i, i + step), 1);
}

test('frames are cut and decoded the same whatever the chunking, in both directions', () => {
  const out = Buffer.concat([
    CLIENT_PREFACE,
    frame(4, 0, 0, [...setting(2, 0), ...setting(4, 1 << 20)]),
    // HEADERS, END_STREAM, no END_HEADERS: :method GET, :path / ; then CONTINUATION with :scheme http, :authority (literal)
    frame(1, 0x1, 1, [0x82, 0x84]),
    frame(9, 0x4, 1, [0x86, 0x41, 0x03, ...Buffer.from('a.b')]),
    frame(8, 0, 0, u32(1000)),
  ]);
  const inbound = Buffer.concat([
    frame(4, 0, 0, [...setting(3, 128), ...setting(4, 10), ...setting(0x99, 7)]),
    frame(4, 0x1, 0),
    // HEADERS PADDED|PRIORITY|END_HEADERS: pad 2, dep 3 exclusive, weight 16, :status 200
    frame(1, 0x4 | 0x8 | 0x20, 1, [2, ...u32(0x80000003), 15, 0x88, 0, 0]),
    frame(0, 0x8, 1, [1, ...Buffer.from('hello'), 0]),
    frame(0, 0x1, 1, Buffer.from('!')),
    frame(6, 0, 0, [1, 2, 3, 4, 5, 6, 7, 8]),
    frame(3, 0, 3, u32(8)),
    frame(7, 0, 0, [...u32(1), ...u32(2), ...Buffer.from('bye\n')]),
    frame(0x0f, 0xff, 5, [9, 9]),
  ]);
  for (const step of [1, 7, 1000]) {
    const log = new FrameLog({}, 0);
    feedIn(log, 'out', out, step);
    feedIn(log, 'in', inbound, step);
    const byType = (dir: string, type: string) => log.frames.filter(f => f.dir === dir && f.type === type);
    assert.equal(log.frames.length, 13, `step ${step}`);
    assert.deepEqual(byType('out', 'SETTINGS')[0]?.settings, [
      { id: 2, name: 'ENABLE_PUSH', value: 0 },
      { id: 4, name: 'INITIAL_WINDOW_SIZE', value: 1 << 20 },
    ]);
    const cont = byType('out', 'CONTINUATION')[0];
    assert.deepEqual(cont?.headers, [
      [':method', 'GET'],
      [':path', '/'],
      [':scheme', 'http'],
      [':authority', 'a.b'],
    ]);
    assert.equal(cont?.headerBlockBytes, 8);
    assert.equal(byType('out', 'HEADERS')[0]?.headers, undefined, 'the block ends on CONTINUATION');
    assert.deepEqual(byType('out', 'HEADERS')[0]?.flagNames, ['END_STREAM']);
    assert.deepEqual(byType('out', 'WINDOW_UPDATE')[0]?.window, { connection: 65535 + 1000 });
    assert.deepEqual(byType('in', 'SETTINGS')[0]?.settings?.[2], { id: 0x99, name: 'UNKNOWN_0x0099', value: 7 });
    assert.deepEqual(byType('in', 'SETTINGS')[1]?.flagNames, ['ACK']);
    const h = byType('in', 'HEADERS')[0];
    assert.deepEqual(h?.priority, { dependsOn: 3, exclusive: true, weight: 16 });
    assert.equal(h?.padLength, 2);
    assert.deepEqual(h?.headers, [[':status', '200']]);
    assert.deepEqual(h?.flagNames, ['END_HEADERS', 'PADDED', 'PRIORITY']);
    const [d1, d2] = byType('in', 'DATA');
    assert.equal(d1?.padLength, 1);
    // The client's stream window started at its INITIAL_WINDOW_SIZE (1 MiB); the connection's at 65535 + 1000.
    assert.deepEqual(d1?.window, { connection: 66535 - 7, stream: (1 << 20) - 7 });
    assert.deepEqual(d2?.window, { connection: 66535 - 8, stream: (1 << 20) - 8 });
    assert.equal(byType('in', 'PING')[0]?.opaqueData, '0102030405060708');
    assert.equal(byType('in', 'RST_STREAM')[0]?.errorName, 'CANCEL');
    const g = byType('in', 'GOAWAY')[0];
    assert.deepEqual([g?.lastStreamId, g?.errorName, g?.debugData], [1, 'INTERNAL_ERROR', 'bye\\x0a']);
    assert.deepEqual(log.goaway, { lastStreamId: 1, errorCode: 2, errorName: 'INTERNAL_ERROR', debugData: 'bye\\x0a' });
    const unknown = log.frames.at(-1);
    assert.deepEqual([unknown?.type, unknown?.flagNames.length, unknown?.bytes.length], ['UNKNOWN_0x0f', 8, 11]);
    assert.ok(Buffer.concat(log.frames.filter(f => f.dir === 'in').map(f => f.bytes)).equals(inbound), 'the exact bytes of every frame');
    const s1 = log.stream(1);
    assert.deepEqual([s1?.framesSent, s1?.framesReceived, s1?.requestHeaders?.length], [2, 3, 4]);
    assert.equal(log.bytesSent, out.length);
    assert.equal(log.bytesReceived, inbound.length);
  }
});

test('limits: frames kept, bytes kept per frame and per direction', () => {
  const log = new FrameLog({ maxFrames: 3, maxFrameBytes: 20, captureBytes: 50 }, 0);
  log.feed('in', Buffer.concat([frame(4, 0, 0), frame(1, 0x4, 1, [0x88]), ...Array.from({ length: 4 }, () => frame(0, 0, 1, Buffer.alloc(100, 0x61)))]));
  assert.equal(log.frames.length, 3);
  assert.equal(log.framesDropped, 3);
  const data = log.frames[2];
  assert.equal(data?.bytes.length, 20);
  assert.equal(data?.bytesTruncated, true);
  assert.equal(data?.length, 100);
  assert.deepEqual(data?.window, { connection: 65535 - 100, stream: 65535 - 100 });
  assert.equal(log.stream(1)?.bytesReceived, 10 + 4 * 109);
});

test('a SETTINGS flood and an HTTP/1.x answer are violations', () => {
  const flood = new FrameLog({ maxSettingsFrames: 5 }, 0);
  const seen: string[] = [];
  flood.onViolation = m => seen.push(m);
  flood.feed('in', Buffer.concat(Array.from({ length: 10 }, () => frame(4, 0, 0, setting(3, 1)))));
  assert.equal(seen.length, 1);
  assert.match(flood.violation ?? '', /more than 5 SETTINGS frames/);
  const h1 = new FrameLog({}, 0);
  h1.feed('in', Buffer.from('HTTP/1.1 400 Bad Request\r\nServer: x\r\n\r\n'));
  assert.match(h1.violation ?? '', /answered in HTTP\/1\.x \("HTTP\/1\.1 400 Bad Request"\)/);
  assert.equal(h1.frames.length, 0);
});

test('malformed frames are kept with their problem; an undecodable header block stops later decoding', () => {
  const log = new FrameLog({}, 0);
  log.feed(
    'in',
    Buffer.concat([frame(4, 0, 0, [1, 2, 3]), frame(8, 0, 0, u32(0)), frame(1, 0x4, 1, [0xbe]), frame(1, 0x4, 3, [0x88]), frame(9, 0x4, 5, [0x88])]),
  );
  assert.match(log.frames[0]?.problem ?? '', /multiple of 6/);
  assert.match(log.frames[1]?.problem ?? '', /increment of 0/);
  assert.match(log.frames[2]?.problem ?? '', /HPACK decoding failed: Index 62 is beyond/);
  assert.match(log.frames[3]?.headersNote ?? '', /HPACK decoding failed/);
  assert.equal(log.frames[3]?.headers, undefined);
  assert.match(log.frames[4]?.problem ?? '', /CONTINUATION without a header block/);
});

test('a frame over MAX_FRAME_SIZE is reported and not buffered whole', () => {
  const log = new FrameLog({}, 0);
  log.feed('in', frame(1, 0x4, 1, Buffer.alloc(20000, 0x88)));
  assert.match(log.frames[0]?.problem ?? '', /20000 bytes, over the receiver's MAX_FRAME_SIZE of 16384/);
  assert.ok((log.frames[0]?.bytes.length ?? 0) <= 16384 + 9);
});

test('frames read as JSON and as text lines with control characters escaped', () => {
  const log = new FrameLog({}, 0);
  log.feed('in', frame(1, 0x5, 1, [0x88, 0x00, 0x01, 0x78, 0x02, 0x61, 0x1b]), 2.5);
  const f = log.frames[0];
  assert.ok(f);
  const j = frameJson(f, 1);
  assert.deepEqual([j.connection, j.dir, j.type, j.flags, j.streamId, j.length, j.hex], [1, 'in', 'HEADERS', 5, 1, 7, f.bytes.toString('hex')]);
  assert.equal('bytes' in j, false);
  assert.deepEqual(describeFrame(f), [
    '[    2.500 ms] < HEADERS stream 1, 7 bytes [END_STREAM END_HEADERS]: header block 7 bytes, list 77 bytes',
    '<   :status: 200',
    '<   x: a\\x1b',
  ]);
});

test('decoded header lists kept on frames are bounded by the capture budget (HPACK amplification)', () => {
  const log = new FrameLog({ captureBytes: 256 * 1024 }, 0);
  log.feed('out', Buffer.concat([CLIENT_PREFACE, frame(1, 0x5, 1, [0x82, 0x84, 0x86, 0x41, 0x01, 0x61])]));
  // One field of ~4 KB into the dynamic table, then blocks of 16 one-byte references to it: 16 bytes decode to ~64 KB.
  const insert = [0x40, 0x01, 0x78, 0x7f, 0xa1, 0x1e, ...Buffer.alloc(4000, 0x61)];
  const refs = Array.from({ length: 16 }, () => 0xbe);
  log.feed('in', Buffer.concat([frame(1, 0x4, 1, [0x88, ...insert]), ...Array.from({ length: 200 }, () => frame(1, 0x4, 1, refs))]));
  const inbound = log.frames.filter(f => f.dir === 'in');
  assert.equal(inbound.length, 201, 'every frame is still kept');
  const kept = inbound.reduce((n, f) => n + (f.headers ?? []).reduce((m, [k, v]) => m + k.length + v.length + 32, 0), 0);
  assert.ok(kept <= 256 * 1024 + 64 * 1024, `decoded header text kept on frames: ${kept} bytes`);
  const last = inbound.at(-1);
  assert.equal(last?.headers, undefined);
  assert.equal(last?.headerListSize, 16 * (1 + 4000 + 32));
  assert.match(last?.headersNote ?? '', /not kept/);
});
