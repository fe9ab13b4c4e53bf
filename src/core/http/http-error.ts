import { NetProbeError } from '../errors';
import type { HttpExchange } from './types';

/** Fails an HTTP operation; `partial` holds every exchange so far (the last with what was received). */
export class HttpError extends NetProbeError {
  constructor(
    cause: NetProbeError,
    readonly partial: HttpExchange[],
  ) {
    super(cause.code, cause.message, cause.errno, { cause });
  }
}
