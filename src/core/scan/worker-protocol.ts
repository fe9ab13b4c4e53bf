import type { Banner, ScanCounts } from './types';
import type { EngineJob, EngineResult } from './engine';

/** What the main thread gives a scan worker (as `workerData`). */
export interface WorkerJob {
  job: EngineJob;
  includeClosed: boolean;
  banner: boolean;
  bannerTimeout: number;
  connector?: 'libuv' | 'net';
}

/** A result as it crosses the thread boundary. */
export interface WorkerResult extends EngineResult {
  banner?: Banner;
}

/** Messages from a scan worker. `counts` in a batch are increments since the previous batch. */
export type WorkerMessage =
  | { type: 'batch'; results: WorkerResult[]; counts: ScanCounts }
  | { type: 'done' }
  | { type: 'cancelled'; inFlight: number }
  | { type: 'error'; message: string };

/** Messages to a scan worker. */
export type WorkerCommand = { type: 'cancel' };

/** A zeroed counter. */
export function emptyCounts(): ScanCounts {
  return { open: 0, closed: 0, filtered: 0, error: 0 };
}
