import type { ScanOptions } from './types';

/** Connects in flight at once in a direct scan (loopback drops SYNs above about 1000). */
export const DEFAULT_SCAN_CONCURRENCY = 500;
/** Milliseconds a direct scan waits for each port. */
export const DEFAULT_PORT_TIMEOUT_MS = 1000;
/** Connections in flight through a proxy by default: proxies (and their operators) dislike floods. */
export const DEFAULT_PROXY_SCAN_CONCURRENCY = 32;
/** Through a proxy each probe is a SOCKS handshake as well as a connect: less than this reads as `filtered`. */
export const PROXY_MIN_PORT_TIMEOUT_MS = 3000;

/** How hard a scan pushes: connects in flight and the wait for each port. */
export interface ScanTuning {
  concurrency: number;
  portTimeout: number;
}

/**
 * The concurrency and per-port timeout a scan with these options uses. Explicit `concurrency`/`portTimeout`
 * always win. Otherwise a direct scan takes the caller's `directDefaults` (its settings) or 500 / 1000 ms;
 * a scan through a proxy takes 32 connections and at least 3 s per port (the settings' tuning is for direct
 * connects and would flood the proxy or call every port `filtered`).
 */
export function scanTuning(opts: Pick<ScanOptions, 'concurrency' | 'portTimeout' | 'proxy' | 'directDefaults'>): ScanTuning {
  const d = opts.directDefaults ?? {};
  if (opts.proxy) {
    return {
      concurrency: opts.concurrency ?? DEFAULT_PROXY_SCAN_CONCURRENCY,
      portTimeout: opts.portTimeout ?? Math.max(PROXY_MIN_PORT_TIMEOUT_MS, d.portTimeout ?? 0),
    };
  }
  return {
    concurrency: opts.concurrency ?? d.concurrency ?? DEFAULT_SCAN_CONCURRENCY,
    portTimeout: opts.portTimeout ?? d.portTimeout ?? DEFAULT_PORT_TIMEOUT_MS,
  };
}
