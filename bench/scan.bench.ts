// Port scan benchmark: NetProbe's CLI against `nmap -sT` in a fresh network namespace with 8 listeners.
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { topPorts } from '../src/core/scan/top-ports';
import { createNetns, listenIn } from '../test/helpers/netns';
import { fmt, median, writeSection } from './lib/report';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const ELD_CHILD = path.join(__dirname, 'scan-eld.child.js');
const LISTENERS = [22, 80, 443, 3306, 5432, 8080, 9000, 40000];
const RUNS = Number(process.env.SCAN_BENCH_RUNS ?? 9);

interface Run {
  ms: number;
  peakKb: number;
  /** User + system CPU time of the process and all its threads, from time(1): unlike wall time, load-independent. */
  cpuMs: number;
  userMs: number;
  sysMs: number;
  open: number[];
}

/** Runs a command in the namespace under /usr/bin/time; wall time measured here, peak RSS and CPU time from time(1). */
function timed(ns: string, argv: string[], parseOpen: (stdout: string) => number[]): Run {
  const t0 = performance.now();
  const r = spawnSync('ip', ['netns', 'exec', ns, '/usr/bin/time', '-f', 'PEAK_KB=%M USER_S=%U SYS_S=%S', ...argv], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  const peak = /PEAK_KB=(\d+)/.exec(r.stderr);
  const userMs = Number(/USER_S=([\d.]+)/.exec(r.stderr)?.[1] ?? NaN) * 1000;
  const sysMs = Number(/SYS_S=([\d.]+)/.exec(r.stderr)?.[1] ?? NaN) * 1000;
  return { ms, peakKb: Number(peak?.[1] ?? 0), cpuMs: userMs + sysMs, userMs, sysMs, open: parseOpen(r.stdout) };
}

const netprobeOpen = (out: string): number[] => (JSON.parse(out) as { open: number[] }).open;
const nmapOpen = (out: string): number[] => [...out.matchAll(/^(\d+)\/tcp\s+open/gm)].map(m => Number(m[1]));

function compare(ns: string, label: string, np: string[], nm: string[]): { np: Run[]; nm: Run[] } {
  const runs = { np: [] as Run[], nm: [] as Run[] };
  timed(ns, np, netprobeOpen);
  timed(ns, nm, nmapOpen);
  for (let i = 0; i < RUNS; i++) {
    // Alternate, and swap who goes first each round, so background load hits both alike.
    const order = i % 2 ? (['nm', 'np'] as const) : (['np', 'nm'] as const);
    for (const who of order) {
      const run = who === 'np' ? timed(ns, np, netprobeOpen) : timed(ns, nm, nmapOpen);
      runs[who].push(run);
    }
  }
  for (const [who, list] of Object.entries(runs)) {
    for (const r of list) {
      if (JSON.stringify(r.open) !== JSON.stringify(label === 'full' ? LISTENERS : LISTENERS.filter(p => TOP1000.has(p)))) {
        throw new Error(`${who} ${label}: found ${r.open.join(',')} instead of the listeners`);
      }
    }
  }
  return runs;
}

const TOP1000 = new Set(topPorts(1000));

function cpuRow(name: string, runs: { np: Run[]; nm: Run[] }): string {
  const cpu = (list: Run[]): string =>
    `${fmt(median(list.map(r => r.cpuMs)), 0)} ms (user ${fmt(median(list.map(r => r.userMs)), 0)} + sys ${fmt(median(list.map(r => r.sysMs)), 0)})`;
  return `| ${name} | ${cpu(runs.np)} | ${cpu(runs.nm)} | **${fmt(median(runs.np.map(r => r.cpuMs)) / median(runs.nm.map(r => r.cpuMs)), 2)}** |`;
}

function row(name: string, runs: { np: Run[]; nm: Run[] }): string {
  const np = runs.np.map(r => r.ms);
  const nm = runs.nm.map(r => r.ms);
  return `| ${name} | ${fmt(median(np), 0)} ms (${fmt(Math.min(...np), 0)}–${fmt(Math.max(...np), 0)}) | ${fmt(median(nm), 0)} ms (${fmt(Math.min(...nm), 0)}–${fmt(Math.max(...nm), 0)}) | **${fmt(median(np) / median(nm), 2)}** | ${fmt(median(runs.np.map(r => r.peakKb)) / 1024, 1)} MB / ${fmt(median(runs.nm.map(r => r.peakKb)) / 1024, 1)} MB |`;
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg();
  const ns = await createNetns('bench');
  try {
    const l = await listenIn(ns, LISTENERS);
    const full = compare(
      ns.name,
      'full',
      [process.execPath, CLI, 'scan', '127.0.0.1', '--ports', 'all', '--json'],
      ['nmap', '-n', '-sT', '-p1-65535', '--open', '127.0.0.1'],
    );
    const top = compare(
      ns.name,
      'top1000',
      [process.execPath, CLI, 'scan', '127.0.0.1', '--ports', 'top1000', '--json'],
      ['nmap', '-n', '-sT', '--top-ports', '1000', '--open', '127.0.0.1'],
    );
    const eld = (mode: string): { p50: number; p99: number; max: number; elapsedMs: number; progressEvents: number } => {
      const samples = [];
      for (let i = 0; i < 5; i++) {
        const r = spawnSync('ip', ['netns', 'exec', ns.name, process.execPath, ELD_CHILD, mode], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`event-loop child failed: ${r.stderr}`);
        samples.push(JSON.parse(r.stdout) as { p50: number; p99: number; max: number; elapsedMs: number; progressEvents: number });
      }
      return {
        p50: median(samples.map(s => s.p50)),
        p99: median(samples.map(s => s.p99)),
        max: median(samples.map(s => s.max)),
        elapsedMs: median(samples.map(s => s.elapsedMs)),
        progressEvents: median(samples.map(s => s.progressEvents)),
      };
    };
    const worker = eld('worker');
    const inline = eld('inline');
    await l.stop();
    const ratio = median(full.np.map(r => r.ms)) / median(full.nm.map(r => r.ms));
    const lines = [
      '## Port scan (issue 5)',
      '',
      `Fresh network namespace, 8 listeners (${LISTENERS.join(', ')}), ${RUNS} alternating runs after one warm-up each; wall time of the whole process`,
      '(node startup included for NetProbe), median (min–max). Both tools find exactly the 8 listeners in every run.',
      '',
      '| Scan of 127.0.0.1 | NetProbe CLI | nmap -sT | ratio (NetProbe / nmap) | peak RSS NetProbe / nmap |',
      '|---|---|---|---|---|',
      row('all 65,535 ports', full),
      row('top 1000 ports', top),
      '',
      `Target ratio ≤ 0.8 for the full scan: **${ratio <= 0.8 ? 'met' : 'not met'}** (${fmt(ratio, 2)}). Load average (1/5/15 min) at the start: ${loadAtStart.map(l => fmt(l, 1)).join(' / ')}.`,
      '',
      'CPU time per scan (user + system, every thread, from `/usr/bin/time`; load-independent, unlike wall time), median of the same runs:',
      '',
      '| Scan of 127.0.0.1 | NetProbe CLI | nmap -sT | ratio |',
      '|---|---|---|---|',
      cpuRow('all 65,535 ports', full),
      cpuRow('top 1000 ports', top),
      '',
      "NetProbe's CPU includes node start-up (~0.1 s) and two worker threads (~35 ms each). The connect loop reuses a",
      'refused socket for the next probe (no socket()/close()/epoll add+remove per closed port); before that change a',
      "full scan took 1.66–1.93 s of CPU (medians of side-by-side runs at different loads) against nmap's 1.1–1.2 s.",
      '',
      'Event-loop delay of the calling thread (the extension host in the editor) during a full scan, median of 5 runs:',
      '',
      '| Scan engine | p50 | p99 | max | scan time |',
      '|---|---|---|---|---|',
      `| worker threads (default) | ${fmt(worker.p50)} ms | **${fmt(worker.p99)} ms** | ${fmt(worker.max)} ms | ${fmt(worker.elapsedMs, 0)} ms |`,
      `| same thread (workers: 0, for comparison) | ${fmt(inline.p50)} ms | ${fmt(inline.p99)} ms | ${fmt(inline.max)} ms | ${fmt(inline.elapsedMs, 0)} ms |`,
      '',
      `Target p99 < 50 ms with workers: **${worker.p99 < 50 ? 'met' : 'not met'}**. Machine: ${os.cpus().length} vCPU, shared with other jobs during the run.`,
      '',
      'Commands: `npm run bench scan` (or `node esbuild.js --production && node out/bench/scan.bench.js`);',
      'NetProbe: `ip netns exec NS node dist/cli.js scan 127.0.0.1 --ports all --json`;',
      'nmap: `ip netns exec NS nmap -n -sT -p1-65535 --open 127.0.0.1` and `--top-ports 1000`.',
    ];
    writeSection('scan', lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    await ns.delete();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
