import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { NetProbeError, OuiDatabase, describeMac } from '../../../src/core';

test('all four MAC notations read the same', () => {
  for (const x of ['00:11:32:3c:c3:0b', '00-11-32-3C-C3-0B', '0011.323c.c30b', '0011323cc30b', '0:11:32:3c:c3:b']) {
    const m = describeMac(x);
    assert.equal(m.canonical, '00:11:32:3c:c3:0b', x);
    assert.equal(m.hyphen, '00-11-32-3C-C3-0B');
    assert.equal(m.dotted, '0011.323c.c30b');
    assert.equal(m.bare, '0011323cc30b');
  }
});

test('bits, EUI-64 and the SLAAC link-local address', () => {
  const m = describeMac('00:11:32:3c:c3:0b');
  assert.equal(m.kind, 'unicast');
  assert.equal(m.locallyAdministered, false);
  assert.equal(m.eui64, '00:11:32:ff:fe:3c:c3:0b');
  assert.equal(m.interfaceId, '211:32ff:fe3c:c30b');
  assert.equal(m.linkLocal, 'fe80::211:32ff:fe3c:c30b');
  assert.equal(m.packedBytes, "b'\\x00\\x112<\\xc3\\x0b'");
  const local = describeMac('02:42:ac:11:00:02');
  assert.equal(local.locallyAdministered, true);
  assert.equal(local.linkLocal, 'fe80::42:acff:fe11:2');
  assert.equal(describeMac('ff:ff:ff:ff:ff:ff').kind, 'broadcast');
  const mc = describeMac('01:00:5e:00:00:fb');
  assert.equal(mc.kind, 'multicast');
  assert.match(mc.multicastOf ?? '', /224-239\.0\.0\.251/);
  assert.match(describeMac('33:33:00:00:00:01').multicastOf ?? '', /IPv6 multicast/);
});

test('bad MACs are rejected with the reason', () => {
  for (const [x, re] of [
    ['00:11:22:33:44', /5 groups/],
    ['00:11:22:33:44:gg', /characters other than hex/],
    ['0011.2233.445', /3 groups/],
    ['', /groups/],
  ] as const) {
    assert.throws(
      () => describeMac(x),
      (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input' && re.test(e.message),
      x,
    );
  }
});

test('vendor from the IEEE registry (offline), longest prefix first', async () => {
  const db = new OuiDatabase();
  assert.equal(db.loaded, false);
  const v = await db.lookup('0011323cc30b');
  assert.equal(v?.name, 'Synology Incorporated');
  assert.equal(v?.registry, 'MA-L');
  assert.equal(db.loaded, true);
  assert.equal((await db.lookup('00000C123456'))?.name, 'Cisco Systems, Inc');
  const mas = await db.lookup('70B3D5000001');
  assert.ok(mas && (mas.registry === 'MA-S' || mas.registry === 'MA-L'));
  assert.equal(await db.lookup('02ffffffffff'), undefined);
});

test('a missing registry file is a typed error', async () => {
  const db = new OuiDatabase('/nonexistent/oui.json');
  await assert.rejects(db.lookup('001132000000'), (e: unknown) => e instanceof NetProbeError && /OUI registry/.test(e.message));
});
