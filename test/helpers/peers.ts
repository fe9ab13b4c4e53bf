import { spawn } from 'child_process';
import type { ChildProcess, SpawnOptions } from 'child_process';
import * as dgram from 'dgram';
import { once } from 'events';
import * as net from 'net';

/** A loopback TCP port that is free right now (bound to port 0, then released). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const s = net.createServer();
  s.listen(0, host);
  await once(s, 'listening');
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>(r => s.close(() => r()));
  return port;
}

function canBind(kind: 'tcp' | 'udp', host: string, port: number): Promise<boolean> {
  return new Promise<boolean>(resolve => {
    if (kind === 'udp') {
      const s = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
      s.once('error', () => {
        s.close();
        resolve(false);
      });
      s.bind(port, host, () => s.close(() => resolve(true)));
      return;
    }
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** A port free for TCP (and UDP with `udp`) on both 127.0.0.1 and ::1 right now, for peers that listen on both. */
export async function freeDualPort(opts: { udp?: boolean } = {}): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = await freePort('127.0.0.1');
    const checks = [canBind('tcp', '::1', port), ...(opts.udp ? [canBind('udp', '127.0.0.1', port), canBind('udp', '::1', port)] : [])];
    if ((await Promise.all(checks)).every(Boolean)) return port;
  }
  throw new Error('no port free on both 127.0.0.1 and ::1');
}

export interface WaitListeningOptions {
  /** The peer being started: waiting stops with its log when it exits. */
  child?: ChildProcess;
  log?: () => string;
  /** Name for messages (`nginx`, `SOCKS peer`). */
  what?: string;
  timeoutMs?: number;
}

function exitedEarly(child: ChildProcess | undefined): boolean {
  return child !== undefined && (child.exitCode !== null || child.signalCode !== null);
}

/** Resolves when `host:port` accepts a TCP connection, polling while a peer starts; rejects if the peer exits. */
export async function waitListening(host: string, port: number, opts: WaitListeningOptions = {}): Promise<void> {
  const what = opts.what ?? 'peer';
  const log = opts.log ?? ((): string => '');
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    if (exitedEarly(opts.child)) throw new Error(`${what} exited during start-up (${opts.child?.exitCode ?? opts.child?.signalCode}): ${log()}`);
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${host}:${port} within ${opts.timeoutMs ?? 10_000} ms: ${log()}`);
    const ok = await new Promise<boolean>(r => {
      const s = net.connect({ host, port });
      s.once('connect', () => {
        s.destroy();
        r(true);
      });
      s.once('error', () => r(false));
    });
    if (ok) return;
    await new Promise<void>(r => setTimeout(r, 20));
  }
}

/**
 * Stops a child (SIGTERM, or `signal`) and waits for its exit; nothing to do when it already exited. A child still
 * running after `graceMs` gets SIGKILL: a daemon that misses the signal (tinyproxy can, between checking its quit flag
 * and waiting in select) would otherwise hold the test until its own idle timeout.
 */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
  if (exitedEarly(child)) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const escalate = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(escalate);
  }
}

/** A server process a test started; `close` stops it and waits for its exit. */
export interface Peer {
  child: ChildProcess;
  /** Everything the peer wrote to stderr. */
  log: () => string;
  close: () => Promise<void>;
}

export interface SpawnPeerOptions {
  /** Where the peer listens; `spawnPeer` resolves once a TCP connection there succeeds. */
  host: string;
  port: number;
  what?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

/**
 * Spawns `argv` in the foreground (stderr collected) and waits until it listens on `host:port`. A peer
 * that exits or does not listen in time is killed and awaited, and the error carries its stderr.
 */
export async function spawnPeer(argv: string[], opts: SpawnPeerOptions): Promise<Peer> {
  const [cmd, ...args] = argv;
  if (!cmd) throw new Error('spawnPeer: empty command');
  const spawnOptions: SpawnOptions = { stdio: ['ignore', 'ignore', 'pipe'], ...(opts.env ? { env: opts.env } : {}), ...(opts.cwd ? { cwd: opts.cwd } : {}) };
  const child = spawn(cmd, args, spawnOptions);
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  child.on('error', e => {
    stderr += String(e);
  });
  const log = (): string => stderr;
  try {
    await waitListening(opts.host, opts.port, { child, log, what: opts.what ?? cmd, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  } catch (e) {
    await stopChild(child, 'SIGKILL');
    throw e;
  }
  return { child, log, close: () => stopChild(child) };
}

/**
 * The one rule for tests that need something this machine may lack (root, namespaces, a tool): given why
 * they cannot run (undefined when they can), returns false to run them; under CI (`CI` set) throws, since
 * CI must run every test; elsewhere prints the reason and returns it, for `{ skip }`.
 */
export function skipOutsideCi(why: string | undefined, what: string): string | false {
  if (why === undefined) return false;
  if (process.env.CI) throw new Error(`${what} must run in CI: ${why}`);
  console.log(`# skipping ${what}: ${why}`);
  return why;
}
