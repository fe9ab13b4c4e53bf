import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as net from 'net';
import { once } from 'events';
import { checkPort, isPortFree, diagnose, interfaces, parsePort, NetProbeError } from '../../src/core';
import { blackholePort, closedPort, listeningServer } from '../helpers/tcp-peers';

test('checkPort: open on 127.0.0.1 with local address', async () => {
  const peer = await listeningServer('127.0.0.1');
  try {
    const r = await checkPort('127.0.0.1', peer.port, { timeout: 2000 });
    assert.equal(r.open, true);
    assert.equal(r.outcome, 'open');
    assert.equal(r.attempts[0]?.localAddress, '127.0.0.1');
    assert.ok((r.attempts[0]?.elapsedMs ?? -1) >= 0);
  } finally {
    await peer.close();
  }
});

test('checkPort: open on ::1', async () => {
  const peer = await listeningServer('::1');
  try {
    const r = await checkPort('::1', peer.port, { timeout: 2000 });
    assert.equal(r.outcome, 'open');
    assert.equal(r.attempts[0]?.family, 6);
  } finally {
    await peer.close();
  }
});

test('checkPort: refused on a closed port', async () => {
  const port = await closedPort();
  const r = await checkPort('127.0.0.1', port, { timeout: 2000 });
  assert.equal(r.open, false);
  assert.equal(r.outcome, 'refused');
  assert.equal(r.attempts[0]?.errno, 'ECONNREFUSED');
  assert.match(r.message, /nothing is listening/);
});

test('checkPort: timeout on a port that never answers', async () => {
  const hole = await blackholePort();
  try {
    const r = await checkPort('127.0.0.1', hole.port, { timeout: 600 });
    assert.equal(r.outcome, 'timeout');
    assert.ok(r.elapsedMs >= 550, `elapsed ${r.elapsedMs}`);
  } finally {
    await hole.close();
  }
});

// A DNS error (a name the nameserver does not know) is tested in a namespace with its own nameserver:
// test/peers/doctor/doctor-netns.test.ts, so no test asks the machine's nameserver.

test('checkPort: bad port is invalid input', async () => {
  await assert.rejects(checkPort('127.0.0.1', 70000), (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input');
  assert.throws(() => parsePort('8o'), /not a number/);
});

test('checkPort: cancel rejects with aborted', async () => {
  const hole = await blackholePort();
  try {
    const ac = new AbortController();
    const p = checkPort('127.0.0.1', hole.port, { timeout: 5000, signal: ac.signal });
    setImmediate(() => ac.abort());
    await assert.rejects(p, (e: unknown) => e instanceof NetProbeError && e.code === 'aborted');
  } finally {
    await hole.close();
  }
});

test('isPortFree: a bound port is in use, a released one is free', async () => {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  try {
    const busy = await isPortFree(port, { host: '127.0.0.1' });
    assert.equal(busy.free, false);
    assert.equal(busy.checks[0]?.reason, 'in-use');
    const all = await isPortFree(port);
    assert.equal(all.free, false);
    assert.deepEqual(
      all.checks.map(c => c.host),
      ['0.0.0.0', '::', '127.0.0.1', '::1'],
    );
  } finally {
    server.close();
  }
  await once(server, 'close');
  const free = await isPortFree(port, { host: '127.0.0.1' });
  assert.equal(free.free, true);
});

test("isPortFree names the process that holds the port (this test's own)", async () => {
  const peer = await listeningServer();
  try {
    const r = await isPortFree(peer.port, { host: '127.0.0.1' });
    assert.equal(r.free, false);
    assert.deepEqual(
      r.checks[0]?.holders?.map(h => h.pid),
      [process.pid],
    );
    assert.match(r.checks[0]?.message ?? '', new RegExp(`in use: \\S+ \\(pid ${process.pid}`));
    assert.ok(r.heldBy?.some(h => h.endsWith(`(pid ${process.pid})`)));
  } finally {
    await peer.close();
  }
});

test('diagnose: a refused loopback port gets advice for this machine, naming where the port does listen', async () => {
  const port = await closedPort();
  const nothing = await diagnose('127.0.0.1', port);
  assert.equal(nothing.category, 'refused');
  assert.match(nothing.advice, new RegExp(`^Nothing on this machine listens on port ${port}`));
  assert.doesNotMatch(nothing.advice, /not only on 127\.0\.0\.1/);
  // The service is up on ::1 only: the advice says so.
  const v6 = await listeningServer('::1');
  try {
    const r = await diagnose('127.0.0.1', v6.port);
    assert.equal(r.category, 'refused');
    assert.match(r.advice, new RegExp(`open on this machine, but not on 127\\.0\\.0\\.1: it listens on \\[::1\\]:${v6.port} \\(\\S+, pid ${process.pid}\\)`));
  } finally {
    await v6.close();
  }
});

test('isPortFree: privileged port without privilege, or free as root', async () => {
  const r = await isPortFree(1, { host: '127.0.0.1' });
  if (process.getuid?.() === 0) assert.equal(r.free, true);
  else assert.equal(r.checks[0]?.reason, 'permission');
});

test('interfaces: loopback with prefix, CIDR and broadcast', () => {
  const lo = interfaces().find(i => i.address === '127.0.0.1');
  assert.ok(lo);
  assert.equal(lo.prefix, 8);
  assert.equal(lo.cidr, '127.0.0.1/8');
  assert.equal(lo.broadcast, '127.255.255.255');
  assert.equal(lo.internal, true);
});

test('diagnose: ok, refused, timeout, dns-error', async () => {
  const peer = await listeningServer();
  const hole = await blackholePort();
  const closed = await closedPort();
  try {
    assert.equal((await diagnose('127.0.0.1', peer.port)).category, 'ok');
    const refused = await diagnose('127.0.0.1', closed);
    assert.equal(refused.category, 'refused');
    assert.match(refused.summary, /no service is listening/);
    const timeout = await diagnose('127.0.0.1', hole.port, { timeout: 500 });
    assert.equal(timeout.category, 'timeout');
    assert.match(timeout.advice, /firewall/);
  } finally {
    await peer.close();
    await hole.close();
  }
});
