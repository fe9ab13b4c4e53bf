// Runs one scan inside a network namespace for the scan tests (`ip netns exec NS node scan-child.js JSON`)
// and prints one JSON line: the result or the error, and the process's socket count after the scan.
import { execFileSync } from 'child_process';
import { scanPorts } from '../../../src/core/scan/scan';
import type { ScanOptions } from '../../../src/core/scan/types';
import { NetProbeError } from '../../../src/core/errors';
import { socketFds } from '../../helpers/sockets';

interface ChildArgs {
  host: string;
  options: ScanOptions;
  /** Cancel at the first progress report that has this many probes done or later (0: first report). */
  cancelAtProgress?: number;
}

function kernelTcpSockets(): number {
  return execFileSync('ss', ['-tanH'], { encoding: 'utf8' })
    .split('\n')
    .filter(l => /^(SYN-SENT|ESTAB)/.test(l)).length;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
  const before = socketFds();
  const ac = new AbortController();
  let abortedAt = 0;
  let maxProgress = 0;
  const options: ScanOptions = {
    ...args.options,
    signal: ac.signal,
    onProgress: p => {
      maxProgress = Math.max(maxProgress, p.done);
      if (args.cancelAtProgress !== undefined && !abortedAt && p.done >= args.cancelAtProgress) {
        abortedAt = performance.now();
        ac.abort();
      }
    },
  };
  const out: Record<string, unknown> = { socketsBefore: before };
  try {
    out.result = await scanPorts(args.host, options);
  } catch (e) {
    out.error = e instanceof NetProbeError ? { code: e.code, message: e.message } : { code: 'unexpected', message: String(e) };
    if (abortedAt) out.cancelMs = performance.now() - abortedAt;
  }
  out.progressDone = maxProgress;
  out.socketsAfter = socketFds();
  out.kernelSockets = kernelTcpSockets();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(String(e));
  process.exit(3);
});
