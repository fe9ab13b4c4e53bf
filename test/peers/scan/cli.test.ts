import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ListenersResult } from '../../../src/core/listeners/listeners';
import type { ScanResult } from '../../../src/core/scan/types';
import { CLI, json, runCli } from '../../helpers/cli';
import { listenIn, netnsSkipReason, withNetns } from '../../helpers/netns';
import { closedPort, listeningServer } from '../../helpers/tcp-peers';

test('netprobe scan --json over ports this test opened: shape, closed on request, exit codes', async () => {
  const o = await listeningServer();
  const c = await closedPort();
  try {
    const r = await runCli(['scan', '127.0.0.1', '--ports', `${o.port},${c}`, '--closed', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const body = json<ScanResult>(r);
    assert.equal(body.host, '127.0.0.1');
    assert.deepEqual(body.open, [o.port]);
    assert.deepEqual(
      body.ports.map(p => [p.port, p.state]).sort(),
      [
        [o.port, 'open'],
        [c, 'closed'],
      ].sort(),
    );
    assert.equal(typeof body.elapsedMs, 'number');
    assert.ok(body.ports.every(p => typeof p.rttMs === 'number'));

    const text = await runCli(['scan', '127.0.0.1', '-p', `${o.port},${c}`]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, new RegExp(`^${o.port}/tcp +open`, 'm'));
    assert.match(text.stdout, /Not shown: 1 closed port \(connection refused\)/);

    const none = await runCli(['scan', '127.0.0.1', '-p', String(c), '--json']);
    assert.equal(none.code, 1, 'no open port is a negative outcome');
  } finally {
    await o.close();
  }
});

test('netprobe scan rejects bad input with exit 2 and one line', async () => {
  for (const args of [['scan', '127.0.0.1', '-p', '0-10'], ['scan', '127.0.0.1', '--concurrency', 'x'], ['scan'], ['scan', '::1', '-4']]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});

test('netprobe listen --json shows the listener this test opened with its pid', { skip: process.platform !== 'linux' && 'Linux only' }, async () => {
  const o = await listeningServer();
  try {
    const r = await runCli(['listen', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const body = json<ListenersResult>(r);
    const mine = body.listeners.find(l => l.protocol === 'tcp' && l.port === o.port);
    assert.ok(mine?.processes.some(p => p.pid === process.pid));
  } finally {
    await o.close();
  }
});

test('netprobe scan --ports all in a fresh namespace finds exactly its listeners', async t => {
  const why = await netnsSkipReason();
  if (why) {
    t.skip(why);
    return;
  }
  await withNetns('scancli', async ns => {
    const l = await listenIn(ns, [7, 4000, 50000]);
    const r = await ns.exec(process.execPath, [CLI, 'scan', '127.0.0.1', '--ports', 'all', '--json']);
    await l.stop();
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as ScanResult;
    assert.deepEqual(body.open, [7, 4000, 50000]);
    assert.equal(body.counts.closed, 65532);
  });
});
