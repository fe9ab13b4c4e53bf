import * as net from 'net';
import type { OperationOptions } from '../errors';
import { NetProbeError, isErrnoException, withDeadline } from '../errors';
import { parsePort } from '../address/host-port';

/** Whether one local address can bind the port. */
export interface BindCheck {
  host: string;
  free: boolean;
  /** Why not: `in-use` (EADDRINUSE), `permission` (EACCES, e.g. ports < 1024 without privilege), `unavailable` (no such local address), `error`. */
  reason?: 'in-use' | 'permission' | 'unavailable' | 'error';
  errno?: string;
  message: string;
}

export interface PortFreeResult {
  port: number;
  /** True when every checked address could bind. */
  free: boolean;
  checks: BindCheck[];
}

/** The addresses checked when no host is given: all interfaces and both loopbacks. */
export const DEFAULT_BIND_HOSTS = ['0.0.0.0', '::', '127.0.0.1', '::1'] as const;

function tryBind(host: string, port: number, opts: OperationOptions): Promise<BindCheck> {
  const server = net.createServer();
  const attempt = new Promise<BindCheck>(resolve => {
    server.once('error', (e: unknown) => {
      const errno = isErrnoException(e) ? e.code : undefined;
      const reason = errno === 'EADDRINUSE' ? 'in-use' : errno === 'EACCES' ? 'permission' : errno === 'EADDRNOTAVAIL' || errno === 'EAFNOSUPPORT' ? 'unavailable' : 'error';
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
 * and both loopbacks, each individually, and says why not (in use, permission).
 */
export async function isPortFree(port: number, opts: OperationOptions & { host?: string } = {}): Promise<PortFreeResult> {
  parsePort(port);
  const hosts = opts.host ? [opts.host] : [...DEFAULT_BIND_HOSTS];
  if (opts.host && !net.isIP(opts.host)) throw new NetProbeError('invalid-input', `"${opts.host}" is not a local IP address.`);
  const checks: BindCheck[] = [];
  for (const host of hosts) checks.push(await tryBind(host, port, opts));
  const relevant = opts.host ? checks : checks.filter(c => c.reason !== 'unavailable');
  return { port, free: relevant.length > 0 && relevant.every(c => c.free), checks };
}
