import { test } from 'node:test';
import * as assert from 'assert';
import * as dgram from 'dgram';
import { once } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listListeners } from '../../../src/core/listeners/listeners';
import { decodeEndpoint, parseProcNet } from '../../../src/core/listeners/proc-net';
import { listeningServer } from '../../helpers/tcp-peers';

test('decodes /proc/net endpoints (IPv4 little-endian words, IPv6 compressed, v4-mapped)', () => {
  assert.deepStrictEqual(decodeEndpoint('0100007F:1F90'), { address: '127.0.0.1', port: 8080 });
  assert.deepStrictEqual(decodeEndpoint('00000000:07E8'), { address: '0.0.0.0', port: 2024 });
  assert.deepStrictEqual(decodeEndpoint('00000000000000000000000001000000:0016'), { address: '::1', port: 22 });
  assert.deepStrictEqual(decodeEndpoint('00000000000000000000000000000000:0050'), { address: '::', port: 80 });
  assert.deepStrictEqual(decodeEndpoint('0000000000000000FFFF00000100007F:01BB'), { address: '::ffff:127.0.0.1', port: 443 });
  assert.deepStrictEqual(decodeEndpoint('B80D0120000000000000000001000000:0035'), { address: '2001:db8::1', port: 53 });
});

test('parses /proc/net/tcp rows', () => {
  const text = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0',
    '   1: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0000000000000000 20 4 30 10 -1',
  ].join('\n');
  assert.deepStrictEqual(parseProcNet(text), [
    { address: '127.0.0.1', port: 8080, state: 0x0a, uid: 1000, inode: 4242 },
    { address: '127.0.0.1', port: 40000, state: 0x01, uid: 1000, inode: 4343 },
  ]);
});

test('lists this process as the owner of its TCP (v4, v6) and UDP listeners', { skip: process.platform !== 'linux' && 'Linux only' }, async () => {
  const v4 = await listeningServer('127.0.0.1');
  const v6 = await listeningServer('::1');
  const udp = dgram.createSocket('udp4');
  udp.bind(0, '127.0.0.1');
  await once(udp, 'listening');
  try {
    const r = await listListeners();
    assert.strictEqual(r.supported, true);
    const find = (proto: string, port: number): typeof r.listeners[number] | undefined => r.listeners.find(l => l.protocol === proto && l.port === port);
    const a = find('tcp', v4.port);
    assert.strictEqual(a?.address, '127.0.0.1');
    assert.strictEqual(a?.family, 4);
    assert.ok(a?.processes.some(p => p.pid === process.pid && p.name.length > 0 && (p.command ?? '').includes('node')));
    const b = find('tcp', v6.port);
    assert.strictEqual(b?.address, '::1');
    assert.strictEqual(b?.family, 6);
    const u = find('udp', udp.address().port);
    assert.ok(u?.processes.some(p => p.pid === process.pid));
  } finally {
    await v4.close();
    await v6.close();
    udp.close();
  }
});

test('a missing /proc/net is reported as not supported, not as "no listeners"', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'np-proc-'));
  try {
    const r = await listListeners({ procRoot: empty });
    assert.strictEqual(r.supported, false);
    assert.match(r.message ?? '', /not readable/);
    assert.deepStrictEqual(r.listeners, []);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
