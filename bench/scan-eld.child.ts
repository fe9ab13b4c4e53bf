// Runs inside a network namespace for bench/scan.bench.ts: a full scan through the library while measuring
// this thread's event-loop delay, as the extension host would see it. Prints one JSON line.
import { monitorEventLoopDelay } from 'perf_hooks';
import * as path from 'path';
import { scanPorts } from '../src/core/scan/scan';

async function main(): Promise<void> {
  const workers = process.argv[2] === 'inline' ? 0 : undefined;
  const h = monitorEventLoopDelay({ resolution: 1 });
  let progressEvents = 0;
  h.enable();
  const r = await scanPorts('127.0.0.1', {
    ports: 'all',
    workers,
    workerPath: path.join(__dirname, '..', '..', 'dist', 'scan-worker.js'),
    onProgress: () => {
      progressEvents++;
    },
  });
  h.disable();
  process.stdout.write(
    `${JSON.stringify({
      open: r.open,
      elapsedMs: r.elapsedMs,
      progressEvents,
      p50: h.percentile(50) / 1e6,
      p99: h.percentile(99) / 1e6,
      max: h.max / 1e6,
    })}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(String(e));
  process.exit(1);
});
