import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { NetProbeError, cidrContains, describeCidr, prefixForSubnetCount, splitCidr } from '../../../src/core';

test('IPv4 /24 with host bits set, like ipcalc', () => {
  const c = describeCidr('192.168.1.77/24');
  assert.equal(c.network, '192.168.1.0');
  assert.equal(c.broadcast, '192.168.1.255');
  assert.equal(c.firstHost, '192.168.1.1');
  assert.equal(c.lastHost, '192.168.1.254');
  assert.equal(c.hostCount, '254');
  assert.equal(c.addressCount, '256');
  assert.equal(c.netmask, '255.255.255.0');
  assert.equal(c.wildcard, '0.0.0.255');
  assert.equal(c.hostBitsSet, true);
  assert.equal(c.reverseZone, '1.168.192.in-addr.arpa');
  assert.equal(c.special.id, 'private');
});

test('netmask notation, /31, /32, /0', () => {
  assert.equal(describeCidr('10.0.0.0/255.255.240.0').prefix, 20);
  assert.equal(describeCidr('10.0.0.0 255.0.0.0').prefix, 8);
  const p2p = describeCidr('10.0.0.0/31');
  assert.equal(p2p.broadcast, undefined);
  assert.equal(p2p.hostCount, '2');
  assert.equal(p2p.firstHost, '10.0.0.0');
  assert.equal(p2p.lastHost, '10.0.0.1');
  const host = describeCidr('10.0.0.7/32');
  assert.equal(host.hostCount, '1');
  assert.equal(host.firstHost, '10.0.0.7');
  assert.equal(describeCidr('10.0.0.7').prefix, 32);
  const all = describeCidr('0.0.0.0/0');
  assert.equal(all.hostCount, '4294967294');
  assert.equal(all.wildcard, '255.255.255.255');
  assert.equal(describeCidr('10.20.0.0/14').reverseZone, undefined);
});

test('IPv6 counts are exact (BigInt)', () => {
  const c = describeCidr('2001:db8:abcd::/48');
  assert.equal(c.addressCount, (1n << 80n).toString());
  assert.equal(c.lastHost, '2001:db8:abcd:ffff:ffff:ffff:ffff:ffff');
  assert.equal(c.netmask, 'ffff:ffff:ffff::');
  assert.equal(c.broadcast, undefined);
  assert.equal(c.reverseZone, 'd.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa');
  assert.equal(describeCidr('::/0').addressCount, (1n << 128n).toString());
  assert.equal(describeCidr('fe80::1/64').cidr, 'fe80::/64');
});

test('containment', () => {
  assert.equal(cidrContains('10.0.0.0/8', '10.255.1.2'), true);
  assert.equal(cidrContains('10.0.0.0/8', '11.0.0.1'), false);
  assert.equal(cidrContains('10.0.0.0/8', '012.0.0.1'), true);
  assert.equal(cidrContains('2001:db8::/32', '2001:db8:ffff::1'), true);
  assert.equal(cidrContains('2001:db8::/32', '10.0.0.1'), false);
});

test('splitting', () => {
  const s = splitCidr('192.168.0.0/22', 24);
  assert.deepEqual(s.subnets, ['192.168.0.0/24', '192.168.1.0/24', '192.168.2.0/24', '192.168.3.0/24']);
  assert.equal(s.truncated, false);
  const big = splitCidr('2001:db8::/32', 64, 4);
  assert.equal(big.total, (1n << 32n).toString());
  assert.equal(big.subnets[1], '2001:db8:0:1::/64');
  assert.equal(big.truncated, true);
  assert.equal(prefixForSubnetCount('10.0.0.0/8', 5), 11);
  assert.throws(() => splitCidr('10.0.0.0/24', 16), /between 24 and 32/);
});

test('bad networks are rejected with the reason', () => {
  const bad = (x: string, re: RegExp): void => {
    assert.throws(
      () => describeCidr(x),
      (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input' && re.test(e.message),
      x,
    );
  };
  bad('10.0.0.0/33', /longer than the 32 bits/);
  bad('2001:db8::/129', /longer than the 128 bits/);
  bad('10.0.0.0/255.0.255.0', /not contiguous/);
  bad('10.0.0.256/24', /more than 255/);
  bad('fe80::1%lo/64', /zone/);
  bad('10.0.0.0/abc', /neither a prefix length nor a dotted netmask/);
  bad('', /No network/);
});
