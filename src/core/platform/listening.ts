import { execFile } from 'child_process';
import * as fs from 'fs/promises';
import type { OperationOptions } from '../errors';
import { NetProbeError } from '../errors';
import { parseProcNet } from './proc-net';
import type { SocketOwner } from './proc-owners';
import { socketOwners } from './proc-owners';
import type { PlatformOptions } from './types';
import { useLinuxSources } from './types';

/** Where a list of listening sockets came from: Linux procfs, or the `lsof` / `netstat -an` tools elsewhere. */
export type ListenerSource = 'proc' | 'lsof' | 'netstat';

/** A socket listening (TCP) or bound and unconnected (UDP) on this machine. */
export interface ListeningSocket {
  protocol: 'tcp' | 'udp';
  family: 4 | 6;
  address: string;
  port: number;
  /** Owner's user id (procfs, lsof). */
  uid?: number;
  /** Socket inode (procfs). */
  inode?: number;
  /** Processes holding the socket (procfs, lsof; none from netstat, or another user's without root). */
  processes: SocketOwner[];
}

export interface ListeningOptions extends PlatformOptions, OperationOptions {
  /** Include bound, unconnected UDP sockets (default true). */
  udp?: boolean;
  /** Root of procfs (default `/proc`; tests point it elsewhere). Implies the procfs source. */
  procRoot?: string;
  /** Read this source only (tests force the portable ones on Linux). */
  source?: ListenerSource;
}

/** What {@link listeningSockets} found, or why it could not look. */
export interface ListeningScan {
  /** Undefined when no source works here (`message` says why). */
  source?: ListenerSource;
  sockets: ListeningSocket[];
  message?: string;
}

const TCP_LISTEN = 0x0a;
const UDP_UNCONNECTED = 0x07;
const PROC_SOURCES = [
  { file: 'tcp', protocol: 'tcp', family: 4 },
  { file: 'tcp6', protocol: 'tcp', family: 6 },
  { file: 'udp', protocol: 'udp', family: 4 },
  { file: 'udp6', protocol: 'udp', family: 6 },
] as const;

async function fromProc(opts: ListeningOptions, procRoot: string): Promise<ListeningSocket[]> {
  const found: ListeningSocket[] = [];
  for (const src of PROC_SOURCES) {
    if (src.protocol === 'udp' && opts.udp === false) continue;
    let text: string;
    try {
      text = await fs.readFile(`${procRoot}/net/${src.file}`, 'utf8');
    } catch {
      continue;
    }
    const wanted = src.protocol === 'tcp' ? TCP_LISTEN : UDP_UNCONNECTED;
    for (const s of parseProcNet(text)) {
      if (s.state !== wanted || s.port === 0) continue;
      found.push({ protocol: src.protocol, family: src.family, address: s.address, port: s.port, uid: s.uid, inode: s.inode, processes: [] });
    }
  }
  const owners = await socketOwners(new Set(found.map(l => l.inode ?? 0).filter(i => i > 0)), procRoot);
  for (const l of found) l.processes = owners.get(l.inode ?? 0) ?? [];
  return found;
}

/** Splits `addr:port`, `[v6]:port` (Linux, Windows, lsof) or `addr.port` (BSD/macOS netstat); `*` is any address. */
export function splitEndpoint(text: string, family: 4 | 6 | undefined): { address: string; port: number; family: 4 | 6 } | undefined {
  const bracket = /^\[([^\]]*)\]:(\d+)$/.exec(text);
  let address: string;
  let portText: string;
  if (bracket) {
    address = bracket[1] ?? '';
    portText = bracket[2] ?? '';
  } else {
    const colon = text.lastIndexOf(':');
    const dot = text.lastIndexOf('.');
    const cut = dot > colon && /^\d+$/.test(text.slice(dot + 1)) ? dot : colon;
    if (cut < 0) return undefined;
    address = text.slice(0, cut);
    portText = text.slice(cut + 1);
  }
  if (!/^\d+$/.test(portText)) return undefined;
  const fam: 4 | 6 = family ?? (address.includes(':') ? 6 : 4);
  if (address === '*' || address === '') address = fam === 6 ? '::' : '0.0.0.0';
  return { address: address.replace(/%.*$/, ''), port: Number(portText), family: fam };
}

function isWildcard(endpoint: string): boolean {
  return /^(\*|0\.0\.0\.0|::|\[::\])?[:.]\*$|^(\*|0\.0\.0\.0|\[::\]):0$/.test(endpoint);
}

/**
 * Parses `netstat -an` output of Linux (net-tools), macOS/BSD and Windows: TCP rows in LISTEN(ING) state and UDP
 * rows with no remote end. No owners (netstat -an does not name processes).
 */
export function parseNetstat(text: string, udp = true): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim().split(/\s+/);
    const proto = (t[0] ?? '').toLowerCase();
    const protocol = proto.startsWith('tcp') ? 'tcp' : proto.startsWith('udp') ? 'udp' : undefined;
    if (!protocol || (protocol === 'udp' && !udp)) continue;
    // Unix-like rows have Recv-Q and Send-Q before the addresses; Windows rows do not.
    const [local, remote, state] = /^\d+$/.test(t[1] ?? '') ? [t[3], t[4], t[5]] : [t[1], t[2], t[3]];
    if (!local || !remote) continue;
    if (protocol === 'tcp' && !/^LISTEN(ING)?$/i.test(state ?? '')) continue;
    if (protocol === 'udp' && !isWildcard(remote)) continue;
    const family = /6$/.test(proto) ? 6 : /4$/.test(proto) ? 4 : undefined;
    const ep = splitEndpoint(local, family);
    if (ep && ep.port > 0) out.push({ protocol, ...ep, processes: [] });
  }
  return out;
}

/** Parses `lsof -nP -FpcuftPn` output (TCP listeners and UDP sockets), with the owning processes. */
export function parseLsof(text: string, udp = true): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  let owner: SocketOwner | undefined;
  let uid: number | undefined;
  let family: 4 | 6 | undefined;
  let protocol: 'tcp' | 'udp' | undefined;
  for (const line of text.split('\n')) {
    const field = line[0];
    const value = line.slice(1);
    if (field === 'p') {
      owner = { pid: Number(value), name: '' };
      uid = undefined;
    } else if (field === 'c' && owner) owner.name = value;
    else if (field === 'u') uid = Number(value);
    else if (field === 'f') {
      family = undefined;
      protocol = undefined;
    } else if (field === 't') family = value === 'IPv6' ? 6 : value === 'IPv4' ? 4 : undefined;
    else if (field === 'P') protocol = value === 'TCP' ? 'tcp' : value === 'UDP' ? 'udp' : undefined;
    else if (field === 'n' && protocol && family && !value.includes('->') && (protocol === 'tcp' || udp)) {
      const ep = splitEndpoint(value, family);
      if (!ep || ep.port === 0) continue;
      const same = out.find(s => s.protocol === protocol && s.family === ep.family && s.address === ep.address && s.port === ep.port);
      if (same) {
        if (owner && !same.processes.some(p => p.pid === owner?.pid)) same.processes.push({ ...owner });
        continue;
      }
      out.push({ protocol, ...ep, ...(uid !== undefined ? { uid } : {}), processes: owner ? [{ ...owner }] : [] });
    }
  }
  return out;
}

function run(cmd: string, args: string[], opts: OperationOptions): Promise<string | undefined> {
  return new Promise(resolve => {
    execFile(
      cmd,
      args,
      { timeout: opts.timeout ?? 10_000, maxBuffer: 32 * 1024 * 1024, windowsHide: true, ...(opts.signal ? { signal: opts.signal } : {}) },
      (err, stdout) => {
        // lsof exits 1 when nothing matches; a missing tool (ENOENT) or a failure gives nothing.
        if (err && !(typeof err.code === 'number' && stdout !== '')) resolve(err.code === 1 ? '' : undefined);
        else resolve(stdout);
      },
    );
  });
}

/** TCP listeners and UDP sockets from lsof (two runs: `-sTCP:LISTEN` would hide UDP sockets in one). */
async function lsofText(opts: ListeningOptions): Promise<string | undefined> {
  const tcp = await run('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-FpcuftPn'], opts);
  if (tcp === undefined || opts.udp === false) return tcp;
  const udp = await run('lsof', ['-nP', '-iUDP', '-FpcuftPn'], opts);
  return `${tcp}\n${udp ?? ''}`;
}

async function procReadable(procRoot: string): Promise<boolean> {
  try {
    await fs.access(`${procRoot}/net/tcp`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Lists this machine's listening TCP sockets and bound, unconnected UDP sockets, in the caller's network
 * namespace: Linux procfs (`/proc/net/*`, owners from `/proc/PID/fd`); elsewhere, or when forced, `lsof` (with
 * owners) or `netstat -an` (without), whichever is present. Says why when none works.
 */
export async function listeningSockets(opts: ListeningOptions = {}): Promise<ListeningScan> {
  const procRoot = opts.procRoot ?? '/proc';
  const order: ListenerSource[] = opts.source
    ? [opts.source]
    : opts.procRoot !== undefined
      ? ['proc']
      : useLinuxSources(opts)
        ? ['proc', 'lsof', 'netstat']
        : ['lsof', 'netstat'];
  for (const source of order) {
    if (opts.signal?.aborted) throw new NetProbeError('aborted', 'Listing listening ports was cancelled.');
    if (source === 'proc') {
      if (await procReadable(procRoot)) return { source, sockets: await fromProc(opts, procRoot) };
      continue;
    }
    const text = source === 'lsof' ? await lsofText(opts) : await run('netstat', ['-an'], opts);
    if (text !== undefined) return { source, sockets: source === 'lsof' ? parseLsof(text, opts.udp !== false) : parseNetstat(text, opts.udp !== false) };
  }
  const why = order.map(s => (s === 'proc' ? `${procRoot}/net/tcp is not readable` : `${s} is not installed or failed`)).join(', ');
  return { sockets: [], message: `Listening ports cannot be listed here (${process.platform}): ${why}.` };
}
