import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { NetProbeError, nowMs, roundMs, throwIfAborted } from '../errors';
import { resolve } from '../resolve/resolve';
import { parsePortSpec } from './ports';
import { runJob } from './run-job';
import type { JobRun } from './run-job';
import { scanViaProxy } from './scan-via-proxy';
import { proxyForTarget } from '../proxy/no-proxy';
import { serviceName } from './services';
import { scanTuning } from './tuning';
import type { ScanTuning } from './tuning';
import type { ScanOptions, ScanPortResult, ScanProgress, ScanResult, ScanTarget } from './types';
import type { WorkerCommand, WorkerJob, WorkerMessage, WorkerResult } from './worker-protocol';
import { emptyCounts } from './worker-protocol';
import { formatDuration } from '../text/units';

const PROGRESS_MS = 100;
/** Below this many probes one worker is as fast as two. */
const SMALL_SCAN = 2048;

/** Where the worker script is: beside the bundle (dist/scan-worker.js) or beside this module (out/). */
export function defaultWorkerPath(): string {
  return path.join(__dirname, 'scan-worker.js');
}

/** A job running somewhere: in a worker thread or, with `workers: 0`, in this thread. */
interface Runner {
  done: Promise<void>;
  /** Closes every socket; resolves when the runner confirms. */
  cancel(): Promise<void>;
}

function threadRunner(file: string, job: WorkerJob, onMessage: (m: WorkerMessage) => void): Runner {
  const worker = new Worker(file, { workerData: job });
  let acked: () => void = () => undefined;
  const ack = new Promise<void>(r => {
    acked = r;
  });
  let cancelling = false;
  const done = new Promise<void>((resolveDone, reject) => {
    let finished = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'cancelled') {
        acked();
        return;
      }
      if (m.type === 'error') {
        reject(new NetProbeError('os-error', `The port scanner failed: ${m.message}`));
        return;
      }
      onMessage(m);
      if (m.type === 'done') {
        finished = true;
        resolveDone();
      }
    });
    worker.on('error', e => reject(new NetProbeError('os-error', `The port scanner thread failed: ${e.message}`, undefined, { cause: e })));
    worker.on('exit', code => {
      acked();
      if (finished || cancelling) resolveDone();
      else reject(new NetProbeError('os-error', `The port scanner thread stopped before finishing (exit code ${code}).`));
    });
  });
  return {
    done,
    async cancel() {
      cancelling = true;
      worker.postMessage({ type: 'cancel' } satisfies WorkerCommand);
      const grace = new Promise<void>(r => setTimeout(r, 500).unref());
      await Promise.race([ack, grace]);
      await worker.terminate();
    },
  };
}

function inlineRunner(job: WorkerJob, onMessage: (m: WorkerMessage) => void): Runner {
  const run: JobRun = runJob(job, onMessage);
  return {
    done: run.done,
    cancel() {
      run.cancel();
      return Promise.resolve();
    },
  };
}

function splitPorts(ports: number[], parts: number): number[][] {
  const out: number[][] = Array.from({ length: parts }, () => []);
  ports.forEach((p, i) => out[i % parts]?.push(p));
  return out;
}

function workerCount(opts: ScanOptions, probes: number): number {
  if (opts.workers !== undefined) return Math.max(0, Math.floor(opts.workers));
  if (probes < SMALL_SCAN) return 1;
  return Math.max(1, Math.min(2, os.availableParallelism()));
}

/**
 * TCP connect scan of `host` (every address it resolves to, or one family) over a port spec (see
 * {@link parsePortSpec}). Direct, the connect loop runs in worker threads, so the calling thread's event
 * loop stays free; with `proxy` every probe is a CONNECT through it ({@link scanViaProxy}), tuned by
 * {@link scanTuning}. Results stream through `onResult` and `onProgress`. Cancelling (`signal`) or the
 * overall `timeout` closes every socket before the promise rejects with `aborted` / `timeout`.
 */
export async function scanPorts(host: string, opts: ScanOptions = {}): Promise<ScanResult> {
  // A NO_PROXY entry limited to a port cannot send part of a scan direct: only host-wide entries count here.
  const proxy = proxyForTarget(opts.proxy, host, -1);
  const { proxy: _given, ...rest } = opts;
  const tuning = scanTuning({ ...rest, ...(proxy ? { proxy } : {}) });
  if (proxy) return scanViaProxy(host, proxy, { ...rest, ...tuning });
  return scanDirect(host, { ...rest, ...tuning });
}

async function scanDirect(host: string, opts: ScanOptions & ScanTuning): Promise<ScanResult> {
  const start = nowMs();
  const spec = opts.ports ?? 'top1000';
  const ports = parsePortSpec(spec);
  const { concurrency, portTimeout } = opts;
  const retries = opts.retries ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 20000)
    throw new NetProbeError('invalid-input', 'Concurrency must be a whole number from 1 to 20000.');
  if (!(portTimeout > 0)) throw new NetProbeError('invalid-input', 'The per-port timeout must be a positive number of milliseconds.');
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw new NetProbeError('invalid-input', 'Retries must be a whole number from 0 to 10.');
  const resolved = await resolve(host, { family: opts.family, signal: opts.signal, timeout: opts.timeout });
  const targets: ScanTarget[] = resolved.addresses.map(a => ({ address: a.address, family: a.family }));
  throwIfAborted(opts.signal);

  const total = ports.length * targets.length;
  const nWorkers = workerCount(opts, total);
  const file = opts.workerPath ?? defaultWorkerPath();
  if (nWorkers > 0 && !fs.existsSync(file)) throw new NetProbeError('os-error', `The port scanner's worker script is missing (${file}); rebuild NetProbe.`);
  const shares = splitPorts(ports, Math.max(1, nWorkers)).filter(s => s.length > 0);
  const perShare = Math.max(1, Math.floor(concurrency / shares.length));

  const found: WorkerResult[] = [];
  const counts = emptyCounts();
  let done = 0;
  const progress = (): ScanProgress => {
    const elapsedMs = roundMs(nowMs() - start);
    return { done, total, open: counts.open, elapsedMs, rate: elapsedMs > 0 ? Math.round(done / (elapsedMs / 1000)) : 0 };
  };
  const toPublic = (r: WorkerResult): ScanPortResult => {
    const t = targets[r.target];
    const out: ScanPortResult = { address: t.address, family: t.family, port: r.port, state: r.state };
    const service = serviceName(r.port);
    if (service) out.service = service;
    if (r.rttMs !== undefined) out.rttMs = r.rttMs;
    if (r.errno) out.errno = r.errno;
    if (r.banner) out.banner = r.banner;
    return out;
  };
  const onMessage = (m: WorkerMessage): void => {
    if (m.type !== 'batch') return;
    for (const k of ['open', 'closed', 'filtered', 'error'] as const) {
      counts[k] += m.counts[k];
      done += m.counts[k];
    }
    for (const r of m.results) {
      found.push(r);
      if (opts.onResult) opts.onResult(toPublic(r));
    }
    opts.onProgress?.(progress());
  };

  const runners: Runner[] = shares.map(share => {
    const job: WorkerJob = {
      job: { targets, ports: share, concurrency: perShare, portTimeout, retries },
      includeClosed: opts.includeClosed ?? false,
      banner: opts.banner ?? false,
      bannerTimeout: opts.bannerTimeout ?? 2000,
    };
    return nWorkers === 0 ? inlineRunner(job, onMessage) : threadRunner(file, job, onMessage);
  });

  let stop: ((e: NetProbeError) => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  const onAbort = (): void => stop?.(new NetProbeError('aborted', 'The port scan was cancelled.'));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const deadline =
    opts.timeout !== undefined
      ? setTimeout(() => stop?.(new NetProbeError('timeout', `The port scan did not finish within ${formatDuration(opts.timeout ?? 0)}.`)), opts.timeout)
      : undefined;
  const ticker = setInterval(() => opts.onProgress?.(progress()), PROGRESS_MS);
  try {
    await Promise.race([Promise.all(runners.map(r => r.done)), stopped]);
  } catch (e) {
    await Promise.all(runners.map(r => r.cancel()));
    throw e;
  } finally {
    clearInterval(ticker);
    clearTimeout(deadline);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  found.sort((a, b) => a.target - b.target || a.port - b.port);
  const open = [...new Set(found.filter(r => r.state === 'open').map(r => r.port))].sort((a, b) => a - b);
  opts.onProgress?.(progress());
  return {
    host,
    targets,
    spec,
    portCount: ports.length,
    ports: found.map(toPublic),
    open,
    counts,
    elapsedMs: roundMs(nowMs() - start),
  };
}
