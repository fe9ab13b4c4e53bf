import { test } from 'node:test';
import * as assert from 'assert';
import * as path from 'path';
import type { ScanResult } from '../../../src/core/scan/types';
import { listenIn, netnsSkipReason, withNetns } from '../../helpers/netns';
import type { Netns } from '../../helpers/netns';

const CHILD = path.join(__dirname, 'scan-child.js');

interface ChildOutput {
  result?: ScanResult;
  error?: { code: string; message: string };
  cancelMs?: number;
  progressDone: number;
  socketsBefore: number;
  socketsAfter: number;
  kernelSockets: number;
}

async function scanIn(ns: Netns, args: object): Promise<ChildOutput> {
  const r = await ns.exec(process.execPath, [CHILD, JSON.stringify(args)], { timeoutMs: 60_000 });
  assert.strictEqual(r.code, 0, `scan child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildOutput;
}

/**
 * Makes 10.99.0.2 a silent host inside the namespace: a veth pair whose far end has no address, and a
 * permanent neighbour entry, so SYNs leave and are never answered (what a dropping firewall looks like).
 */
async function blackhole(ns: Netns): Promise<void> {
  await ns.ip(['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
  await ns.ip(['addr', 'add', '10.99.0.1/24', 'dev', 'v0']);
  await ns.ip(['link', 'set', 'v0', 'up']);
  await ns.ip(['link', 'set', 'v1', 'up']);
  await ns.ip(['neigh', 'add', '10.99.0.2', 'lladdr', '02:00:00:00:99:02', 'dev', 'v0', 'nud', 'permanent']);
}

test('full 1-65535 scan in a fresh namespace finds exactly the listeners (no self-connects)', async t => {
  const why = await netnsSkipReason();
  if (why) {
    t.skip(why);
    return;
  }
  // Ports across the range, several in the ephemeral range where self-connects happen.
  const listening = [1, 22, 80, 8080, 33000, 45000, 59999, 65535];
  await withNetns('scanfull', async ns => {
    const l = await listenIn(ns, listening);
    const out = await scanIn(ns, { host: '127.0.0.1', options: { ports: 'all' } });
    await l.stop();
    assert.ok(out.result, JSON.stringify(out.error));
    assert.deepStrictEqual(out.result.open, listening);
    assert.strictEqual(out.result.counts.open, listening.length);
    assert.strictEqual(out.result.counts.closed, 65535 - listening.length);
    assert.strictEqual(out.result.counts.filtered + out.result.counts.error, 0);
    assert.strictEqual(out.result.portCount, 65535);
    assert.strictEqual(out.socketsAfter, out.socketsBefore, 'every scan socket is closed');
    const ssh = out.result.ports.find(p => p.port === 22);
    assert.strictEqual(ssh?.service, 'ssh');
  });
});

test('a range scan reports the known open and closed sets, closed ones included on request', async t => {
  const why = await netnsSkipReason();
  if (why) {
    t.skip(why);
    return;
  }
  await withNetns('scanrange', async ns => {
    const l = await listenIn(ns, [10, 11, 500, 1024], true);
    const out = await scanIn(ns, { host: 'localhost', options: { ports: '1-1024', includeClosed: true, workers: 1 } });
    await l.stop();
    assert.ok(out.result, JSON.stringify(out.error));
    const r = out.result;
    const families = r.targets.map(x => x.family).sort();
    for (const target of r.targets) {
      const mine = r.ports.filter(p => p.address === target.address);
      assert.strictEqual(mine.length, 1024, `every port of ${target.address} is reported`);
      assert.deepStrictEqual(
        mine.filter(p => p.state === 'open').map(p => p.port),
        [10, 11, 500, 1024],
      );
      assert.ok(mine.filter(p => p.state === 'closed').every(p => p.errno === 'ECONNREFUSED'));
    }
    assert.ok(families.includes(4), 'localhost includes 127.0.0.1');
    assert.deepStrictEqual(r.open, [10, 11, 500, 1024]);
  });
});

test('cancel mid-scan closes every socket promptly', async t => {
  const why = await netnsSkipReason();
  if (why) {
    t.skip(why);
    return;
  }
  await withNetns('scancancel', async ns => {
    await blackhole(ns);
    const out = await scanIn(ns, { host: '10.99.0.2', options: { ports: 'all', portTimeout: 20_000, concurrency: 400 }, cancelAtProgress: 0 });
    assert.strictEqual(out.error?.code, 'aborted', JSON.stringify(out));
    assert.ok((out.cancelMs ?? Infinity) < 1000, `cancel took ${out.cancelMs} ms`);
    assert.strictEqual(out.socketsAfter, out.socketsBefore, 'no scan socket left open');
    assert.strictEqual(out.kernelSockets, 0, 'no TCP socket left in the namespace');
  });
});

test('an unroutable target is filtered after the per-port timeout and retries', async t => {
  const why = await netnsSkipReason();
  if (why) {
    t.skip(why);
    return;
  }
  await withNetns('scanfilt', async ns => {
    await blackhole(ns);
    const out = await scanIn(ns, { host: '10.99.0.2', options: { ports: '1-50', portTimeout: 200, retries: 1 } });
    assert.ok(out.result, JSON.stringify(out.error));
    assert.strictEqual(out.result.counts.filtered, 50);
    assert.ok(out.result.ports.every(p => p.state === 'filtered' && p.errno === 'ETIMEDOUT'));
    assert.ok(out.result.elapsedMs >= 400, 'waited for the timeout twice (one retry)');
    assert.strictEqual(out.socketsAfter, out.socketsBefore);
  });
});

test('loopback self-connects happen in the ephemeral range and are reported closed, never open', async t => {
  const why = await netnsSkipReason();
  if (why) {
    t.skip(why);
    return;
  }
  await withNetns('scanself', async ns => {
    // An ephemeral range of 11 ports makes the kernel pick the target port as the local port often.
    const r = await ns.exec('sysctl', ['-w', 'net.ipv4.ip_local_port_range=40000 40010']);
    assert.strictEqual(r.code, 0, r.stderr);
    let selfConnects = 0;
    for (let i = 0; i < 10 && selfConnects === 0; i++) {
      const out = await scanIn(ns, { host: '127.0.0.1', options: { ports: '40000-40010', includeClosed: true, workers: 1 } });
      assert.ok(out.result, JSON.stringify(out.error));
      assert.deepStrictEqual(out.result.open, [], 'a self-connect is not an open port');
      assert.strictEqual(out.result.counts.closed, 11);
      selfConnects += out.result.ports.filter(p => p.errno === 'ESELFCONNECT').length;
    }
    assert.ok(selfConnects > 0, 'the kernel produced self-connects and the scanner recognised them');
  });
});
