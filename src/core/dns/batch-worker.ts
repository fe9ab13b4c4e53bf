import * as path from 'path';
import { Worker } from 'worker_threads';
import { NetProbeError } from '../errors';
import { overTcp } from './batch-answer';
import type { BatchRun, QuestionOutcome } from './batch-types';
import { rcodeName } from './rrtypes';
import type { DnsWorkerCommand, DnsWorkerJob, DnsWorkerMessage, PumpBatch } from './worker-protocol';
import { OUTCOME_PROTOCOL, OUTCOME_TC, OUTCOME_TIMEOUT } from './worker-protocol';

/** Where the worker script is: beside the bundle (dist/dns-worker.js) or beside this module (out/). */
export function defaultDnsWorkerPath(): string {
  return path.join(__dirname, 'dns-worker.js');
}

/**
 * Runs a batch with the UDP send/receive loops in `workers` worker threads (each its own socket, the
 * questions and the concurrency split between them), so the syscalls leave this thread; answers come back
 * decoded in the workers as compact outcomes. Truncated answers are asked again over TCP from here.
 */
export async function runInWorkers(run: BatchRun, file: string, workers: number): Promise<void> {
  const shares = Array.from({ length: workers }, (_, w) => run.prepared.map((_q, i) => i).filter(i => i % workers === w)).filter(s => s.length > 0);
  const concurrency = Math.max(1, Math.floor(run.concurrency / shares.length));
  await Promise.all(shares.map(indices => runInWorker(run, file, indices, concurrency)));
}

/** Runs the questions at `indices` in one worker thread over its own UDP socket. */
async function runInWorker(run: BatchRun, file: string, indices: number[], concurrency: number): Promise<void> {
  const where = `${run.target.address}:${run.target.port}`;
  const offsets = new Uint32Array(indices.length + 1);
  let size = 0;
  indices.forEach((i, k) => {
    offsets[k] = size;
    size += run.prepared[i]?.template.length ?? 0;
  });
  offsets[indices.length] = size;
  const templates = new Uint8Array(size);
  indices.forEach((i, k) => {
    const t = run.prepared[i]?.template;
    if (t) templates.set(t, offsets[k]);
  });
  const job: DnsWorkerJob = {
    address: run.target.address,
    family: run.target.family,
    port: run.target.port,
    templates,
    offsets,
    concurrency,
    perTryMs: Math.max(1, Math.floor(run.timeout / run.tries)),
    tries: run.tries,
  };
  const retries: Array<Promise<void>> = [];
  const settle = (i: number, o: QuestionOutcome): void => {
    run.results[i] = o;
    run.tick();
  };
  const onBatch = (b: PumpBatch): void => {
    let s = 0;
    for (let k = 0; k < b.index.length; k++) {
      const i = indices[b.index[k] ?? 0] ?? -1;
      const count = b.count[k] ?? 0;
      const strings = b.strings.slice(s, s + count);
      s += count;
      if (!run.prepared[i]) continue;
      const code = b.code[k] ?? 0;
      if (code === OUTCOME_TIMEOUT)
        settle(i, { values: [], error: new NetProbeError('timeout', `No answer from ${where} after ${run.tries} ${run.tries === 1 ? 'try' : 'tries'}.`) });
      else if (code === OUTCOME_PROTOCOL)
        settle(i, { values: [], error: new NetProbeError('protocol', `${where} sent a malformed answer (${strings[0] ?? ''}).`) });
      else if (code === OUTCOME_TC) retries.push(overTcp(run, i).then(v => settle(i, v)));
      else settle(i, { rcode: rcodeName(code), values: strings, rttMs: b.rttMs[k] ?? 0 });
    }
  };
  let failure: NetProbeError | undefined;
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker(file, { workerData: job });
    let finished = false;
    const onAbort = (): void => {
      worker.postMessage({ type: 'cancel' } satisfies DnsWorkerCommand);
      void worker.terminate();
    };
    run.opts.signal?.addEventListener('abort', onAbort, { once: true });
    const end = (err?: Error): void => {
      if (finished) return;
      finished = true;
      run.opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    worker.on('message', (m: DnsWorkerMessage) => {
      if (m.type === 'batch') onBatch(m.batch);
      else if (m.type === 'failed') {
        failure =
          m.errno === 'ECONNREFUSED'
            ? new NetProbeError('refused', `Nothing is listening on UDP ${where}.`, m.errno)
            : new NetProbeError('unreachable', `UDP to ${where} failed (${m.errno ?? m.message}).`, m.errno);
      } else if (m.type === 'done') end();
    });
    worker.on('error', e => end(new NetProbeError('os-error', `The DNS batch thread failed: ${e.message}`, undefined, { cause: e })));
    worker.on('exit', code => {
      if (!finished && !run.opts.signal?.aborted && !failure)
        failure = new NetProbeError('os-error', `The DNS batch thread stopped before finishing (exit code ${code}).`);
      end();
    });
  });
  await Promise.all(retries);
  const fill = failure ?? new NetProbeError('aborted', 'The batch was cancelled.');
  for (const i of indices) if (!run.results[i]) run.results[i] = { values: [], error: fill };
}
