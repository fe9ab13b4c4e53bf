import { spawn, spawnSync } from 'child_process';
import type { ChildProcess } from 'child_process';
import { once } from 'events';
import * as path from 'path';
import * as readline from 'readline';
import type { TestContext } from 'node:test';
import type { Netns } from './netns';
import { createNetns, netnsUnavailable } from './netns';
import { skipOutsideCi } from './peers';

export type { Netns };
export { createNetns };

let counter = 0;
let availability: Promise<string | undefined> | undefined;

function ip(args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
}

/**
 * True when namespaces work. Otherwise skips the test with the reason, except under CI (process.env.CI),
 * where the test fails: multicast tests must never pass silently.
 */
export async function needNetns(t: TestContext): Promise<boolean> {
  availability ??= netnsUnavailable();
  const why = await availability;
  const skip = skipOutsideCi(why, `"${t.name}"`);
  if (skip === false) return true;
  t.skip(skip);
  return false;
}

/** Two namespaces joined by a veth pair: IPv4 10.250.0.1/.2 and IPv6 fd99::1/::2, DAD off so they are usable at once. */
export interface NetnsPair {
  a: Netns;
  b: Netns;
  ifA: string;
  ifB: string;
  v4A: string;
  v4B: string;
  v6A: string;
  v6B: string;
  /** Deletes both namespaces (and the veth pair with them). */
  close(): Promise<void>;
}

function linkRunning(ns: string, dev: string): boolean {
  const r = spawnSync('ip', ['netns', 'exec', ns, 'cat', `/sys/class/net/${dev}/carrier`, `/sys/class/net/${dev}/operstate`], { encoding: 'utf8' });
  const [carrier = '0', state = ''] = r.stdout.trim().split('\n');
  return carrier.trim() === '1' && state.trim() === 'up';
}

/**
 * Waits until both ends of a veth pair have carrier and are operationally up (IFF_RUNNING). The kernel sets that from its
 * link-watch work up to a second after `link set up`; until then datagrams are dropped and the interface's
 * addresses are hidden from os.networkInterfaces().
 */
async function waitRunning(links: Array<[string, string]>): Promise<void> {
  const deadline = Date.now() + 5000;
  for (const [ns, dev] of links) {
    while (!linkRunning(ns, dev)) {
      if (Date.now() > deadline) throw new Error(`veth ${dev} in ${ns} did not come up within 5 s`);
      await new Promise(r => setTimeout(r, 20));
    }
  }
}

/** Makes two namespaces joined by a veth pair, and waits until the link is up. */
export async function makeNetnsPair(): Promise<NetnsPair> {
  const a = await createNetns('udp');
  const b = await createNetns('udp');
  const n = `${process.pid % 10000}${++counter}`;
  const ifA = `vua${n}`;
  const ifB = `vub${n}`;
  const close = async (): Promise<void> => {
    await a.delete();
    await b.delete();
  };
  try {
    ip(['link', 'add', ifA, 'netns', a.name, 'type', 'veth', 'peer', 'name', ifB, 'netns', b.name]);
    for (const [ns, dev, v4, v6] of [
      [a.name, ifA, '10.250.0.1/24', 'fd99::1/64'],
      [b.name, ifB, '10.250.0.2/24', 'fd99::2/64'],
    ] as const) {
      spawnSync('ip', ['netns', 'exec', ns, 'sysctl', '-qw', `net.ipv6.conf.${dev}.accept_dad=0`]);
      ip(['-n', ns, 'addr', 'add', v4, 'dev', dev]);
      ip(['-n', ns, 'addr', 'add', v6, 'dev', dev, 'nodad']);
      ip(['-n', ns, 'link', 'set', dev, 'up']);
    }
    await waitRunning([
      [a.name, ifA],
      [b.name, ifB],
    ]);
  } catch (e) {
    await close();
    throw e;
  }
  return { a, b, ifA, ifB, v4A: '10.250.0.1', v4B: '10.250.0.2', v6A: 'fd99::1', v6B: 'fd99::2', close };
}

/** One JSON line a child printed. */
export type AgentEvent = Record<string, unknown> & { event: string };

/** A child process in a namespace that prints one JSON object per line. */
export interface Agent {
  child: ChildProcess;
  events: AgentEvent[];
  stderr: string[];
  /** Resolves with the first event matching, rejecting if the child exits first. */
  waitFor(pred: (e: AgentEvent) => boolean, what: string): Promise<AgentEvent>;
  /** Resolves with the exit code after the child exits by itself. */
  exited(): Promise<number | null>;
  /** Ends the child's stdin (it stops gracefully), then waits for it to exit. */
  stop(): Promise<number | null>;
}

/** Starts `node ARGS…` inside namespace `ns` (or here when ns is undefined), reading JSON lines from stdout. */
export function spawnAgent(ns: string | undefined, args: string[]): Agent {
  return spawnJsonLines(ns, process.execPath, args);
}

/**
 * A raw-socket sniffer (python3) in namespace `ns` that prints `{"event":"ip","ttl","dst","dport"}` for every
 * IPv4 UDP datagram the namespace accepts, so tests can see the TTL on the wire. Prints `ready` first.
 */
export function spawnTtlSniffer(ns: string): Agent {
  const code = [
    'import json, os, socket, sys, threading',
    's = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)',
    'threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()',
    'print(json.dumps({"event": "ready"}), flush=True)',
    'while True:',
    '    try: d = s.recv(65535)',
    '    except OSError: break',
    '    ihl = (d[0] & 15) * 4',
    '    print(json.dumps({"event": "ip", "ttl": d[8], "dst": socket.inet_ntoa(d[16:20]), "dport": int.from_bytes(d[ihl + 2:ihl + 4], "big")}), flush=True)',
  ].join('\n');
  return spawnJsonLines(ns, 'python3', ['-c', code]);
}

function spawnJsonLines(ns: string | undefined, command: string, args: string[]): Agent {
  const cmd = ns ? 'ip' : command;
  const full = ns ? ['netns', 'exec', ns, command, ...args] : args;
  const child = spawn(cmd, full, { stdio: ['pipe', 'pipe', 'pipe'] });
  const events: AgentEvent[] = [];
  const stderr: string[] = [];
  const waiters: Array<{ pred: (e: AgentEvent) => boolean; resolve: (e: AgentEvent) => void }> = [];
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  readline.createInterface({ input: child.stdout }).on('line', line => {
    let e: AgentEvent;
    try {
      e = JSON.parse(line) as AgentEvent;
    } catch {
      e = { event: 'text', line };
    }
    events.push(e);
    for (const w of [...waiters])
      if (w.pred(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
  });
  readline.createInterface({ input: child.stderr }).on('line', line => {
    stderr.push(line);
    const e: AgentEvent = { event: 'stderr', line };
    for (const w of [...waiters])
      if (w.pred(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
  });
  const waitFor = (pred: (e: AgentEvent) => boolean, what: string): Promise<AgentEvent> => {
    const seen = events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      waiters.push({ pred, resolve });
      void exit.then(code => {
        setImmediate(() => {
          const late = events.find(pred);
          if (late) resolve(late);
          else reject(new Error(`agent exited (${code}) before ${what}; stdout: ${JSON.stringify(events)}; stderr: ${stderr.join('\n')}`));
        });
      });
    });
  };
  return {
    child,
    events,
    stderr,
    waitFor,
    exited: () => exit,
    stop: async () => {
      child.stdin.end();
      // A child that ignores the end of its input is killed after 3 s; either way we wait for its exit.
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Path of the transpiled UDP agent script. */
export const UDP_AGENT = path.join(__dirname, 'udp-agent.js');
/** Path of the bundled CLI. */
export { CLI } from './cli';
