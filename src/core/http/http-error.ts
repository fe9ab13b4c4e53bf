import { NetProbeError } from '../errors';
import type { HttpFailure } from './failure';
import { ConnectionFailure } from './failure';
import type { HttpExchange } from './types';

/**
 * Fails an HTTP operation; `partial` holds every exchange that went on the wire (the last with what was received);
 * `failure` says what was learned of the one that failed (HTTP/1.1), even when its connection failed before sending.
 */
export class HttpError extends NetProbeError {
  constructor(
    cause: NetProbeError,
    readonly partial: HttpExchange[],
    readonly failure?: HttpFailure,
  ) {
    // A connection failure that reached here unconverted: its own error is the cause (isUntrustedCertificate looks there).
    const c = cause instanceof ConnectionFailure ? cause.original : cause;
    super(c.code, c.message, c.errno, { cause: c });
  }

  /** Every exchange to show: `partial`, then the one whose connection failed before it was sent. */
  get exchanges(): HttpExchange[] {
    const f = this.failure;
    return f && !f.sent ? [...this.partial, f.exchange] : this.partial;
  }
}
