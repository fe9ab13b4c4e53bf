import { test } from 'node:test';
import * as assert from 'assert';
import * as dgram from 'dgram';
import { once } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Listener } from '../../../src/core/listeners/listeners';
import { listListeners } from '../../../src/core/listeners/listeners';
import * as dns from 'dns';
import { decodeEndpoint, parseProcNet } from '../../../src/core/platform/proc-net';
import { parseLsof, parseNetstat } from '../../../src/core/platform/listening';
import { resolverConfig } from '../../../src/core/platform/resolver';
import { interfaceIndex, interfaceNameOfIndex, interfaceNames } from '../../../src/core/platform/interfaces';
import { systemDnsConfig } from '../../../src/core/dns/nameserver';
import { skipOutsideCi } from '../../helpers/peers';
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

/** Opens TCP listeners on 127.0.0.1 and ::1 and a bound UDP socket, runs `check` with what the given source lists, closes all. */
async function withOwnSockets(
  opts: Parameters<typeof listListeners>[0],
  check: (find: (proto: string, port: number) => Listener | undefined, ports: { v4: number; v6: number; udp: number }) => void,
): Promise<void> {
  const v4 = await listeningServer('127.0.0.1');
  const v6 = await listeningServer('::1');
  const udp = dgram.createSocket('udp4');
  udp.bind(0, '127.0.0.1');
  await once(udp, 'listening');
  try {
    const r = await listListeners(opts);
    assert.strictEqual(r.supported, true, r.message);
    check((proto, port) => r.listeners.find(l => l.protocol === proto && l.port === port), { v4: v4.port, v6: v6.port, udp: udp.address().port });
  } finally {
    await v4.close();
    await v6.close();
    udp.close();
  }
}

test('lists this process as the owner of its TCP (v4, v6) and UDP listeners', { skip: process.platform !== 'linux' && 'Linux only' }, async () => {
  await withOwnSockets({}, (find, ports) => {
    const a = find('tcp', ports.v4);
    assert.strictEqual(a?.address, '127.0.0.1');
    assert.strictEqual(a?.family, 4);
    assert.ok(a?.processes.some(p => p.pid === process.pid && p.name.length > 0 && (p.command ?? '').includes('node')));
    const b = find('tcp', ports.v6);
    assert.strictEqual(b?.address, '::1');
    assert.strictEqual(b?.family, 6);
    assert.ok(find('udp', ports.udp)?.processes.some(p => p.pid === process.pid));
  });
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

for (const source of ['lsof', 'netstat'] as const) {
  test(`the portable way (${source}), forced on Linux, finds this process's TCP (v4, v6) and UDP listeners`, async () => {
    await withOwnSockets({ source, portable: true }, (find, ports) => {
      assert.deepStrictEqual([find('tcp', ports.v4)?.address, find('tcp', ports.v4)?.family], ['127.0.0.1', 4]);
      assert.deepStrictEqual([find('tcp', ports.v6)?.address, find('tcp', ports.v6)?.family], ['::1', 6]);
      assert.strictEqual(find('udp', ports.udp)?.address, '127.0.0.1');
      if (source === 'lsof') assert.ok(find('tcp', ports.v4)?.processes.some(p => p.pid === process.pid));
    });
  });
}

test('netstat -an of macOS and Windows, and lsof -F output, parse to the same listeners', () => {
  const mac = [
    'Active Internet connections (including servers)',
    'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)',
    'tcp4       0      0  127.0.0.1.8080         *.*                    LISTEN',
    'tcp6       0      0  *.22                   *.*                    LISTEN',
    'tcp46      0      0  *.443                  *.*                    LISTEN',
    'tcp4       0      0  192.168.1.5.52000      93.184.216.34.443      ESTABLISHED',
    'udp4       0      0  *.5353                 *.*',
    'udp6       0      0  fe80::1%lo0.123        *.*',
    'udp4       0      0  192.168.1.5.60000      192.168.1.1.53',
  ].join('\n');
  assert.deepStrictEqual(
    parseNetstat(mac).map(s => [s.protocol, s.family, s.address, s.port]),
    [
      ['tcp', 4, '127.0.0.1', 8080],
      ['tcp', 6, '::', 22],
      ['tcp', 6, '::', 443],
      ['udp', 4, '0.0.0.0', 5353],
      ['udp', 6, 'fe80::1', 123],
    ],
  );
  const windows = [
    'Active Connections',
    '  Proto  Local Address          Foreign Address        State',
    '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING',
    '  TCP    [::]:445               [::]:0                 LISTENING',
    '  TCP    10.0.0.2:50000         10.0.0.1:443           ESTABLISHED',
    '  UDP    0.0.0.0:5353           *:*',
    '  UDP    [::1]:1900             *:*',
  ].join('\r\n');
  assert.deepStrictEqual(
    parseNetstat(windows).map(s => [s.protocol, s.family, s.address, s.port]),
    [
      ['tcp', 4, '0.0.0.0', 135],
      ['tcp', 6, '::', 445],
      ['udp', 4, '0.0.0.0', 5353],
      ['udp', 6, '::1', 1900],
    ],
  );
  const lsof = [
    'p42',
    'cnginx',
    'u0',
    'f6',
    'tIPv4',
    'PTCP',
    'n*:80',
    'f7',
    'tIPv6',
    'PTCP',
    'n[::1]:8080',
    'p43',
    'cnginx',
    'u33',
    'f6',
    'tIPv4',
    'PTCP',
    'n*:80',
    'f9',
    'tIPv4',
    'PUDP',
    'n127.0.0.1:5000->127.0.0.1:53',
  ].join('\n');
  assert.deepStrictEqual(
    parseLsof(lsof).map(s => [s.protocol, s.family, s.address, s.port, s.uid, s.processes.map(p => `${p.pid}:${p.name}`).join(',')]),
    [
      ['tcp', 4, '0.0.0.0', 80, 0, '42:nginx,43:nginx'],
      ['tcp', 6, '::1', 8080, 0, '42:nginx'],
    ],
  );
});

test('system nameservers: resolv.conf on Linux, dns.getServers() as the portable way (forced here)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-resolv-'));
  try {
    const file = path.join(dir, 'resolv.conf');
    fs.writeFileSync(file, '# comment\nnameserver 127.0.0.1\nnameserver [::1]:5353\nsearch a.test b.test\noptions ndots:2 edns0\n');
    const c = systemDnsConfig(file);
    assert.deepStrictEqual(
      [c.file, c.nameservers.map(n => `${n.host}:${n.port}`), c.search, c.options],
      [file, ['127.0.0.1:53', '::1:5353'], ['a.test', 'b.test'], ['ndots:2', 'edns0']],
    );
    const portable = systemDnsConfig(undefined, { portable: true });
    assert.strictEqual(portable.file, 'dns.getServers()');
    assert.deepStrictEqual(
      portable.nameservers.map(n => n.spec),
      dns.getServers(),
    );
    assert.deepStrictEqual(resolverConfig({ portable: true }).options, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('interface indexes: /sys/class/net on Linux and os.networkInterfaces() scope ids (forced) agree', t => {
  const linux = interfaceIndex('lo');
  assert.ok(linux !== undefined && linux > 0);
  // Node gives an interface's index as the scope id of its link-local IPv6 addresses: compare where there is one.
  const withLinkLocal = Object.entries(os.networkInterfaces())
    .filter(([, l]) => l?.some(a => a.family === 'IPv6' && a.address.startsWith('fe80')))
    .map(([n]) => n);
  for (const name of withLinkLocal) assert.strictEqual(interfaceIndex(name, { portable: true }), interfaceIndex(name), name);
  if (withLinkLocal.length === 0)
    t.skip(skipOutsideCi('no interface with a link-local IPv6 address', 'the portable interface index check') || 'no link-local address');
  assert.strictEqual(interfaceIndex('7'), 7);
  assert.strictEqual(interfaceIndex('no-such-if0', { portable: true }), undefined);
  assert.ok(interfaceNames({ portable: true }).includes('lo'));
  assert.strictEqual(interfaceNameOfIndex(linux ?? -1), 'lo');
});
