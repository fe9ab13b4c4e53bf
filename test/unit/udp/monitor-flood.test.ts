import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseUdpCounters, udpKernelDrops } from '../../../src/core/platform/udp-drops';
import { PREVIEW_BYTES, packetPreview } from '../../../src/core/udp/format';
import { BoundedBatch, PacketMonitor } from '../../../src/core/udp/monitor';
import type { UdpPacket } from '../../../src/core/udp/socket';
import { isMonitorAction } from '../../../src/ui/webviews/monitor/protocol';

const packet = (seq: number, payload: Buffer): UdpPacket => ({
  seq,
  time: 1_700_000_000_000 + seq,
  from: '127.0.0.1',
  port: 5000,
  family: 4,
  size: payload.length,
  payload,
});

test('monitor flood: a batch lists at most its capacity per refresh and counts the rest', () => {
  const b = new BoundedBatch<number>(3);
  assert.deepEqual(
    [1, 2, 3, 4, 5].map(n => b.push(n)),
    [true, true, true, false, false],
  );
  assert.equal(b.dropped, 2);
  assert.deepEqual(b.take(), [1, 2, 3]);
  assert.equal(b.size, 0);
  assert.equal(b.push(6), true);
  assert.equal(b.dropped, 2, 'the drop count runs on across refreshes');
  b.reset();
  assert.equal(b.dropped, 0);
  assert.throws(() => new BoundedBatch(0), RangeError);
});

test('monitor flood: a preview holds the first bytes only, never a UTF-8 sequence cut in two', () => {
  const big = packet(1, Buffer.concat([Buffer.alloc(60_000, 0x41), Buffer.from('END')]));
  const p = packetPreview(big);
  assert.equal(p.size, 60_003);
  assert.equal(p.cut, true);
  assert.ok(p.text.length <= PREVIEW_BYTES + 1 && p.text.endsWith('…'));
  assert.ok(!p.text.includes('END'));
  assert.ok(p.hex.length < 3 * PREVIEW_BYTES + 4);
  // 47 ASCII bytes, then "é" (2 bytes) across the 48-byte boundary: the preview stops before it and stays printable text.
  const utf8 = packet(2, Buffer.from(`${'x'.repeat(47)}é and more`));
  const u = packetPreview(utf8);
  assert.equal(u.printable, true);
  assert.equal(u.text, `${'x'.repeat(47)}…`);
  const small = packetPreview(packet(3, Buffer.from('hello')));
  assert.deepEqual([small.text, small.hex, small.cut, small.printable], ['hello', '68 65 6c 6c 6f', false, true]);
  assert.equal(packetPreview(packet(4, Buffer.from([0, 1, 0x9b]))).printable, false);
});

test('monitor flood: the whole datagram is found by its number while it is kept', () => {
  const m = new PacketMonitor({ capacity: 4 });
  for (let i = 1; i <= 10; i++) m.add(packet(i, Buffer.from(`p${i}`)));
  assert.equal(m.find(10)?.payload.toString(), 'p10');
  assert.equal(m.find(7)?.payload.toString(), 'p7');
  assert.equal(m.find(6), undefined, 'let go');
  assert.equal(m.find(11), undefined);
  assert.equal(m.stats().packets, 10, 'totals count every datagram');
});

test('monitor flood: kernel drops are read from /proc/net/udp rows by inode', async () => {
  const text = [
    '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
    ' 9429: 0100007F:9B43 00000000:0000 07 00000000:00000300 00:00000000 00000000     0        0 2698392 2 000000002586a023 17',
    '11923: 0100007F:E501 0100007F:A503 01 00000000:00000000 00:00000000 00000000     0        0 2698391 2 0000000051dd17af 0',
    'garbage',
  ].join('\n');
  assert.deepEqual(parseUdpCounters(text), [
    { inode: 2698392, drops: 17, queuedBytes: 0x300 },
    { inode: 2698391, drops: 0, queuedBytes: 0 },
  ]);
  const elsewhere = await udpKernelDrops(3, { portable: true });
  assert.equal(elsewhere.available, false);
  assert.match(elsewhere.available ? '' : elsewhere.reason, /does not give a per-socket drop count/);
  const noFd = await udpKernelDrops(undefined, { procRoot: '/nonexistent' });
  assert.match(noFd.available ? '' : noFd.reason, /file descriptor is not available/);
});

test('monitor flood: the webview may ask for one whole datagram by its number', () => {
  assert.ok(isMonitorAction({ type: 'detail', seq: 12 }));
  assert.ok(!isMonitorAction({ type: 'detail', seq: 0 }));
  assert.ok(!isMonitorAction({ type: 'detail', seq: 1.5 }));
  assert.ok(!isMonitorAction({ type: 'detail', seq: '3' }));
});
