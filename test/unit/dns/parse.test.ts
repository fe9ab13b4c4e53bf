import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  NetProbeError,
  addressOfPtrName,
  buildQuery,
  decodeMessage,
  decodeName,
  digCommand,
  encodeName,
  encodeQuery,
  extractBatchTargets,
  parseNameserver,
  ptrName,
  systemDnsConfig,
  typeCode,
  typeName,
} from '../../../src/core';

const nameservers: Array<[string, string, number]> = [
  ['127.0.0.1', '127.0.0.1', 53],
  ['127.0.0.1:5353', '127.0.0.1', 5353],
  ['[::1]:5353', '::1', 5353],
  ['[::1]', '::1', 53],
  ['::1', '::1', 53],
  ['2001:DB8::1', '2001:db8::1', 53],
  ['fe80::1%lo', 'fe80::1%lo', 53],
  ['[fe80::1%lo]:54', 'fe80::1%lo', 54],
  ['ns1.example.test', 'ns1.example.test', 53],
  ['ns1.example.test:5300', 'ns1.example.test', 5300],
  ['@127.0.0.1', '127.0.0.1', 53],
  ['127.0.0.1#8053', '127.0.0.1', 8053],
];

for (const [spec, host, port] of nameservers) {
  test(`nameserver "${spec}"`, () => {
    const ns = parseNameserver(spec);
    assert.equal(ns.host, host);
    assert.equal(ns.port, port);
  });
}

for (const bad of ['', '127.0.0.1:0', '127.0.0.1:99999', '[ns1.example]:53', 'bad name!', '10.0.0.256', 'fe80::1%nosuchif0']) {
  test(`nameserver "${bad}" is rejected`, () => {
    assert.throws(
      () => parseNameserver(bad),
      (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input',
    );
  });
}

test('resolv.conf: nameservers in order, search and options, comments skipped', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-resolv-'));
  const file = path.join(dir, 'resolv.conf');
  fs.writeFileSync(
    file,
    '# comment\n; other comment\nnameserver 192.0.2.53\nnameserver 2001:db8::53\nnameserver not!valid\nsearch a.test b.test\noptions ndots:2 edns0\n',
  );
  try {
    const c = systemDnsConfig(file);
    assert.deepEqual(
      c.nameservers.map(n => `${n.host} ${n.port} ${n.source}`),
      ['192.0.2.53 53 system', '2001:db8::53 53 system'],
    );
    assert.deepEqual(c.search, ['a.test', 'b.test']);
    assert.deepEqual(c.options, ['ndots:2', 'edns0']);
    assert.deepEqual(systemDnsConfig(path.join(dir, 'missing')).nameservers, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('reverse names for IPv4 and IPv6, and back', () => {
  assert.equal(ptrName('192.0.2.10'), '10.2.0.192.in-addr.arpa.');
  assert.equal(ptrName('2001:db8::567:89ab'), 'b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.');
  assert.equal(ptrName('::1'), `1.${'0.'.repeat(31)}ip6.arpa.`);
  assert.equal(ptrName('::ffff:192.0.2.1'), `1.0.2.0.0.0.0.c.f.f.f.f.${'0.'.repeat(20)}ip6.arpa.`);
  assert.equal(addressOfPtrName('10.2.0.192.in-addr.arpa.'), '192.0.2.10');
  assert.equal(addressOfPtrName(ptrName('2001:db8::567:89ab')), '2001:db8::567:89ab');
  assert.throws(() => ptrName('example.test'), /not an IP address/);
});

test('names: escapes, IDN, limits, and a round trip through the wire', () => {
  assert.deepEqual([...encodeName('a\\.b.example')], [3, 97, 46, 98, 7, ...Buffer.from('example'), 0]);
  assert.equal(decodeName(encodeName('a\\.b.example'), 0).name, 'a\\.b.example.');
  assert.equal(decodeName(encodeName('x\\000y.test'), 0).name, 'x\\000y.test.');
  assert.equal(decodeName(encodeName('bücher.example'), 0).name, 'xn--bcher-kva.example.');
  assert.equal(decodeName(encodeName('.'), 0).name, '.');
  assert.throws(() => encodeName(`${'a'.repeat(64)}.test`), /longer than 63/);
  assert.throws(() => encodeName('a..b'), /empty label/);
  assert.throws(() => encodeName(Array.from({ length: 60 }, () => 'abcd').join('.')), /longer than 255/);
});

test('record types: names, numbers and TYPEnnn', () => {
  assert.equal(typeCode('https'), 65);
  assert.equal(typeCode('TYPE65280'), 65280);
  assert.equal(typeName(65280), 'TYPE65280');
  assert.equal(typeName(257), 'CAA');
  assert.throws(() => typeCode('BOGUS'), /not a DNS record type/);
});

test('the query message: flags, EDNS options, and a decode round trip', () => {
  const { message } = buildQuery('example.test', {
    type: 'MX',
    dnssec: true,
    checkingDisabled: true,
    nsid: true,
    cookie: '0102030405060708',
    clientSubnet: '192.0.2.77/24',
  });
  const decoded = decodeMessage(encodeQuery(message));
  assert.equal(decoded.qr, false);
  assert.deepEqual(decoded.flags, ['rd', 'cd']);
  assert.equal(decoded.question?.type, 'MX');
  assert.equal(decoded.edns?.do, true);
  assert.equal(decoded.edns?.udpSize, 1232);
  assert.deepEqual(
    decoded.edns?.options.map(o => `${o.name}=${o.value}`),
    ['NSID=', 'CLIENT-SUBNET=192.0.2.0/24/0', 'COOKIE=0102030405060708'],
  );
  const v6 = decodeMessage(encodeQuery(buildQuery('example.test', { clientSubnet: '2001:db8:abcd:12ff::1/56' }).message));
  assert.deepEqual(
    v6.edns?.options.map(o => o.value),
    ['2001:db8:abcd:1200::/56/0'],
  );
  const plain = decodeMessage(encodeQuery(buildQuery('example.test', { edns: false, recurse: false }).message));
  assert.equal(plain.edns, undefined);
  assert.deepEqual(plain.flags, []);
  assert.throws(() => buildQuery('x.test', { bufferSize: 100 }), /512–65535/);
  assert.throws(() => buildQuery('x.test', { cookie: 'zz' }), /cookie/);
  assert.throws(() => buildQuery('x.test', { clientSubnet: '192.0.2.0/33' }), /prefix length/);
});

test('query ids are random', () => {
  const ids = new Set(Array.from({ length: 50 }, () => buildQuery('a.test', {}).message.id));
  assert.ok(ids.size > 40);
});

test('dig command line for Copy as dig', () => {
  assert.equal(
    digCommand('example.test', { type: 'MX', dnssec: true, tcp: true }, { address: '127.0.0.1', port: 5353 }),
    'dig @127.0.0.1 -p 5353 example.test MX +tcp +dnssec',
  );
  assert.equal(digCommand("it's.test", { type: 'TXT', recurse: false }), "dig 'it'\\''s.test' TXT +norecurse");
});

test('batch targets from free text: whole lines, and addresses inside log lines', () => {
  const text = [
    'example.test',
    '192.0.2.1',
    'Nov 27 sshd[1]: Failed password from 198.51.100.7 port 22 and 2001:db8::bad',
    '- www.example.test',
    '# a comment 203.0.113.1',
    '192.0.2.1',
    'version 1.2.3 is not an address',
  ].join('\n');
  assert.deepEqual(extractBatchTargets(text), ['example.test', '192.0.2.1', '198.51.100.7', '2001:db8::bad', 'www.example.test']);
});
