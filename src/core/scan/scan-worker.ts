import { parentPort, workerData } from 'worker_threads';
import { runJob } from './run-job';
import type { WorkerCommand, WorkerJob, WorkerMessage } from './worker-protocol';
import { errorMessage } from '../errors';

// Entry point of a scan worker thread (bundled as dist/scan-worker.js): runs one job, streams batches.
const port = parentPort;
if (port) {
  const post = (m: WorkerMessage): void => port.postMessage(m);
  const run = runJob(workerData as WorkerJob, post);
  port.on('message', (m: WorkerCommand) => {
    if (m.type === 'cancel') post({ type: 'cancelled', inFlight: run.cancel() });
  });
  run.done
    .then(
      () => {
        if (!run.cancelled()) post({ type: 'done' });
      },
      (e: unknown) => post({ type: 'error', message: errorMessage(e) }),
    )
    .finally(() => port.close());
}
