import * as fs from 'fs/promises';
import type { OperationOptions } from '../errors';
import { nowMs, roundMs, withDeadline } from '../errors';
import { serviceName } from '../scan/services';
import type { SocketOwner } from './owners';
import { socketOwners } from './owners';
import { parseProcNet } from './proc-net';

/** A socket this machine listens on. */
export interface Listener {
  protocol: 'tcp' | 'udp';
  family: 4 | 6;
  address: string;
  port: number;
  /** IANA service name of the port, when registered. */
  service?: string;
  uid: number;
  inode: number;
  /** Processes holding the socket (empty when the OS does not say, e.g. another user's without root). */
  processes: SocketOwner[];
}

/** What {@link listListeners} found. */
export interface ListenersResult {
  /** False on systems without /proc/net (everything but Linux): `listeners` is empty, `message` says why. */
  supported: boolean;
  message?: string;
  listeners: Listener[];
  elapsedMs: number;
}

const TCP_LISTEN = 0x0a;
const UDP_UNCONNECTED = 0x07;

const SOURCES = [
  { file: 'tcp', protocol: 'tcp', family: 4 },
  { file: 'tcp6', protocol: 'tcp', family: 6 },
  { file: 'udp', protocol: 'udp', family: 4 },
  { file: 'udp6', protocol: 'udp', family: 6 },
] as const;

export interface ListenersOptions extends OperationOptions {
  /** Include UDP sockets bound to a port and not connected (default true). */
  udp?: boolean;
  /** Root of procfs (default `/proc`; tests point it elsewhere). */
  procRoot?: string;
}

async function collect(opts: ListenersOptions, procRoot: string): Promise<Listener[]> {
  const found: Listener[] = [];
  for (const src of SOURCES) {
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
      const l: Listener = { protocol: src.protocol, family: src.family, address: s.address, port: s.port, uid: s.uid, inode: s.inode, processes: [] };
      const service = serviceName(s.port, src.protocol);
      if (service) l.service = service;
      found.push(l);
    }
  }
  const owners = await socketOwners(new Set(found.map(l => l.inode).filter(i => i > 0)), procRoot);
  for (const l of found) l.processes = owners.get(l.inode) ?? [];
  found.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port || a.family - b.family || a.address.localeCompare(b.address));
  return found;
}

/**
 * Lists the TCP ports this machine listens on (and bound, unconnected UDP ports) with the owning
 * processes, from Linux's /proc/net/{tcp,tcp6,udp,udp6} and /proc/PID/fd. In the caller's network
 * namespace. Elsewhere returns `supported: false` with a message instead of guessing.
 */
export async function listListeners(opts: ListenersOptions = {}): Promise<ListenersResult> {
  const start = nowMs();
  const procRoot = opts.procRoot ?? '/proc';
  if (process.platform !== 'linux' && opts.procRoot === undefined) {
    return { supported: false, message: `Listing listening ports is supported on Linux only (this is ${process.platform}); use netstat -an or lsof -i here.`, listeners: [], elapsedMs: 0 };
  }
  const listeners = await withDeadline(collect(opts, procRoot), 'Listing listening ports', opts);
  if (listeners.length === 0) {
    try {
      await fs.access(`${procRoot}/net/tcp`);
    } catch {
      return { supported: false, message: `${procRoot}/net/tcp is not readable, so listening ports cannot be listed here.`, listeners: [], elapsedMs: roundMs(nowMs() - start) };
    }
  }
  return { supported: true, listeners, elapsedMs: roundMs(nowMs() - start) };
}
