import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { json, runCli } from '../../helpers/cli';
import { closedPort, listeningServer } from '../../helpers/tcp-peers';

interface ResolveJson {
  addresses: Array<{ family: number; address: string; scopeId?: number; ipv4Mapped?: boolean }>;
}

const seed: Array<[string, number, string]> = [
  ['192.0.2.244', 4, '192.0.2.244'],
  ['2001:db8:f00d::1:d', 6, '2001:db8:f00d::1:d'],
  ['::ffff:192.0.2.128', 6, '::ffff:192.0.2.128'],
  ['0xc000027b', 4, '192.0.2.123'],
  ['127.1', 4, '127.0.0.1'],
  ['0177.0.0.1', 4, '127.0.0.1'],
];

test('netprobe resolve answers the seed table', async () => {
  for (const [input, family, address] of seed) {
    const r = await runCli(['resolve', input, '--json']);
    assert.equal(r.code, 0, `${input}: ${r.stderr}`);
    const body = json<ResolveJson>(r);
    assert.deepEqual(
      body.addresses.map(a => [a.family, a.address]),
      [[family, address]],
      input,
    );
  }
});

test('netprobe resolve rejects 10.0.0.256 with exit 2 and a one-line reason', async () => {
  const r = await runCli(['resolve', '10.0.0.256']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /10\.0\.0\.256.*256, more than 255/);
});

test('netprobe resolve fe80::1%lo gives the scope id', async () => {
  const r = await runCli(['resolve', 'fe80::1%lo', '--json']);
  assert.equal(r.code, 0);
  assert.equal(json<ResolveJson>(r).addresses[0]?.scopeId, 1);
});

test('netprobe resolve localhost -4 uses /etc/hosts', async () => {
  const r = await runCli(['resolve', 'localhost', '-4', '--json']);
  assert.equal(r.code, 0);
  assert.deepEqual(
    json<ResolveJson>(r).addresses.map(a => a.address),
    ['127.0.0.1'],
  );
});

test('netprobe port: open exits 0, refused exits 1, bad port exits 2', async () => {
  const peer = await listeningServer();
  try {
    const open = await runCli(['port', '127.0.0.1', String(peer.port), '--json']);
    assert.equal(open.code, 0);
    assert.equal(json(open).open, true);
    assert.equal(json(open).outcome, 'open');
  } finally {
    await peer.close();
  }
  const refused = await runCli(['port', '127.0.0.1', String(await closedPort()), '--json']);
  assert.equal(refused.code, 1);
  assert.equal(json(refused).open, false);
  assert.equal(json(refused).outcome, 'refused');
  const bad = await runCli(['port', '127.0.0.1', '99999']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /out of range/);
});

test('netprobe port HOST:PORT, [v6]:PORT and a URL take the port from the host; both forms at once is bad input', async () => {
  const peer = await listeningServer();
  try {
    for (const target of [`127.0.0.1:${peer.port}`, `http://127.0.0.1:${peer.port}/health`]) {
      const r = await runCli(['port', target, '--json']);
      assert.equal(r.code, 0, target);
      assert.equal(json(r).open, true);
      assert.equal(json(r).port, peer.port);
    }
  } finally {
    await peer.close();
  }
  const refused = await runCli(['port', `[::1]:${await closedPort('::1')}`, '--json']);
  assert.equal(refused.code, 1);
  assert.equal(json(refused).host, '::1');
  const both = await runCli(['port', '127.0.0.1:80', '81']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /already names port 80/);
  const none = await runCli(['port', '127.0.0.1']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /missing PORT \(give HOST PORT or HOST:PORT/);
});

test('netprobe free: in use exits 1, free exits 0', async () => {
  const peer = await listeningServer();
  try {
    const busy = await runCli(['free', String(peer.port), '--host', '127.0.0.1', '--json']);
    assert.equal(busy.code, 1);
    assert.equal(json(busy).free, false);
  } finally {
    await peer.close();
  }
  const port = await closedPort();
  const free = await runCli(['free', String(port), '--host', '127.0.0.1']);
  assert.equal(free.code, 0);
});

test('netprobe reverse, hostname, fqdn, ifaces, diagnose', async () => {
  const rev = await runCli(['reverse', '127.0.0.1', '--json']);
  assert.equal(rev.code, 0);
  assert.equal(json(rev).hostname, 'localhost');
  const host = await runCli(['hostname']);
  assert.equal(host.code, 0);
  assert.ok(host.stdout.trim().length > 0);
  const fq = await runCli(['fqdn', 'localhost', '--json']);
  assert.equal(json(fq).fqdn, 'localhost');
  const ifaces = await runCli(['ifaces', '--json']);
  assert.ok(json<{ interfaces: Array<{ address: string }> }>(ifaces).interfaces.some(i => i.address === '127.0.0.1'));
  const diag = await runCli(['diagnose', '127.0.0.1', String(await closedPort()), '--json']);
  assert.equal(diag.code, 1);
  assert.equal(json(diag).category, 'refused');
});

test('netprobe usage errors exit 2', async () => {
  assert.equal((await runCli(['nosuch'])).code, 2);
  assert.equal((await runCli(['resolve'])).code, 2);
  assert.equal((await runCli(['resolve', 'x', '--bogus'])).code, 2);
  assert.equal((await runCli(['port', '127.0.0.1', '80', '--timeout', 'abc'])).code, 2);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /resolve/);
});
