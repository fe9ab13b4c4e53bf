import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  NetProbeError,
  PacketMonitor,
  RingBuffer,
  checkPayloadSize,
  hexDump,
  isPrintable,
  maxUdpPayload,
  parseHex,
  payloadBytes,
  payloadHex,
  payloadText,
  reusePortSupported,
  unescapeText,
} from '../../../src/core';
import type { UdpPacket } from '../../../src/core';

test('parseHex: separators and prefixes; bad digits and odd length are explained', () => {
  assert.deepEqual(parseHex('48 65 6c 6C 6f'), Buffer.from('Hello'));
  assert.deepEqual(parseHex('48:65:6c'), Buffer.from('Hel'));
  assert.deepEqual(parseHex('0x00ff\n0x10'), Buffer.from([0, 255, 16]));
  assert.deepEqual(parseHex(''), Buffer.alloc(0));
  assert.throws(
    () => parseHex('4g'),
    (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input' && /"g" is not a hex digit/.test(e.message),
  );
  assert.throws(() => parseHex('abc'), /odd number of digits \(3\)/);
});

test('payloadBytes: text, escapes, hex, file', async () => {
  assert.deepEqual(await payloadBytes({ text: 'héllo' }), Buffer.from('héllo', 'utf8'));
  assert.deepEqual(await payloadBytes({ text: 'a\\nb' }), Buffer.from('a\\nb'));
  assert.deepEqual(await payloadBytes({ text: 'a\\nb\\t\\x00\\xff\\\\', escapes: true }), Buffer.from([0x61, 10, 0x62, 9, 0, 0xff, 0x5c]));
  assert.deepEqual(unescapeText('\\q\\'), Buffer.from('\\q\\'));
  assert.deepEqual(await payloadBytes({ hex: 'de ad be ef' }), Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-udp-'));
  try {
    const f = path.join(dir, 'p.bin');
    fs.writeFileSync(f, Buffer.from([1, 2, 3, 0]));
    assert.deepEqual(await payloadBytes({ file: f }), Buffer.from([1, 2, 3, 0]));
    await assert.rejects(payloadBytes({ file: path.join(dir, 'missing') }), /Cannot read payload file .*no such file/);
    await assert.rejects(payloadBytes({ file: dir }), /it is a directory/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('checkPayloadSize: per-family limits', () => {
  assert.equal(maxUdpPayload(4), 65507);
  assert.equal(maxUdpPayload(6), 65527);
  checkPayloadSize(Buffer.alloc(65507), 4);
  assert.throws(() => checkPayloadSize(Buffer.alloc(65508), 4), /65508 bytes; one UDP datagram over IPv4 carries at most 65507/);
  checkPayloadSize(Buffer.alloc(65527), 6);
});

test('format: text, hex and hex dump', () => {
  const b = Buffer.from([0x48, 0x69, 0x00, 0x0a, 0x7f, 0xff]);
  assert.equal(payloadHex(b), '48 69 00 0a 7f ff');
  assert.equal(payloadText(Buffer.from('Hi\u0000\n')), 'Hi·\n');
  assert.equal(isPrintable(Buffer.from('hello\tworld\n')), true);
  assert.equal(isPrintable(b), false);
  assert.equal(
    hexDump(Buffer.from('ABCDEFGHIJKLMNOPQ')),
    '00000000  41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50  |ABCDEFGHIJKLMNOP|\n00000010  51                                               |Q|',
  );
  assert.equal(payloadHex(Buffer.alloc(10), 4), '00 00 00 00 …');
});

test('RingBuffer: keeps the newest items within capacity', () => {
  const r = new RingBuffer<number>(3);
  for (let i = 1; i <= 5; i++) r.push(i);
  assert.deepEqual(r.toArray(), [3, 4, 5]);
  assert.equal(r.size, 3);
  assert.equal(r.dropped, 2);
  assert.equal(r.shift(), 3);
  r.push(6);
  assert.deepEqual(r.toArray(), [4, 5, 6]);
  r.clear();
  assert.deepEqual(r.toArray(), []);
  assert.throws(() => new RingBuffer(0), RangeError);
});

function pkt(seq: number, from: string, size: number, time: number): UdpPacket {
  return { seq, time, from, port: 5000, family: from.includes(':') ? 6 : 4, size, payload: Buffer.alloc(size) };
}

test('PacketMonitor: totals, rate window, per-source counts, filter, bounded memory', () => {
  const m = new PacketMonitor({ capacity: 100, maxBytes: 1000, windowMs: 1000 });
  const t0 = 1_000_000;
  for (let i = 0; i < 10; i++) m.add(pkt(i + 1, i % 2 ? '127.0.0.1' : '::1', 300, t0 + i * 100));
  const s = m.stats(t0 + 950);
  assert.equal(s.packets, 10);
  assert.equal(s.bytes, 3000);
  assert.equal(s.kept, 3, 'byte bound keeps at most 1000 bytes of payload');
  assert.equal(s.evicted, 7);
  assert.equal(s.packetsPerSecond, 10);
  assert.deepEqual(
    s.sources.map(x => [x.source, x.packets]),
    [
      ['[::1]:5000', 5],
      ['127.0.0.1:5000', 5],
    ],
  );
  assert.equal(m.stats(t0 + 1500).packetsPerSecond, 4, 'the window is the last ten 100 ms slots');
  assert.deepEqual(
    m.packets('127.0.0.1').map(p => p.seq),
    [8, 10],
  );
  assert.equal(m.packets().length, 3);
  m.clear();
  assert.equal(m.stats().packets, 0);
  assert.equal(m.packets().length, 0);
  const big = new PacketMonitor({ capacity: 5 });
  for (let i = 0; i < 50; i++) big.add(pkt(i + 1, '127.0.0.1', 1, t0 + i));
  assert.deepEqual(
    big.packets().map(p => p.seq),
    [46, 47, 48, 49, 50],
  );
});

test('reusePortSupported: by Node version and platform', () => {
  assert.equal(reusePortSupported('20.20.0', 'linux'), false);
  assert.equal(reusePortSupported('22.12.0', 'linux'), true);
  assert.equal(reusePortSupported('22.11.0', 'linux'), false);
  assert.equal(reusePortSupported('23.1.0', 'linux'), true);
  assert.equal(reusePortSupported('24.0.0', 'win32'), false);
});
