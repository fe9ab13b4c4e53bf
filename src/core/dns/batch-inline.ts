import { UdpMux } from './mux';
import { oncePerTurn } from './per-turn';
import { outcomeOf } from './batch-answer';
import type { BatchRun, QuestionOutcome } from './batch-types';

/** Runs a batch in this thread over `sockets` connected UDP sockets (see {@link UdpMux}). */
export async function runInline(run: BatchRun): Promise<void> {
  const sockets = Math.max(1, Math.min(run.opts.sockets ?? 1, 16));
  const muxes = Array.from({ length: sockets }, () => new UdpMux(run.target, Math.max(1, Math.floor(run.timeout / run.tries)), run.tries));
  const signal = run.opts.signal;
  const onAbort = (): void => {
    for (const m of muxes) m.close();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  await Promise.all(muxes.map(m => m.whenReady()));
  const total = run.prepared.length;
  let next = 0;
  try {
    await new Promise<void>(resolveAll => {
      let inFlight = 0;
      // Freed slots are refilled once per event-loop turn, after the whole receive burst.
      const schedule = oncePerTurn(() => pump());
      const finish = (i: number, outcome: QuestionOutcome): void => {
        run.results[i] = outcome;
        inFlight--;
        run.tick();
        schedule();
      };
      const pump = (): void => {
        if (signal?.aborted) {
          if (inFlight === 0) resolveAll();
          return;
        }
        // At most 1024 sends per turn, so a huge concurrency never starves the host's event loop.
        let sent = 0;
        while (inFlight < run.concurrency && next < total) {
          if (sent++ === 1024) {
            schedule();
            return;
          }
          const i = next++;
          const q = run.prepared[i];
          const mux = muxes[i % sockets];
          if (!q || !mux) continue;
          inFlight++;
          mux.send(q.template, outcome => {
            if ('error' in outcome) return finish(i, { values: [], error: outcome.error });
            const o = outcomeOf(run, i, outcome.answer, outcome.rttMs);
            if (o instanceof Promise) void o.then(v => finish(i, v));
            else finish(i, o);
          });
        }
        if (inFlight === 0 && next >= total) resolveAll();
      };
      pump();
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    for (const m of muxes) m.close();
  }
}
