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
 * Messages from the worker. `batch` packs finished queries as records: u32 index, u8 status (0 answer,
 * 1 no answer), u32 round-trip time in microseconds, u16 length, then the answer bytes.
 */
export type DnsWorkerMessage =
  | { type: 'batch'; data: ArrayBuffer; length: number }
  | { type: 'failed'; errno?: string; message: string }
  | { type: 'done' };

/** Commands to the worker. */
export type DnsWorkerCommand = { type: 'cancel' };

export const RECORD_HEADER = 11;
