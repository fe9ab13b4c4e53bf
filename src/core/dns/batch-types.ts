import type { OperationOptions } from '../errors';
import type { NetProbeError } from '../errors';
import type { ProxyConfig } from '../proxy/types';
import type { DnsConnectionPool } from './encrypted/pool';
import type { SecureDnsOptions } from './encrypted/types';
import type { Target } from './udp';

/** Options of {@link dnsBatch}; `timeout` applies to each query. The {@link SecureDnsOptions} apply to `tls://` and `https://` servers. */
export interface BatchOptions extends OperationOptions, SecureDnsOptions {
  /** As for `dnsQuery`, including `tls://HOST[:853]` and `https://HOST[:443]/PATH`. */
  server?: string;
  resolvConf?: string;
  /** Record types asked for each name (default A and AAAA); addresses always get PTR. */
  types?: string[];
  /** Queries in flight at once (default 100). */
  concurrency?: number;
  /** UDP sockets (each a random source port) the queries are spread over, in-thread runs only (default 1). */
  sockets?: number;
  /** UDP attempts per query (default 2). */
  tries?: number;
  recurse?: boolean;
  /** Called at most every `progressMs` (default 100) and once at the end. */
  onProgress?: (done: number, total: number) => void;
  progressMs?: number;
  /** Worker threads for the UDP loops; `0` runs in this thread (default: 0 below 2,048 queries, else up to 2). */
  workers?: number;
  /** Path of the worker script (default: `dns-worker.js` beside this module or the bundle). */
  workerPath?: string;
  /** DNS over TLS/HTTPS only: the SOCKS proxy the connection goes through (plain batches are UDP and take none). */
  proxy?: ProxyConfig;
  /** DNS over TLS/HTTPS only: take the connection from (and leave it in) this pool. */
  pool?: DnsConnectionPool;
}

/** One question of a batch. */
export interface BatchQuestion {
  name: string;
  type: string;
}

/** The outcome of one question in {@link runQueries}. */
export interface QuestionOutcome {
  rcode?: string;
  /** Record data of the asked type in the answer section. */
  values: string[];
  error?: NetProbeError;
  rttMs?: number;
}

/** A question in wire form, shared by identical questions. */
export interface PreparedQuestion {
  /** The query with id 0. */
  template: Buffer;
  type: number;
}

/** What a batch runner needs. It fills `results` and calls `tick` after each one. */
export interface BatchRun {
  questions: BatchQuestion[];
  prepared: PreparedQuestion[];
  target: Target;
  timeout: number;
  tries: number;
  concurrency: number;
  opts: BatchOptions;
  results: QuestionOutcome[];
  /** TCP retries (after truncated answers) running, and those waiting for a slot. */
  tcpQueue: { active: number; waiting: Array<() => void> };
  tick(): void;
}

/** A query waiting for its answer on a batch socket (the in-thread mux and the worker pump both keep these). */
export interface InFlightQuery {
  /** The query as sent (id patched in), kept for resends and to match the answer's question bytes. */
  query: Buffer;
  /** Offset where the question section ends in `query`. */
  qEnd: number;
  type: number;
  sentAt: number;
  deadline: number;
  triesLeft: number;
}
