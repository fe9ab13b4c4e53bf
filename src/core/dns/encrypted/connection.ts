import type { NetProbeError } from '../../errors';
import type { SecureConnectionInfo } from './types';

/** An answer as it came off an encrypted connection (not yet decoded), or the error that ended the query. */
export type SecureOutcome =
  | {
      raw: Buffer;
      rttMs: number;
      /** The connection matched the answer to the query by id and question (DoT); DoH bodies are not checked. */
      matched?: boolean;
      status?: number;
      contentType?: string;
      streamId?: number;
      url?: string;
    }
  | { error: NetProbeError };

/** Cancels one query: its callback gets an `aborted` error and a late answer is dropped. */
export type CancelQuery = () => void;

/**
 * One open encrypted connection to a nameserver carrying many queries at once: DNS over TLS (pipelined,
 * answers matched by id, RFC 7766) or DNS over HTTPS (one HTTP/2 stream per query).
 */
export interface SecureConnection {
  readonly info: SecureConnectionInfo;
  /** False once the peer closed, an error occurred or {@link close} was called. */
  readonly usable: boolean;
  /** Queries sent and not yet settled. */
  readonly outstanding: number;
  /** Queries this connection answered. */
  readonly answered: number;
  /** Messages that matched no outstanding query (DoT) and were dropped. */
  readonly ignored: number;
  /**
   * Sends `query` (a NetProbe-built message, left unchanged and kept until answered, so the caller must not change it:
   * DoT sends it under a free id of the connection's, DoH as it is — built with id 0) and calls `done` exactly once, with the answer or an error (`timeout` after `timeoutMs`).
   * Callback-based so that a batch costs no promise per query. `questionEnd` (where the question section ends in
   * `query`) spares working it out again for each of many identical questions.
   */
  send(query: Buffer, timeoutMs: number, done: (outcome: SecureOutcome) => void, questionEnd?: number): CancelQuery;
  /** Fails what is outstanding with `error` (default: cancelled) and closes the connection. */
  close(error?: NetProbeError): void;
}
