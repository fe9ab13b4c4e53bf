import { execFile, spawn } from 'child_process';
import type { ChildProcess, SpawnOptions } from 'child_process';
import { once } from 'events';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { skipOutsideCi } from './peers';

/** A fresh network namespace with only `lo` (up). Delete it when done. */
export interface Netns {
  name: string;
  /** Runs a command inside the namespace and collects its output. */
  exec(cmd: string, args: string[], opts?: { timeoutMs?: number }): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Starts a long-running command inside the namespace; `stop()` kills it and waits for its exit. */
  spawn(cmd: string, args: string[], opts?: SpawnOptions): { child: ChildProcess; stop: () => Promise<void> };
  /** Runs `ip -n NAME …` (adds routes, dummy links, addresses). */
  ip(args: string[]): Promise<void>;
  /** Kills what `spawn` started and deletes the namespace. */
  delete(): Promise<void>;
}

function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

async function must(cmd: string, args: string[]): Promise<void> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.trim()}`);
}

/**
 * Why network-namespace tests cannot run here, or undefined when they can (root and a working `ip netns`).
 * Tests skip with this reason outside CI; under CI (`process.env.CI`) they must fail instead.
 */
export async function netnsUnavailable(): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  const probe = `np-probe-${crypto.randomBytes(3).toString('hex')}`;
  const r = await run('ip', ['netns', 'add', probe]);
  if (r.code !== 0) return `ip netns add failed: ${r.stderr.trim()}`;
  await run('ip', ['netns', 'delete', probe]);
  return undefined;
}

/** Like {@link netnsUnavailable}, but throws under CI: there the namespace tests must run, never skip. */
export async function netnsSkipReason(): Promise<string | undefined> {
  return skipOutsideCi(await netnsUnavailable(), 'network namespace tests') || undefined;
}

export interface NetnsOptions {
  /**
   * Files that `ip netns exec` shows in place of the machine's `/etc/<file>` inside the namespace, e.g.
   * `{ 'resolv.conf': 'nameserver 127.0.0.1\n', hosts: '::1 dual.test\n' }` (written to `/etc/netns/NAME/`).
   */
  etc?: Record<string, string>;
}

/** Creates a fresh namespace `np-<tag>-<random>` with `lo` up. */
export async function createNetns(tag = 'test', opts: NetnsOptions = {}): Promise<Netns> {
  const name = `np-${tag}-${crypto.randomBytes(3).toString('hex')}`;
  const etcDir = path.join('/etc/netns', name);
  if (opts.etc) {
    fs.mkdirSync(etcDir, { recursive: true });
    for (const [file, text] of Object.entries(opts.etc)) fs.writeFileSync(path.join(etcDir, file), text);
  }
  const add = await run('ip', ['netns', 'add', name]);
  if (add.code !== 0) {
    fs.rmSync(etcDir, { recursive: true, force: true });
    throw new Error(`ip netns add ${name} failed: ${add.stderr.trim()}`);
  }
  const children = new Set<ChildProcess>();
  const stopChild = async (child: ChildProcess): Promise<void> => {
    children.delete(child);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  };
  const ns: Netns = {
    name,
    exec: (cmd, args, opts) => run('ip', ['netns', 'exec', name, cmd, ...args], opts?.timeoutMs),
    spawn(cmd, args, opts = {}) {
      const child = spawn('ip', ['netns', 'exec', name, cmd, ...args], { stdio: ['pipe', 'pipe', 'inherit'], ...opts });
      children.add(child);
      return { child, stop: () => stopChild(child) };
    },
    ip: args => must('ip', ['-n', name, ...args]),
    async delete() {
      await Promise.all([...children].map(stopChild));
      await run('ip', ['netns', 'delete', name]);
      if (opts.etc) fs.rmSync(etcDir, { recursive: true, force: true });
    },
  };
  try {
    await ns.ip(['link', 'set', 'lo', 'up']);
  } catch (e) {
    await ns.delete();
    throw e;
  }
  return ns;
}

/** Runs `fn` with a fresh namespace that is always deleted afterwards. */
export async function withNetns<T>(tag: string, fn: (ns: Netns) => Promise<T>, opts: NetnsOptions = {}): Promise<T> {
  const ns = await createNetns(tag, opts);
  try {
    return await fn(ns);
  } finally {
    await ns.delete();
  }
}

/**
 * Starts TCP listeners on `ports` of 127.0.0.1 (and ::1 with `v6`) inside the namespace, in a node child,
 * and resolves once they all listen.
 */
export async function listenIn(ns: Netns, ports: number[], v6 = false): Promise<{ stop: () => Promise<void> }> {
  const code = `
    const net = require('net');
    const hosts = ${JSON.stringify(v6 ? ['127.0.0.1', '::1'] : ['127.0.0.1'])};
    const ports = ${JSON.stringify(ports)};
    let left = ports.length * hosts.length;
    for (const h of hosts) for (const p of ports) {
      const s = net.createServer(c => { c.on('error', () => {}); c.destroy(); });
      s.on('error', e => { console.error(String(e)); process.exit(1); });
      s.listen({ host: h, port: p, backlog: 4096 }, () => { if (--left === 0) console.log('ready'); });
    }`;
  const { child, stop } = ns.spawn(process.execPath, ['-e', code]);
  const out = child.stdout;
  if (!out) throw new Error('no stdout from the listener child');
  const ready = await Promise.race([once(out, 'data').then(() => true), once(child, 'exit').then(() => false)]);
  if (!ready) throw new Error(`listeners in ${ns.name} failed to start`);
  return { stop };
}
