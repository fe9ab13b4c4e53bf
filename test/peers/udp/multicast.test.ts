import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Agent, AgentEvent } from '../../helpers/netns-udp';
import { UDP_AGENT, createNetns, makeNetnsPair, needNetns, spawnAgent, spawnTtlSniffer } from '../../helpers/netns-udp';

// Multicast runs only inside namespaces these tests create: never in the host namespace.

const isReady = (e: AgentEvent): boolean => e.event === 'ready' || e.event === 'error';
const isDone = (e: AgentEvent): boolean => e.event === 'done' || e.event === 'error';

function agent(ns: string, job: Record<string, unknown>): Agent {
  return spawnAgent(ns, [UDP_AGENT, JSON.stringify(job)]);
}

async function ready(a: Agent): Promise<AgentEvent> {
  const e = await a.waitFor(isReady, 'ready');
  assert.equal(e.event, 'ready', `receiver failed: ${JSON.stringify(e)}`);
  return e;
}

async function run(ns: string, job: Record<string, unknown>): Promise<AgentEvent> {
  const a = agent(ns, job);
  const e = await a.waitFor(isDone, 'done');
  await a.exited();
  return e;
}

function packets(a: Agent): AgentEvent[] {
  return a.events.filter(e => e.event === 'packet');
}

test('multicast IPv4 on a namespace loopback: two receivers get text and binary; a receiver not joined does not', async t => {
  if (!(await needNetns(t))) return;
  const ns = await createNetns('udp');
  const agents: Agent[] = [];
  try {
    const group = '239.1.2.3';
    const port = 40000;
    const r1 = agent(ns.name, { op: 'join', group, port, iface: 'lo', count: 2, duration: 10000 });
    const r2 = agent(ns.name, { op: 'join', group, port, iface: '127.0.0.1', count: 2, duration: 10000 });
    // Bound to another group on the same port and joined there: must not see 239.1.2.3 traffic.
    const other = agent(ns.name, { op: 'join', group: '239.1.2.4', port, iface: 'lo', duration: 10000 });
    agents.push(r1, r2, other);
    const readyEvent = await ready(r1);
    await ready(r2);
    await ready(other);
    const opts = readyEvent.options as { memberships: Array<{ group: string; iface: string }>; reuseAddr: boolean; localAddress: string };
    assert.deepEqual(opts.memberships, [{ group, iface: 'lo' }]);
    assert.equal(opts.reuseAddr, true);
    assert.equal(opts.localAddress, group, 'receivers bind to the group address');
    const sent1 = await run(ns.name, { op: 'send', group, port, iface: 'lo', hex: Buffer.from('hello group').toString('hex') });
    assert.equal(sent1.event, 'done', JSON.stringify(sent1));
    const sent2 = await run(ns.name, { op: 'send', group, port, iface: '127.0.0.1', hex: '00ff0a80' });
    assert.equal(sent2.event, 'done', JSON.stringify(sent2));
    for (const r of [r1, r2]) {
      const done = await r.waitFor(isDone, 'done');
      assert.deepEqual(done, { event: 'done', endedBy: 'count', packets: 2 });
      assert.deepEqual(
        packets(r).map(p => p.hex),
        ['68 65 6c 6c 6f 20 67 72 6f 75 70', '00 ff 0a 80'],
      );
      assert.equal(packets(r)[0]?.from, '127.0.0.1');
    }
    await other.stop();
    assert.equal(packets(other).length, 0, 'a socket on another group received nothing');
    assert.equal((await other.waitFor(isDone, 'done')).endedBy, 'aborted');
  } finally {
    await Promise.all(agents.map(a => a.stop()));
    await ns.delete();
  }
});

test('multicast IPv4: a group nobody joined is not received; no multicast route is explained', async t => {
  if (!(await needNetns(t))) return;
  const ns = await createNetns('udp');
  try {
    const notJoined = agent(ns.name, { op: 'join', group: '239.9.9.9', port: 40001, iface: 'lo', duration: 10000 });
    const joined = agent(ns.name, { op: 'join', group: '239.9.9.8', port: 40001, iface: 'lo', count: 1, duration: 10000 });
    await ready(notJoined);
    await ready(joined);
    // Send to a group with no member on the same port, then to the joined one: once the joined receiver
    // has its datagram, the earlier one would have been delivered too if it were going to be.
    assert.equal((await run(ns.name, { op: 'send', group: '239.9.9.7', port: 40001, iface: 'lo', hex: '01' })).event, 'done');
    assert.equal((await run(ns.name, { op: 'send', group: '239.9.9.8', port: 40001, iface: 'lo', hex: '02' })).event, 'done');
    assert.equal((await joined.waitFor(isDone, 'done')).endedBy, 'count');
    assert.deepEqual(
      packets(joined).map(p => p.hex),
      ['02'],
    );
    await notJoined.stop();
    assert.equal(packets(notJoined).length, 0);
    // Without choosing the interface there is no multicast route in a namespace with only lo.
    const noRoute = await run(ns.name, { op: 'send', group: '239.9.9.8', port: 40001, hex: '03' });
    assert.equal(noRoute.event, 'error');
    assert.equal(noRoute.code, 'unreachable');
    assert.equal(noRoute.errno, 'ENETUNREACH');
    assert.match(String(noRoute.message), /no multicast route for 239\.9\.9\.8.*--iface.*ip route add 224\.0\.0\.0\/4/);
  } finally {
    await ns.delete();
  }
});

test('multicast: bad interface and bad group give the explained error', async t => {
  if (!(await needNetns(t))) return;
  const ns = await createNetns('udp');
  try {
    const badIface = await run(ns.name, { op: 'join', group: '239.1.1.1', port: 40002, iface: 'eth9', duration: 100 });
    assert.equal(badIface.event, 'error');
    assert.match(String(badIface.message), /no network interface named "eth9".*Interfaces here: lo/);
    const badAddr = await run(ns.name, { op: 'send', group: '239.1.1.1', port: 40002, iface: '10.1.2.3', hex: '00' });
    assert.match(String(badAddr.message), /No interface on this machine has the address 10\.1\.2\.3/);
    const badGroup = await run(ns.name, { op: 'join', group: '10.0.0.1', port: 40002, duration: 100 });
    assert.equal(badGroup.code, 'invalid-input');
    assert.match(String(badGroup.message), /not a multicast address/);
  } finally {
    await ns.delete();
  }
});

test('multicast IPv6 across a veth pair: hop limit and loopback take effect', async t => {
  if (!(await needNetns(t))) return;
  const pair = await makeNetnsPair();
  try {
    const group = 'ff12::1234';
    const port = 40003;
    const check = async (ttl: number, loopback: boolean, tag: string): Promise<{ local: number; remote: number }> => {
      const remote = agent(pair.b.name, { op: 'join', group, port, iface: pair.ifB, duration: 10000 });
      const local = agent(pair.a.name, { op: 'join', group, port, iface: pair.ifA, duration: 10000 });
      // A control receiver in B, joined and reached by a second datagram sent with hop limit 1: once it has that,
      // the first one would have arrived too if it was going to.
      await ready(remote);
      await ready(local);
      const s = await run(pair.a.name, { op: 'send', group, port, iface: pair.ifA, ttl, loopback, hex: Buffer.from(tag).toString('hex') });
      assert.equal(s.event, 'done', JSON.stringify(s));
      const o = s.options as { multicastTtl: number; multicastLoopback: boolean; multicastInterface: string };
      assert.deepEqual([o.multicastTtl, o.multicastLoopback, o.multicastInterface], [ttl, loopback, pair.ifA]);
      const marker = await run(pair.a.name, { op: 'send', group, port, iface: pair.ifA, ttl: 1, loopback: true, hex: 'ff' });
      assert.equal(marker.event, 'done');
      await remote.waitFor(e => e.event === 'packet' && e.hex === 'ff', 'marker in B');
      await local.waitFor(e => e.event === 'packet' && e.hex === 'ff', 'marker in A');
      await Promise.all([remote.stop(), local.stop()]);
      const count = (a: Agent): number => packets(a).filter(p => p.hex !== 'ff').length;
      const p = packets(remote)[0];
      if (count(remote) > 0) assert.match(String(p?.from), /^fe80::.*%/, 'IPv6 link-local source keeps its zone');
      return { local: count(local), remote: count(remote) };
    };
    assert.deepEqual(await check(1, true, 'hop1-loop'), { local: 1, remote: 1 });
    assert.deepEqual(await check(0, true, 'hop0-loop'), { local: 1, remote: 0 });
    assert.deepEqual(await check(1, false, 'hop1-noloop'), { local: 0, remote: 1 });
  } finally {
    await pair.close();
  }
});

test('multicast IPv4 across a veth pair: the TTL is set on the wire; source-specific join filters sources', async t => {
  if (!(await needNetns(t))) return;
  const pair = await makeNetnsPair();
  const agents: Agent[] = [];
  try {
    const port = 40004;
    const sniffer = spawnTtlSniffer(pair.b.name);
    const any = agent(pair.b.name, { op: 'join', group: '239.5.5.5', port, iface: pair.v4B, count: 2, duration: 10000 });
    const ssmRight = agent(pair.b.name, { op: 'join', group: '232.5.5.5', port, iface: pair.ifB, source: pair.v4A, duration: 10000 });
    const ssmWrong = agent(pair.b.name, { op: 'join', group: '232.5.5.6', port, iface: pair.ifB, source: '10.250.0.99', duration: 10000 });
    agents.push(sniffer, any, ssmRight, ssmWrong);
    await sniffer.waitFor(e => e.event === 'ready', 'sniffer ready');
    await ready(any);
    const rr = await ready(ssmRight);
    assert.deepEqual((rr.options as { memberships: unknown[] }).memberships, [{ group: '232.5.5.5', iface: pair.ifB, source: pair.v4A }]);
    await ready(ssmWrong);
    assert.equal((await run(pair.a.name, { op: 'send', group: '232.5.5.6', port, iface: pair.ifA, ttl: 1, hex: '06' })).event, 'done');
    assert.equal((await run(pair.a.name, { op: 'send', group: '232.5.5.5', port, iface: pair.ifA, ttl: 1, hex: '05' })).event, 'done');
    assert.equal((await run(pair.a.name, { op: 'send', group: '239.5.5.5', port, iface: pair.ifA, ttl: 7, hex: '07' })).event, 'done');
    assert.equal((await run(pair.a.name, { op: 'send', group: '239.5.5.5', port, iface: pair.v4A, ttl: 64, hex: '40' })).event, 'done');
    assert.equal((await any.waitFor(isDone, 'two datagrams')).endedBy, 'count');
    await ssmRight.waitFor(e => e.event === 'packet', 'SSM datagram');
    await sniffer.waitFor(e => e.event === 'ip' && e.ttl === 64, 'TTL 64 on the wire');
    await Promise.all(agents.map(a => a.stop()));
    assert.deepEqual(
      packets(any).map(p => p.hex),
      ['07', '40'],
    );
    const ttls = sniffer.events.filter(e => e.event === 'ip' && e.dst === '239.5.5.5' && e.dport === port).map(e => e.ttl);
    assert.deepEqual(ttls, [7, 64], 'the IP TTL of each datagram is the one asked for');
    assert.deepEqual(
      packets(ssmRight).map(p => [p.hex, p.from]),
      [['05', pair.v4A]],
    );
    assert.equal(packets(ssmWrong).length, 0, 'a source-specific receiver ignores other sources');
  } finally {
    await Promise.all(agents.map(a => a.stop()));
    await pair.close();
  }
});

test('multicast: repeated sends with an interval', async t => {
  if (!(await needNetns(t))) return;
  const ns = await createNetns('udp');
  try {
    const r = agent(ns.name, { op: 'join', group: '239.3.3.3', port: 40005, iface: 'lo', count: 3, duration: 10000 });
    await ready(r);
    const s = await run(ns.name, { op: 'send', group: '239.3.3.3', port: 40005, iface: 'lo', hex: '0102', repeat: 3, interval: 20 });
    assert.equal(s.event, 'done', JSON.stringify(s));
    assert.match(String(s.message), /Sent 3 datagrams of 2 bytes to 239\.3\.3\.3:40005/);
    assert.equal((await r.waitFor(isDone, 'three datagrams')).endedBy, 'count');
    assert.deepEqual(
      packets(r).map(p => p.hex),
      ['01 02', '01 02', '01 02'],
    );
  } finally {
    await ns.delete();
  }
});

test('multicast: after leaving, the group is no longer received', async t => {
  if (!(await needNetns(t))) return;
  const ns = await createNetns('udp');
  const agents: Agent[] = [];
  try {
    const leaver = agent(ns.name, { op: 'join', group: '239.4.4.1', port: 40006, iface: 'lo', duration: 10000, leaveOnInput: true });
    const control = agent(ns.name, { op: 'join', group: '239.4.4.2', port: 40006, iface: 'lo', count: 1, duration: 10000 });
    agents.push(leaver, control);
    await ready(leaver);
    await ready(control);
    leaver.child.stdin!.write('leave\n');
    const left = await leaver.waitFor(e => e.event === 'left' || e.event === 'error', 'left');
    assert.equal(left.event, 'left', JSON.stringify(left));
    assert.equal((await run(ns.name, { op: 'send', group: '239.4.4.1', port: 40006, iface: 'lo', hex: '01' })).event, 'done');
    assert.equal((await run(ns.name, { op: 'send', group: '239.4.4.2', port: 40006, iface: 'lo', hex: '02' })).event, 'done');
    assert.equal((await control.waitFor(isDone, 'control datagram')).endedBy, 'count');
    await leaver.stop();
    assert.equal(packets(leaver).length, 0, 'nothing arrives after leaving');
  } finally {
    await Promise.all(agents.map(a => a.stop()));
    await ns.delete();
  }
});
