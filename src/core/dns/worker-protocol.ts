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

/** `code` of an outcome that is not an rcode (rcodes are 0–15). */
export const OUTCOME_TC = 252;
export const OUTCOME_TIMEOUT = 253;
export const OUTCOME_PROTOCOL = 254;

/**
 * Finished queries, column-wise so they cross threads as a few copied arrays: for outcome k, the job index
 * `index[k]`, the round-trip time, `code[k]` (an rcode or one of the OUTCOME_ values) and `count[k]` strings
 * of `strings` (the asked type's record data, or the text of a protocol error).
 */
export interface PumpBatch {
  index: Uint32Array;
  rttMs: Float64Array;
  code: Uint8Array;
  count: Uint16Array;
  strings: string[];
}

/** Messages from the worker. */
export type DnsWorkerMessage = { type: 'batch'; batch: PumpBatch } | { type: 'failed'; errno?: string; message: string } | { type: 'done' };

/** Commands to the worker. */
export type DnsWorkerCommand = { type: 'cancel' };
