import type { OperationOptions } from '../errors';
import type { ProxyConfig } from '../proxy/types';

/** What a connect probe found: `filtered` means no answer within the per-port timeout (after retries). */
export type PortState = 'open' | 'closed' | 'filtered' | 'error';

/** One address of the scanned host. */
export interface ScanTarget {
  address: string;
  family: 4 | 6;
}

/** What an open port said first (banner grab). */
export interface Banner {
  /** Printable text; other bytes are shown as `\xNN`. */
  text: string;
  /** The same bytes as lowercase hex. */
  hex: string;
  bytes: number;
}

/** The result for one port of one address. */
export interface ScanPortResult {
  address: string;
  family: 4 | 6;
  port: number;
  state: PortState;
  /** IANA service name registered for this TCP port, when there is one. */
  service?: string;
  /** Milliseconds from connect to answer (open or closed). */
  rttMs?: number;
  /** OS error name for `error` (and `closed`: `ECONNREFUSED`). */
  errno?: string;
  banner?: Banner;
}

/** Counts by state. */
export type ScanCounts = Record<PortState, number>;

/** Progress of a running scan. */
export interface ScanProgress {
  /** Probes finished (ports × addresses). */
  done: number;
  total: number;
  open: number;
  elapsedMs: number;
  /** Probes per second so far. */
  rate: number;
}

/** Options of {@link scanPorts}. `timeout` bounds the whole scan (default: none). */
export interface ScanOptions extends OperationOptions {
  /** Port spec (`22,80,443`, `1-1024`, `top100`, `top1000`, `all`); default `top1000`. */
  ports?: string;
  /** Restrict to one address family (default: every address the host has). */
  family?: 4 | 6;
  /** Scan through this SOCKS proxy (chain): each probe is a CONNECT request the proxy makes. */
  proxy?: ProxyConfig;
  /** Most connects in flight at once, over all workers (default: see {@link scanTuning}). */
  concurrency?: number;
  /** Milliseconds to wait for an answer from each port (default: see {@link scanTuning}). */
  portTimeout?: number;
  /**
   * The caller's configured tuning for direct scans (e.g. settings), used when `concurrency`/`portTimeout`
   * are not given; through a proxy core's proxy tuning applies instead ({@link scanTuning}).
   */
  directDefaults?: { concurrency?: number; portTimeout?: number };
  /** Extra attempts for ports that did not answer (default 1). */
  retries?: number;
  /** Read what open ports say first. */
  banner?: boolean;
  /** Milliseconds to wait for a banner (default 2000). */
  bannerTimeout?: number;
  /** Keep closed ports in `ports` (default false: only counted). */
  includeClosed?: boolean;
  /** Worker threads (default: 1 for small scans, else up to 2 by CPU count). */
  workers?: number;
  /** Called for every result as it arrives (closed ones only with `includeClosed`). */
  onResult?: (r: ScanPortResult) => void;
  /** Called about ten times a second while the scan runs. */
  onProgress?: (p: ScanProgress) => void;
  /** Path of the worker script (default: `scan-worker.js` beside this module). */
  workerPath?: string;
}

/** What {@link scanPorts} found. */
export interface ScanResult {
  host: string;
  targets: ScanTarget[];
  /** The port spec as given. */
  spec: string;
  /** Ports scanned per address. */
  portCount: number;
  /** Results in address then port order: every port that is not closed (plus closed with `includeClosed`). */
  ports: ScanPortResult[];
  /** Distinct open port numbers, ascending. */
  open: number[];
  counts: ScanCounts;
  elapsedMs: number;
  /** The proxy (chain) scanned through, passwords redacted; absent when direct. */
  via?: string;
  /** Through a proxy: who resolved the host name (`none` for an address). */
  resolvedBy?: 'client' | 'proxy' | 'none';
}
