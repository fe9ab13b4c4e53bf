import { formatDuration } from './text/units';

/** Machine-readable failure categories shared by every core operation. */
export type NetProbeErrorCode =
  'invalid-input' | 'dns-error' | 'timeout' | 'aborted' | 'refused' | 'unreachable' | 'in-use' | 'permission' | 'protocol' | 'tls' | 'proxy' | 'os-error';

/**
 * The one error type core operations throw. `message` is plain language a person can act on;
 * `code` is stable for programs; `errno` keeps the OS error name (e.g. `ECONNREFUSED`) when there is one.
 */
export class NetProbeError extends Error {
  override readonly name = 'NetProbeError';
  constructor(
    readonly code: NetProbeErrorCode,
    message: string,
    readonly errno?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Options every core operation accepts. */
export interface OperationOptions {
  /** Milliseconds before the operation fails with a `timeout` error. */
  timeout?: number;
  /** Cancels the operation with an `aborted` error. */
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 5000;

/** The longest timeout a Node timer can hold (2^31 − 1 ms, about 24.8 days); longer ones fire after 1 ms. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** The message of anything thrown (an Error's message, otherwise its text). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs a check and returns the message of what it threw, or undefined when it passes (input-box validators). */
export function problemOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (e) {
    return errorMessage(e);
  }
}

/** True for Node system errors (`err.code` is a string such as `ECONNREFUSED`). */
export function isErrnoException(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/** Throws an `aborted` NetProbeError if the signal has fired. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new NetProbeError('aborted', 'The operation was cancelled.');
}

/**
 * Races a promise against a timeout and an abort signal. The underlying work cannot always be stopped
 * (getaddrinfo, for one), but the caller is released at once; `onCancel` lets it clean up what it can.
 */
export function withDeadline<T>(work: Promise<T>, what: string, opts: OperationOptions, onCancel?: () => void): Promise<T> {
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const signal = opts.signal;
  throwIfAborted(signal);
  if (timeout > MAX_TIMEOUT_MS) {
    return Promise.reject(new NetProbeError('invalid-input', `A timeout must be at most ${MAX_TIMEOUT_MS} ms, not ${timeout}.`));
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      onCancel?.();
      reject(new NetProbeError('timeout', `${what} did not finish within ${formatDuration(timeout)}.`));
    }, timeout);
    const onAbort = (): void => {
      cleanup();
      onCancel?.();
      reject(new NetProbeError('aborted', `${what} was cancelled.`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      v => {
        cleanup();
        resolve(v);
      },
      (e: unknown) => {
        cleanup();
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** High-resolution clock in milliseconds (sub-millisecond precision). */
export function nowMs(): number {
  return performance.now();
}

/** Rounds a duration to microseconds for display and JSON. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
