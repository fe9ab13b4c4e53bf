import type * as net from 'net';
import { isIPv4 } from 'net';
import type { ResolvedAddress } from '../resolve/resolve';
import { resolve } from '../resolve/resolve';
import type { ConnectAttempt } from './connect';
import { tcpConnect } from './connect';
import type { OperationOptions } from '../errors';
import { NetProbeError, nowMs, roundMs } from '../errors';

export interface DirectDialOptions extends OperationOptions {
  /** Restrict to one address family. */
  family?: 4 | 6;
  /** Called with the socket as soon as it connects (see `ConnectOptions.onConnect`); never for a proxy's socket. */
  onConnect?: (socket: net.Socket) => void;
}

/** An open TCP connection with how it was made. The caller owns and must close `socket`. */
export interface DirectDialed {
  socket: net.Socket;
  /** Address actually connected to (the proxy's, when proxied). */
  remoteAddress: string;
  remotePort: number;
  localAddress?: string;
  localPort?: number;
  /** Milliseconds spent resolving the name (0 for literals or when the proxy resolves). */
  dnsMs: number;
  /** Milliseconds spent in TCP connect (and the proxy handshake, when proxied). */
  connectMs: number;
  /** Every address tried, in order. */
  attempts: ConnectAttempt[];
  /** Human description of the route, e.g. `direct` or `socks5h://proxy:1080` (passwords redacted). */
  via: string;
}

/** A dial where every address failed: named after the first failure, with every attempt (as `curl -v` lists them). */
export class DialFailure extends NetProbeError {
  constructor(
    code: NetProbeError['code'],
    message: string,
    errno: string | undefined,
    readonly attempts: ConnectAttempt[],
  ) {
    super(code, message, errno);
  }
}

function dialFailure(host: string, port: number, attempts: ConnectAttempt[]): DialFailure {
  const first = attempts[0];
  const outcome = first?.outcome;
  const errno = first?.errno;
  const where = `${host}:${port}`;
  if (outcome === 'refused') return new DialFailure('refused', `Connection refused by ${where}: nothing is listening there.`, errno, attempts);
  if (outcome === 'timeout')
    return new DialFailure('timeout', `Connecting to ${where} timed out: the host is down, unreachable, or a firewall drops the packets.`, errno, attempts);
  if (outcome === 'unreachable') return new DialFailure('unreachable', `No route to ${where} (${errno ?? 'unreachable'}).`, errno, attempts);
  if (outcome === 'aborted') return new DialFailure('aborted', `Connecting to ${where} was cancelled.`, undefined, attempts);
  return new DialFailure('os-error', `Connecting to ${where} failed (${errno ?? 'unknown error'}).`, errno, attempts);
}

/**
 * Opens a direct TCP connection to `host:port`: resolves (getaddrinfo order) and tries each address in turn
 * until one accepts. Features dial through `route/dial` (`dial`), which adds proxies; this is the transport
 * underneath. Throws NetProbeError (`refused`, `timeout`, `unreachable`, `dns-error`, …).
 */
export async function dialDirect(host: string, port: number, opts: DirectDialOptions = {}): Promise<DirectDialed> {
  // A dotted-quad IPv4 literal needs no resolution (and no extra turn through resolve()).
  if (isIPv4(host) && opts.family !== 6) return dialAddresses(host, port, [{ family: 4, address: host }], 0, opts);
  const t0 = nowMs();
  const { addresses } = await resolve(host, opts);
  const dnsMs = roundMs(nowMs() - t0);
  return dialAddresses(host, port, addresses, dnsMs, opts);
}

/** Tries already-resolved addresses in order; see {@link dialDirect}. */
export async function dialAddresses(host: string, port: number, addresses: ResolvedAddress[], dnsMs: number, opts: DirectDialOptions): Promise<DirectDialed> {
  const attempts: ConnectAttempt[] = [];
  const t1 = nowMs();
  for (const a of addresses) {
    const attempt = await tcpConnect(a.address, a.family, port, {
      timeout: opts.timeout,
      signal: opts.signal,
      scopeId: a.scopeId,
      keep: true,
      onConnect: opts.onConnect,
    });
    const socket = attempt.socket;
    if (socket) delete attempt.socket;
    attempts.push(attempt);
    if (socket) {
      return {
        socket,
        remoteAddress: a.address,
        remotePort: port,
        localAddress: attempt.localAddress,
        localPort: attempt.localPort,
        dnsMs,
        connectMs: roundMs(nowMs() - t1),
        attempts,
        via: 'direct',
      };
    }
    if (attempt.outcome === 'aborted') break;
  }
  throw dialFailure(host, port, attempts);
}
