import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { NetProbeError, addressFromInteger, describeAddress, inetNtop, inetPton, parseByteString, specialRange } from '../../../src/core';

test('all forms of an IPv4 address', () => {
  const a = describeAddress('192.168.1.1');
  assert.equal(a.packedHex, 'c0a80101');
  assert.equal(a.packedBytes, "b'\\xc0\\xa8\\x01\\x01'");
  assert.equal(a.cArray, '{ 0xc0, 0xa8, 0x01, 0x01 }');
  assert.equal(a.integer, '3232235777');
  assert.equal(a.integerHex, '0xc0a80101');
  assert.equal(a.binary, '11000000.10101000.00000001.00000001');
  assert.equal(a.expanded, '192.168.001.001');
  assert.equal(a.reversePointer, '1.1.168.192.in-addr.arpa');
  assert.equal(a.ipv4Mapped, '::ffff:192.168.1.1');
  assert.equal(a.ipv4Compatible, '::c0a8:101');
  assert.equal(a.range, 'private');
  assert.equal(a.differs, false);
});

test('bytes literals follow Python repr (printable bytes as characters)', () => {
  assert.equal(describeAddress('65.66.67.68').packedBytes, "b'ABCD'");
  assert.equal(describeAddress('39.92.9.34').packedBytes, "b'\\'\\\\\\t\"'");
  assert.equal(describeAddress('0127.0.0.1').packedBytes, "b'W\\x00\\x00\\x01'");
});

test('all forms of an IPv6 address', () => {
  const a = describeAddress('2001:db8::1');
  assert.equal(a.expanded, '2001:0db8:0000:0000:0000:0000:0000:0001');
  assert.equal(a.packedHex, '20010db8000000000000000000000001');
  assert.equal(a.integer, '42540766411282592856903984951653826561');
  assert.equal(a.reversePointer, '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
  assert.equal(a.range, 'documentation');
  assert.equal(a.binary.split(':').length, 8);
});

test('embedded IPv4: mapped, NAT64, 6to4, Teredo (RFC 4380 example)', () => {
  assert.deepEqual(describeAddress('::ffff:192.0.2.128').embeddedIpv4, { kind: 'mapped', address: '192.0.2.128' });
  assert.deepEqual(describeAddress('64:ff9b::c000:221').embeddedIpv4, { kind: 'nat64', address: '192.0.2.33' });
  assert.deepEqual(describeAddress('2002:c000:204::1').embeddedIpv4, { kind: '6to4', address: '192.0.2.4' });
  assert.deepEqual(describeAddress('2001:0:4136:e378:8000:63bf:3fff:fdd2').embeddedIpv4, {
    kind: 'teredo',
    address: '192.0.2.45',
    teredoServer: '65.54.227.120',
    teredoPort: 40000,
  });
});

test('inet_ntop from a bytes literal, a C array or hex pairs, both directions', () => {
  assert.equal(describeAddress("b'\\xc0\\xa8\\x01\\x01'").canonical, '192.168.1.1');
  assert.equal(describeAddress("b'\\x7f\\x00\\x00\\x01'").canonical, '127.0.0.1');
  assert.equal(describeAddress('{0xc0, 0xa8, 1, 1}').canonical, '192.168.1.1');
  assert.equal(describeAddress('c0:a8:01:01').canonical, '192.168.1.1');
  assert.equal(describeAddress("b' \\x01\\r\\xb8\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01'").canonical, '2001:db8::1');
  assert.throws(() => describeAddress("b'\\x01\\x02\\x03'"), /3 bytes; inet_ntop takes 4/);
  for (const x of ['192.168.1.1', '2001:db8::1', '::ffff:1.2.3.4', '::', '255.255.255.255']) {
    const a = describeAddress(x);
    assert.equal(describeAddress(a.packedBytes).canonical, a.canonical, x);
    assert.equal(inetNtop(inetPton(a.family, a.canonical)), a.canonical, x);
    assert.equal(addressFromInteger(a.integer, a.family).canonical, a.canonical, x);
    assert.equal(addressFromInteger(a.integerHex, a.family).canonical, a.canonical, x);
  }
  assert.equal(parseByteString('not bytes'), undefined);
});

test('integer to address, and overflow', () => {
  assert.equal(addressFromInteger('2130706433').canonical, '127.0.0.1');
  assert.equal(addressFromInteger('42540766411282592856903984951653826561').canonical, '2001:db8::1');
  assert.equal(addressFromInteger('1', 6).canonical, '::1');
  assert.throws(() => addressFromInteger('4294967296', 4), /does not fit in 32 bits/);
  assert.throws(() => addressFromInteger((1n << 128n).toString()), /does not fit in 128 bits/);
  assert.throws(
    () => addressFromInteger('-1'),
    (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input',
  );
});

test('inet_pton is strict', () => {
  assert.throws(() => inetPton(4, '127.1'), /inet_pton/);
  assert.throws(() => inetPton(6, 'fe80::1%lo'), /zone/);
  assert.deepEqual(Array.from(inetPton(4, '10.1.2.3')), [10, 1, 2, 3]);
});

test('special-purpose registry: the most specific block wins', () => {
  const id = (x: string): string => specialRange(inetPton(x.includes(':') ? 6 : 4, x)).id;
  assert.equal(id('10.1.2.3'), 'private');
  assert.equal(id('172.31.255.255'), 'private');
  assert.equal(id('172.32.0.1'), 'global');
  assert.equal(id('100.64.0.1'), 'cgnat');
  assert.equal(id('169.254.1.1'), 'link-local');
  assert.equal(id('127.9.9.9'), 'loopback');
  assert.equal(id('198.51.100.7'), 'documentation');
  assert.equal(id('192.0.0.9'), 'pcp-anycast');
  assert.equal(id('224.0.0.251'), 'multicast');
  assert.equal(id('255.255.255.255'), 'broadcast');
  assert.equal(id('0.0.0.0'), 'unspecified');
  assert.equal(id('::1'), 'loopback');
  assert.equal(id('::'), 'unspecified');
  assert.equal(id('fd00::1'), 'unique-local');
  assert.equal(id('fe80::1'), 'link-local');
  assert.equal(id('2001::1'), 'teredo');
  assert.equal(id('2001:db8::1'), 'documentation');
  assert.equal(id('3fff::1'), 'documentation');
  assert.equal(id('2002::1'), '6to4');
  assert.equal(id('2606:4700::1'), 'global');
  assert.equal(id('ff02::1'), 'multicast');
  assert.match(specialRange(inetPton(6, 'ff02::1')).name, /link-local scope/);
  assert.equal(specialRange(inetPton(6, 'ff0e::1')).globallyReachable, true);
});

test('a zone that is not an interface here is noted, not rejected', () => {
  const a = describeAddress('fe80::1%nosuchif0');
  assert.equal(a.zone, 'nosuchif0');
  assert.equal(a.scopeId, undefined);
  assert.ok(a.notes.some(n => n.includes('not a network interface')));
  assert.equal(describeAddress('fe80::1%lo').scopeId, 1);
});

test('host:port and [v6]:port as pasted from logs', () => {
  const a = describeAddress('10.0.0.1:8080');
  assert.equal(a.canonical, '10.0.0.1');
  assert.match(a.notes[0] ?? '', /Port 8080/);
  assert.equal(describeAddress('[fe80::1%lo]:22').zone, 'lo');
  assert.throws(() => describeAddress('[::1]:99999'), NetProbeError);
});
