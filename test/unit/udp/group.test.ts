import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { NetProbeError, isMulticastAddress, parseMulticastGroup, resolveBindAddress, resolveMulticastInterface } from '../../../src/core';

test('parseMulticastGroup: IPv4 scopes and blocks', () => {
  const cases: Array<[string, string, string, boolean]> = [
    ['224.0.0.251', 'link-local', '224.0.0.0/24', false],
    ['224.0.1.129', 'global', '224.0.1.0/24', false],
    ['232.1.2.3', 'global', '232.0.0.0/8', true],
    ['233.252.0.1', 'global', '233.252.0.0/14', false],
    ['239.255.255.250', 'site-local', '239.255.0.0/16', false],
    ['239.192.0.9', 'organization-local', '239.192.0.0/14', false],
    ['239.1.2.3', 'admin-local', '239.0.0.0/8', false],
    ['226.1.1.1', 'global', '224.0.0.0/4', false],
  ];
  for (const [g, scope, range, ssm] of cases) {
    const r = parseMulticastGroup(g);
    assert.equal(r.family, 4, g);
    assert.equal(r.scope, scope, g);
    assert.equal(r.range, range, g);
    assert.equal(r.ssm, ssm, g);
  }
  assert.equal(parseMulticastGroup('224.0.0.251').wellKnown, 'mDNS');
  assert.equal(parseMulticastGroup('239.255.255.250').wellKnown, 'SSDP (UPnP)');
  assert.match(parseMulticastGroup('232.1.2.3').description, /Source-Specific/);
});

test('parseMulticastGroup: IPv6 scopes, flags and SSM', () => {
  const cases: Array<[string, string, boolean]> = [
    ['ff01::1', 'interface-local', false],
    ['ff02::fb', 'link-local', false],
    ['ff12::1234', 'link-local', false],
    ['ff03::1', 'realm-local', false],
    ['ff14::1', 'admin-local', false],
    ['FF05::1:3', 'site-local', false],
    ['ff18::1', 'organization-local', false],
    ['ff0e::101', 'global', false],
    ['ff3e::8000:1', 'global', true],
    ['ff35::4321', 'site-local', true],
    ['ff3e:30:2001:db8::1', 'global', false],
  ];
  for (const [g, scope, ssm] of cases) {
    const r = parseMulticastGroup(g);
    assert.equal(r.family, 6, g);
    assert.equal(r.scope, scope, g);
    assert.equal(r.ssm, ssm, g);
  }
  assert.equal(parseMulticastGroup('FF05::1:3').group, 'ff05::1:3');
  assert.equal(parseMulticastGroup('ff02::fb').wellKnown, 'mDNS');
  assert.match(parseMulticastGroup('ff12::1234').description, /transient/);
  assert.match(parseMulticastGroup('ff02::1').description, /permanent/);
  assert.equal(parseMulticastGroup('ff3e::8000:1').range, 'ff3e::/96');
  const zoned = parseMulticastGroup('ff02::1%lo');
  assert.equal(zoned.zone, 'lo');
  assert.equal(typeof zoned.scopeId, 'number');
});

test('parseMulticastGroup: bad groups are explained', () => {
  const bad: Array<[string, RegExp]> = [
    ['', /No multicast group/],
    ['10.0.0.1', /not a multicast address.*224\.0\.0\.0\/4/],
    ['240.0.0.1', /not a multicast address/],
    ['2001:db8::1', /not a multicast address.*ff00::\/8/],
    ['example.com', /not an IP address/],
    ['239.1.2.300', /./],
    ['ff00::1', /reserved multicast scope/],
    ['ff0f::1', /reserved/],
    ['0xef010203', /dotted-quad.*239\.1\.2\.3/],
  ];
  for (const [g, re] of bad) {
    assert.throws(
      () => parseMulticastGroup(g),
      (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input' && re.test(e.message),
      g,
    );
  }
  assert.equal(isMulticastAddress('239.0.0.1'), true);
  assert.equal(isMulticastAddress('ff02::1'), true);
  assert.equal(isMulticastAddress('127.0.0.1'), false);
  assert.equal(isMulticastAddress('nonsense'), false);
});

test('resolveMulticastInterface: by name, address and index; unknown ones are explained', () => {
  const v4 = resolveMulticastInterface('lo', 4);
  assert.equal(v4.socketAddress, '127.0.0.1');
  assert.equal(v4.name, 'lo');
  const byAddr = resolveMulticastInterface('127.0.0.1', 4);
  assert.equal(byAddr.name, 'lo');
  const v6 = resolveMulticastInterface('lo', 6);
  assert.equal(v6.socketAddress, '::%lo');
  assert.equal(v6.index, 1);
  assert.equal(resolveMulticastInterface('1', 6).name, 'lo');
  assert.throws(() => resolveMulticastInterface('nosuch0', 4), /no network interface named "nosuch0".*Interfaces here: .*lo/);
  assert.throws(() => resolveMulticastInterface('10.123.45.67', 4), /No interface on this machine has the address 10\.123\.45\.67/);
  assert.throws(() => resolveMulticastInterface('::1', 4), /IPv6, but the group is IPv4/);
  assert.throws(() => resolveMulticastInterface('99999', 6), /no network interface with index 99999/);
});

test('resolveBindAddress: literal or interface name', () => {
  assert.deepEqual(resolveBindAddress('127.0.0.1'), { address: '127.0.0.1', family: 4 });
  assert.deepEqual(resolveBindAddress('::1'), { address: '::1', family: 6 });
  assert.deepEqual(resolveBindAddress('lo'), { address: '127.0.0.1', family: 4 });
  assert.deepEqual(resolveBindAddress('lo', 6), { address: '::1', family: 6 });
  assert.throws(() => resolveBindAddress('nosuch0'), /neither an IP address nor a network interface/);
  assert.throws(() => resolveBindAddress('::1', 4), /IPv6 address, but IPv4 was requested/);
});
