import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as net from 'net';
import { resolve, NetProbeError, reverse, fqdn, hostname } from '../../src/core';

const table: Array<[string, 4 | 6 | 'invalid', string?]> = [
  ['192.0.2.244', 4, '192.0.2.244'],
  ['2001:db8:f00d::1:d', 6, '2001:db8:f00d::1:d'],
  ['10.0.0.256', 'invalid'],
  ['::ffff:192.0.2.128', 6, '::ffff:192.0.2.128'],
  ['0xc000027b', 4, '192.0.2.123'],
  ['127.1', 4, '127.0.0.1'],
  ['0177.0.0.1', 4, '127.0.0.1'],
  ['1.2.3.4.5', 'invalid'],
  ['2001:DB8:0:0:0:0:0:1', 6, '2001:db8::1'],
  ['[::1]', 6, '::1'],
];

for (const [input, family, address] of table) {
  test(`resolve literal ${input}`, async () => {
    if (family === 'invalid') {
      await assert.rejects(resolve(input), (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input' && e.message.includes(input));
      return;
    }
    const r = await resolve(input);
    assert.equal(r.source, 'literal');
    assert.equal(r.addresses.length, 1);
    assert.equal(r.addresses[0]?.family, family);
    assert.equal(r.addresses[0]?.address, address);
  });
}

test('IPv4-mapped is flagged', async () => {
  const r = await resolve('::ffff:192.0.2.128');
  assert.equal(r.addresses[0]?.ipv4Mapped, true);
});

test('legacy IPv4 forms are flagged, strict ones not', async () => {
  assert.equal((await resolve('127.1')).legacyForm, true);
  assert.equal((await resolve('127.0.0.1')).legacyForm, undefined);
});

test('scoped IPv6 gives the interface index from /sys/class/net', async () => {
  const r = await resolve('fe80::1%lo');
  assert.equal(r.addresses[0]?.zone, 'lo');
  assert.equal(r.addresses[0]?.scopeId, 1);
  assert.equal(r.addresses[0]?.address, 'fe80::1');
});

test('scoped IPv6 with an unknown zone is a clear error', async () => {
  await assert.rejects(resolve('fe80::1%nosuchif0'), /no network interface named "nosuchif0"/);
});

test('family mismatch on a literal is rejected', async () => {
  await assert.rejects(resolve('127.0.0.1', { family: 6 }), /IPv4 address, but IPv6 was requested/);
});

test('localhost resolves through /etc/hosts, matching dns.lookup', async () => {
  const r = await resolve('localhost', { family: 4 });
  assert.equal(r.source, 'system');
  assert.deepEqual(
    r.addresses.map(a => a.address),
    ['127.0.0.1'],
  );
  assert.ok(r.elapsedMs >= 0);
});

test('literals agree with net.isIP', () => {
  for (const [input, family] of table) {
    if (family === 'invalid' || input.startsWith('[')) continue;
    const kind = net.isIP(input);
    if (kind !== 0) assert.equal(kind, family, input);
  }
});

test('a cancelled resolve rejects with aborted', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(resolve('localhost', { signal: ac.signal }), (e: unknown) => e instanceof NetProbeError && e.code === 'aborted');
});

test('reverse of 127.0.0.1 is localhost via /etc/hosts with aliases like gethostbyaddr', async () => {
  const r = await reverse('127.0.0.1');
  assert.equal(r.hostname, 'localhost');
  assert.deepEqual(r.addresses, ['127.0.0.1']);
  assert.ok(Array.isArray(r.aliases));
});

test('reverse rejects a non-address', async () => {
  await assert.rejects(reverse('not-an-ip'), (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input');
});

test('hostname and fqdn', async () => {
  assert.ok(hostname().length > 0);
  assert.equal(await fqdn('localhost'), 'localhost');
  assert.equal(typeof (await fqdn()), 'string');
});
