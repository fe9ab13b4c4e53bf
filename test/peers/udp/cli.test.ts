import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { CLI, createNetns, needNetns, spawnAgent } from '../../helpers/netns-udp';

function cli(args: string[], ns?: string): { status: number | null; stdout: string; stderr: string } {
  const r = ns
    ? spawnSync('ip', ['netns', 'exec', ns, process.execPath, CLI, ...args], { encoding: 'utf8', timeout: 15000 })
    : spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 15000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('cli: udp listen prints datagrams sent by udp send; exit codes', async () => {
  const listener = spawnAgent(undefined, [CLI, 'udp', 'listen', '0', '--bind', '127.0.0.1', '--count', '2', '--timeout', '10000', '--json']);
  const line = await listener.waitFor(e => e.event === 'stderr' && /Listening on UDP/.test(String(e.line)), 'listening');
  const port = /127\.0\.0\.1:(\d+)/.exec(String(line.line))?.[1] ?? '';
  const a = cli(['udp', 'send', '127.0.0.1', port, '--text', 'hi\\n', '-e']);
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.stderr, /Sent 3 bytes to 127\.0\.0\.1:\d+/);
  const b = cli(['udp', 'send', 'localhost', port, '--hex', '00ff', '-4']);
  assert.equal(b.status, 0, b.stderr);
  assert.equal(await listener.exited(), 0);
  const out = JSON.parse(
    listener.events
      .filter(e => e.event === 'text')
      .map(e => String(e.line))
      .join('\n'),
  ) as { endedBy: string; packets: Array<{ text: string; hex: string; from: string }> };
  assert.equal(out.endedBy, 'count');
  assert.deepEqual(
    out.packets.map(p => p.hex),
    ['68 69 0a', '00 ff'],
  );
  assert.equal(out.packets[0]?.from, '127.0.0.1');
});

test('cli: bad input exits 2 with one line; refused and silent exit 1', () => {
  const none = cli(['udp', 'send', '127.0.0.1', '9']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /exactly one of --text, --hex or --file/);
  const badHex = cli(['udp', 'send', '127.0.0.1', '9', '--hex', 'zz']);
  assert.equal(badHex.status, 2);
  assert.match(badHex.stderr, /"z" is not a hex digit/);
  const badGroup = cli(['mcast', 'join', '10.1.1.1', '5000']);
  assert.equal(badGroup.status, 2);
  assert.match(badGroup.stderr, /not a multicast address/);
  const badSub = cli(['udp', 'blast']);
  assert.equal(badSub.status, 2);
  const silent = cli(['udp', 'listen', '0', '--bind', '127.0.0.1', '--timeout', '100']);
  assert.equal(silent.status, 1);
  assert.match(silent.stderr, /0 datagrams, 0 bytes .*time is up/);
  const info = cli(['mcast', 'info', 'ff02::fb', '--json']);
  assert.equal(info.status, 0);
  assert.equal((JSON.parse(info.stdout) as { scope: string }).scope, 'link-local');
});

test('cli: mcast join and mcast send in a namespace', async t => {
  if (!(await needNetns(t))) return;
  const ns = await createNetns('udp');
  try {
    const recv = spawnAgent(ns.name, [CLI, 'mcast', 'join', '239.7.7.7', '40010', '--iface', 'lo', '--count', '1', '--timeout', '10000']);
    await recv.waitFor(e => e.event === 'stderr' && /^Joined 239\.7\.7\.7 on lo, port 40010/.test(String(e.line)), 'joined');
    const s = cli(['mcast', 'send', '239.7.7.7', '40010', '--text', 'from the cli', '--iface', 'lo', '--ttl', '3', '--loopback'], ns.name);
    assert.equal(s.status, 0, s.stderr);
    assert.match(s.stdout, /Sent 12 bytes to 239\.7\.7\.7:40010 \(TTL 3, loopback on, interface lo\)/);
    assert.equal(await recv.exited(), 0);
    const lines = recv.events.filter(e => e.event === 'text').map(e => String(e.line));
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /127\.0\.0\.1:\d+\s+12 B {2}"from the cli"/);
    const noRoute = cli(['mcast', 'send', '239.7.7.7', '40010', '--text', 'x'], ns.name);
    assert.equal(noRoute.status, 1);
    assert.match(noRoute.stderr, /no multicast route for 239\.7\.7\.7/);
    // Broadcast needs SO_BROADCAST; an address with no route is explained (inside the namespace: only lo exists).
    const bcast = cli(['udp', 'send', '127.255.255.255', '40011', '--text', 'x'], ns.name);
    assert.equal(bcast.status, 1);
    assert.match(bcast.stderr, /permission denied — 127\.255\.255\.255:40011 is probably a broadcast address.*--broadcast/);
    const bcastOk = cli(['udp', 'send', '127.255.255.255', '40011', '--text', 'x', '--broadcast'], ns.name);
    assert.equal(bcastOk.status, 0, bcastOk.stderr);
    const unroutable = cli(['udp', 'send', '10.9.9.9', '40011', '--text', 'x'], ns.name);
    assert.equal(unroutable.status, 1);
    assert.match(unroutable.stderr, /no route to 10\.9\.9\.9:40011/);
  } finally {
    await ns.delete();
  }
});
