import { NetProbeError } from '../errors';
import { grabBanner } from './banner';
import { runEngine } from './engine';
import type { EngineResult } from './engine';
import { createConnector } from './raw-connect';
import type { WorkerJob, WorkerMessage, WorkerResult } from './worker-protocol';
import { emptyCounts } from './worker-protocol';

const FLUSH_MS = 100;
const BANNER_CONCURRENCY = 8;

/** A job running in the current thread; see {@link runJob}. */
export interface JobRun {
  done: Promise<void>;
  /** Stops at once, closing every socket; returns the sockets still open afterwards (0). */
  cancel(): number;
  cancelled(): boolean;
}

/**
 * Runs a scan job in this thread and reports through `post` in batches every 100 ms: results (closed ones
 * only when asked for) and state counts. With `banner`, open ports are reported once their banner is read.
 */
export function runJob(w: WorkerJob, post: (m: WorkerMessage) => void): JobRun {
  let pending: WorkerResult[] = [];
  let counts = emptyCounts();
  let cancelled = false;
  const abort = new AbortController();
  const bannerQueue: EngineResult[] = [];
  let bannersRunning = 0;
  let engineDone = false;
  let resolveBanners: () => void = () => undefined;
  const bannersDone = new Promise<void>(r => {
    resolveBanners = r;
  });

  const flush = (): void => {
    if (pending.length === 0 && counts.open + counts.closed + counts.filtered + counts.error === 0) return;
    post({ type: 'batch', results: pending, counts });
    pending = [];
    counts = emptyCounts();
  };
  const timer = setInterval(flush, FLUSH_MS);

  const checkBannersDone = (): void => {
    if (engineDone && bannersRunning === 0 && bannerQueue.length === 0) resolveBanners();
  };
  const nextBanner = (): void => {
    while (bannersRunning < BANNER_CONCURRENCY && !cancelled) {
      const r = bannerQueue.shift();
      if (!r) break;
      bannersRunning++;
      const target = w.job.targets[r.target];
      const grab = target ? grabBanner(target, r.port, { timeout: w.bannerTimeout, signal: abort.signal }) : Promise.resolve(undefined);
      grab
        .then(
          banner => {
            if (!cancelled) pending.push(banner ? { ...r, banner } : r);
          },
          (e: unknown) => {
            if (!cancelled && !(e instanceof NetProbeError && e.code === 'aborted')) pending.push(r);
          },
        )
        .finally(() => {
          bannersRunning--;
          nextBanner();
          checkBannersDone();
        });
    }
  };

  const engine = runEngine(w.job, createConnector(w.connector), r => {
    counts[r.state]++;
    if (r.state === 'open' && w.banner) {
      bannerQueue.push(r);
      nextBanner();
    } else if (r.state !== 'closed' || w.includeClosed) {
      pending.push(r);
    }
  });

  const done = engine.done.then(async () => {
    engineDone = true;
    checkBannersDone();
    if (!cancelled) await bannersDone;
    clearInterval(timer);
    if (!cancelled) flush();
  });

  return {
    done,
    cancel() {
      cancelled = true;
      abort.abort();
      engine.cancel();
      clearInterval(timer);
      resolveBanners();
      return engine.inFlight();
    },
    cancelled: () => cancelled,
  };
}
