/** A batch job for the DNS worker thread: where to send, and every query's wire form (id bytes rewritten there). */
export interface DnsWorkerJob {
  address: string;
  family: 4 | 6;
  port: number;
  /** All query templates back to back. */
  templates: Uint8Array;
  /** Start of template i is offsets[i], its end offsets[i + 1]. */
  offsets: Uint32Array;
  concurrency: number;
  perTryMs: number;
  tries: number;
}

/**
 * One finished query, decoded in the worker: `[index, rttMs, rcode, values]` for an answer,
 * `[index, rttMs, 'TC']` for a truncated one (to repeat over TCP), `[index, rttMs, '!timeout' | '!protocol', detail]`.
 */
export type PumpOutcome = [number, number, string, string[]?] | [number, number, string, string];

/** Messages from the worker. */
export type DnsWorkerMessage =
  | { type: 'batch'; outcomes: PumpOutcome[] }
  | { type: 'failed'; errno?: string; message: string }
  | { type: 'done' };

/** Commands to the worker. */
export type DnsWorkerCommand = { type: 'cancel' };
