import type { NetProbeErrorCode } from '../errors';
import { NetProbeError } from '../errors';
import type { ProxyStage, ProxyStageTiming } from './types';

/**
 * A proxied connection failed. `stage` names the step (`proxy-connect`, `proxy-tls`, `greeting`, `auth`, `request`, …),
 * `hop` the proxy in the chain (0-based), `reply` the SOCKS reply code or the HTTP status when the proxy sent one,
 * `statusLine` an HTTP proxy's status line (quoted, escaped, bounded). `code` is
 * `refused`/`unreachable`/`timeout` when the proxy reports that about the target, `timeout`/`aborted` for
 * deadlines, `dns-error` for local resolution, and `proxy` for everything wrong with the proxy itself.
 */
export class ProxyError extends NetProbeError {
  /** Stages that completed before the failure, with timings. */
  completed: ProxyStageTiming[] = [];
  /** An HTTP proxy's status line, quoted and escaped (`"HTTP/1.1 407 Proxy Authentication Required"`). */
  statusLine?: string;
  constructor(
    code: NetProbeErrorCode,
    readonly stage: ProxyStage,
    readonly hop: number,
    message: string,
    readonly reply?: number,
    errno?: string,
  ) {
    super(code, message, errno);
  }
}

/** SOCKS5 reply codes (RFC 1928 §6). */
const SOCKS5_REPLIES: Record<number, { code: NetProbeErrorCode; text: string }> = {
  1: { code: 'proxy', text: 'general SOCKS server failure' },
  2: { code: 'proxy', text: "connection not allowed by the proxy's rules" },
  3: { code: 'unreachable', text: 'network unreachable from the proxy' },
  4: { code: 'unreachable', text: 'host unreachable from the proxy (or its name could not be resolved there)' },
  5: { code: 'refused', text: 'connection refused by the target: nothing listens there' },
  6: { code: 'timeout', text: "TTL expired (the proxy's connection to the target timed out)" },
  7: { code: 'proxy', text: 'command not supported by the proxy' },
  8: { code: 'proxy', text: 'address type not supported by the proxy' },
};

/** Meaning of a SOCKS5 reply code. */
export function socks5Reply(rep: number): { code: NetProbeErrorCode; text: string } {
  return SOCKS5_REPLIES[rep] ?? { code: 'proxy', text: `unknown reply code ${rep}` };
}

/** SOCKS4 reply codes (90 granted). */
const SOCKS4_REPLIES: Record<number, string> = {
  91: "request rejected or failed (target refused, unreachable, or not allowed by the proxy's rules)",
  92: 'request rejected: the proxy could not reach identd on this machine',
  93: 'request rejected: identd reported a different user id',
};

/** Meaning of a SOCKS4 reply code. */
export function socks4Reply(rep: number): string {
  return SOCKS4_REPLIES[rep] ?? `unknown reply code ${rep}`;
}
