import * as net from 'net';
import type { OperationOptions } from '../errors';
import { DEFAULT_TIMEOUT_MS, isErrnoException, nowMs, roundMs } from '../errors';

/** What a single TCP connection attempt found. */
export type ConnectOutcome = 'open' | 'refused' | 'timeout' | 'unreachable' | 'error' | 'aborted';

/** One TCP connect attempt to one address. */
export interface ConnectAttempt {
  address: string;
  family: 4 | 6;
  port: number;
  outcome: ConnectOutcome;
  elapsedMs: number;
  /** Local address and port the kernel chose (on success). */
  localAddress?: string;
  localPort?: number;
  /** OS error name when the attempt failed (`ECONNREFUSED`, `ENETUNREACH`, …). */
  errno?: string;
}

/** Maps an OS error name to a connect outcome. */
export function outcomeOfErrno(errno: string | undefined): ConnectOutcome {
  switch (errno) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return 'unreachable';
    default:
      return 'error';
  }
}

export interface ConnectOptions extends OperationOptions {
  /** Keep the connected socket instead of closing it (the caller owns it then). */
  keep?: boolean;
  /** Interface index for a scoped IPv6 address. */
  scopeId?: number;
  /**
   * With `keep`: called with the socket the moment it connects, before any bookkeeping, to send a protocol's first
   * bytes at once (a server that has just accepted is still awake to read them).
   */
  onConnect?: (socket: net.Socket) => void;
}

/**
 * Opens a TCP connection to one address and reports how it went. Never rejects: failures are outcomes.
 * With `keep`, the open socket is returned for the caller to use and close.
 */
export function tcpConnect(address: string, family: 4 | 6, port: number, opts: ConnectOptions = {}): Promise<ConnectAttempt & { socket?: net.Socket }> {
  const start = nowMs();
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const host = family === 6 && opts.scopeId ? `${address}%${opts.scopeId}` : address;
  return new Promise(resolve => {
    if (opts.signal?.aborted) {
      resolve({ address, family, port, outcome: 'aborted', elapsedMs: 0 });
      return;
    }
    const socket = net.connect({ host, port, family });
    let settled = false;
    const finish = (outcome: ConnectOutcome, errno?: string, at = nowMs()): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const attempt: ConnectAttempt & { socket?: net.Socket } = { address, family, port, outcome, elapsedMs: roundMs(at - start) };
      if (errno) attempt.errno = errno;
      if (outcome === 'open') {
        attempt.localAddress = socket.localAddress;
        attempt.localPort = socket.localPort;
      }
      if (outcome === 'open' && opts.keep) {
        socket.removeListener('error', onError);
        attempt.socket = socket;
      } else {
        socket.destroy();
      }
      resolve(attempt);
    };
    const onAbort = (): void => finish('aborted');
    const timer = setTimeout(() => finish('timeout', 'ETIMEDOUT'), timeout);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const onError = (e: unknown): void => {
      const errno = isErrnoException(e) ? e.code : undefined;
      finish(outcomeOfErrno(errno), errno);
    };
    socket.once('connect', () => {
      const at = nowMs();
      // First, before the bookkeeping: the caller's first bytes reach a server that has only just accepted.
      if (opts.keep && !settled) opts.onConnect?.(socket);
      finish('open', undefined, at);
    });
    socket.once('error', onError);
  });
}
