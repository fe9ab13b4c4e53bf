import * as net from 'net';
import type { OperationOptions } from '../errors';
import { NetProbeError, isErrnoException, withDeadline } from '../errors';
import { parsePort } from '../address/host-port';
import type { ListeningSocket } from '../platform/listening';
import { listeningSockets } from '../platform/listening';
import type { SocketOwner } from '../platform/proc-owners';

/** Whether one local address can bind the port. */
export interface BindCheck {
  host: string;
  free: boolean;
  /** Why not: `in-use` (EADDRINUSE), `permission` (EACCES, e.g. ports < 1024 without privilege), `unavailable` (no such local address), `error`. */
  reason?: 'in-use' | 'permission' | 'unavailable' | 'error';
  errno?: string;
  message: string;
  /** For `in-use`: the processes listening on the port there (empty when not visible to this user). */
  holders?: SocketOwner[];
}

export interface PortFreeResult {
  port: number;
  /** True when every checked address could bind. */
  free: boolean;
  checks: BindCheck[];
  /** The TCP sockets listening on the port, with their processes, when a check found it in use. */
  listeners?: ListeningSocket[];
  /** Who holds the port, `name (pid N)` each once, when a check found it in use and the process is visible. */
  heldBy?: string[];
}

/** The listeners that hold `port` for an address: the same address, or a wildcard on the same family. */
function holding(listeners: readonly ListeningSocket[], host: string): ListeningSocket[] {
  const family = (a: string): 4 | 6 => (net.isIPv6(a) ? 6 : 4);
  const wildcard = (a: string): boolean => a === '0.0.0.0' || a === '::';
  // A wildcard covers its family; `::` (dual-stack) covers both.
  const covers = (wide: string, other: string): boolean => wildcard(wide) && (wide === '::' || family(wide) === family(other));
  return listeners.filter(l => l.address === host || covers(l.address, host) || covers(host, l.address));
}

function describeOwners(owners: readonly SocketOwner[]): string {
  return owners.map(o => `${o.name} (pid ${o.pid}${o.command ? `: ${o.command.replace(/\s+/g, ' ').slice(0, 80)}` : ''})`).join(', ');
}

/** The processes holding the port in any check, each once (`name (pid N)`), for a one-line verdict. */
function holderNames(checks: readonly BindCheck[]): string[] {
  const seen = new Map<number, SocketOwner>();
  for (const c of checks) for (const o of c.holders ?? []) seen.set(o.pid, o);
  return [...seen.values()].map(o => `${o.name} (pid ${o.pid})`);
}

/** Names who holds the port in each `in-use` check (the machine's listening sockets, where they can be read). */
async function nameHolders(port: number, checks: BindCheck[], opts: OperationOptions): Promise<ListeningSocket[] | undefined> {
  if (!checks.some(c => c.reason === 'in-use')) return undefined;
  let scan;
  try {
    scan = await listeningSockets({ udp: false, ...(opts.signal ? { signal: opts.signal } : {}) });
  } catch {
    return undefined;
  }
  const listeners = scan.sockets.filter(s => s.protocol === 'tcp' && s.port === port);
  for (const c of checks) {
    if (c.reason !== 'in-use') continue;
    const here = holding(listeners, c.host);
    const owners = here.flatMap(l => l.processes).filter((o, i, all) => all.findIndex(x => x.pid === o.pid) === i);
    c.holders = owners;
    if (owners.length) c.message = `Port ${port} on ${c.host} is in use: ${describeOwners(owners)} listens on it.`;
    else if (here.length)
      c.message = `Port ${port} on ${c.host} is in use by a listening socket of ${here[0]?.uid !== undefined ? `user id ${here[0].uid}` : 'another user'} (its process is not visible to this user).`;
    else c.message = `Port ${port} on ${c.host} is in use, though nothing listens on it (a connection or a bound socket holds it).`;
  }
  return listeners;
}

/** The addresses checked when no host is given: all interfaces and both loopbacks. */
export const DEFAULT_BIND_HOSTS = ['0.0.0.0', '::', '127.0.0.1', '::1'] as const;

function tryBind(host: string, port: number, opts: OperationOptions): Promise<BindCheck> {
  const server = net.createServer();
  const attempt = new Promise<BindCheck>(resolve => {
    server.once('error', (e: unknown) => {
      const errno = isErrnoException(e) ? e.code : undefined;
      const reason =
        errno === 'EADDRINUSE' ? 'in-use' : errno === 'EACCES' ? 'permission' : errno === 'EADDRNOTAVAIL' || errno === 'EAFNOSUPPORT' ? 'unavailable' : 'error';
      const message = {
        'in-use': `Port ${port} on ${host} is already in use by another socket.`,
        permission: `Binding port ${port} on ${host} needs privileges this process does not have.`,
        unavailable: `${host} is not an address of this machine (or its family is not supported).`,
        error: `Binding port ${port} on ${host} failed (${errno ?? 'unknown error'}).`,
      }[reason];
      resolve({ host, free: false, reason, ...(errno ? { errno } : {}), message });
    });
    server.listen({ host, port, exclusive: true, ipv6Only: host === '::' ? false : undefined }, () => {
      server.close(() => resolve({ host, free: true, message: `Port ${port} on ${host} is free to bind.` }));
    });
  });
  return withDeadline(attempt, `Binding port ${port} on ${host}`, opts, () => server.close());
}

/**
 * Can this machine bind `port`? Checks one host, or by default all interfaces (0.0.0.0, :: dual-stack)
 * and both loopbacks, each individually, and says why not (in use — naming the process that listens on it,
 * where this user may see it — or permission).
 */
export async function isPortFree(port: number, opts: OperationOptions & { host?: string } = {}): Promise<PortFreeResult> {
  parsePort(port);
  const hosts = opts.host ? [opts.host] : [...DEFAULT_BIND_HOSTS];
  if (opts.host && !net.isIP(opts.host)) throw new NetProbeError('invalid-input', `"${opts.host}" is not a local IP address.`);
  const checks: BindCheck[] = [];
  for (const host of hosts) checks.push(await tryBind(host, port, opts));
  const relevant = opts.host ? checks : checks.filter(c => c.reason !== 'unavailable');
  const listeners = await nameHolders(port, checks, opts);
  const heldBy = holderNames(checks);
  return { port, free: relevant.length > 0 && relevant.every(c => c.free), checks, ...(listeners ? { listeners } : {}), ...(heldBy.length ? { heldBy } : {}) };
}
