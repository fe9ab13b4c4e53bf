// Decompression bomb: a 158-byte brotli body that expands to 200,000,000 bytes, fetched from a loopback server
// and decoded. Each variant runs in a fresh Node process (its own RSS) that measures how long its event loop
// was blocked at worst and how much its RSS grew: NetProbe's streamed decoding at the default 64 MiB cap and
// with a cap above the bomb (the whole 200 MB decoded into a temporary file), the synchronous decoding NetProbe
// did before (zlib.brotliDecompressSync), and curl --compressed as the reference tool.
// Run: npm run build:prod && node scripts/run-bench.js http-decode
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import * as zlib from 'zlib';
import { sendHttp } from '../src/core/http/client';
import { fmt, median, writeSection } from './lib/report';

const BOMB_FILE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'http', 'brotli-bomb-200mb.br');
const MiB = 1024 * 1024;
const RUNS = 5;

type Variant = 'netprobe-capped' | 'netprobe-full' | 'sync-before' | 'idle';

interface ChildResult {
  maxBlockMs: number;
  maxGapMs: number;
  rssGrowthMiB: number;
  peakRssMiB: number;
  wallMs: number;
  decodedBytes: number;
}

/**
 * CPU time the main thread (the event loop) has run, from /proc (ns resolution). Between two timer ticks it is
 * how long the loop was busy without yielding, whatever the machine's load; the wall-clock gap also counts the
 * time the thread waited for a CPU.
 */
function mainThreadCpuMs(): number {
  return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'latin1').split(' ')[0]) / 1e6;
}

/** In the child: fetch the bomb from `port`, decode it the variant's way, and report the event loop and RSS. */
async function child(variant: Variant, port: number): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-bench-bomb-'));
  const target = { host: '127.0.0.1', port, tls: false };
  const request = 'GET / HTTP/1.1\r\nHost: bench\r\n\r\n';
  // Warm up: load zlib and the HTTP code once on a small body.
  await sendHttp(request.replace('/ ', '/small '), { target, decode: {}, tempDir });
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  let maxGap = 0;
  let maxBusy = 0;
  let last = performance.now();
  let lastCpu = mainThreadCpuMs();
  const PERIOD = 2;
  const ticker = setInterval(() => {
    const now = performance.now();
    const cpu = mainThreadCpuMs();
    maxGap = Math.max(maxGap, now - last - PERIOD);
    maxBusy = Math.max(maxBusy, cpu - lastCpu);
    last = now;
    lastCpu = cpu;
    peak = Math.max(peak, process.memoryUsage.rss());
  }, PERIOD);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const t0 = performance.now();
  let decodedBytes = 0;
  if (variant === 'idle') {
    await new Promise(resolve => setTimeout(resolve, 400));
  } else if (variant === 'sync-before') {
    const r = await sendHttp(request, { target, tempDir });
    const raw = r.final.response?.body.data ?? Buffer.alloc(0);
    decodedBytes = zlib.brotliDecompressSync(raw).length;
  } else {
    const r = await sendHttp(request, { target, tempDir, decode: variant === 'netprobe-full' ? { maxBytes: 256 * MiB } : {} });
    decodedBytes = r.final.response?.decoded?.body.size ?? 0;
  }
  const wallMs = performance.now() - t0;
  // Let the timer see the end of the last task (a synchronous decode shows up only after it returns).
  await new Promise(resolve => setTimeout(resolve, 20));
  peak = Math.max(peak, process.memoryUsage.rss());
  histogram.disable();
  clearInterval(ticker);
  fs.rmSync(tempDir, { recursive: true, force: true });
  const result: ChildResult = {
    maxBlockMs: maxBusy,
    maxGapMs: Math.max(maxGap, histogram.max / 1e6 - 1),
    rssGrowthMiB: (peak - base) / MiB,
    peakRssMiB: peak / MiB,
    wallMs,
    decodedBytes,
  };
  process.stdout.write(JSON.stringify(result));
}

function bombServer(bomb: Buffer): Promise<net.Server> {
  const small = zlib.brotliCompressSync(Buffer.from('warm-up body'));
  const server = net.createServer(s => {
    s.on('error', () => undefined);
    s.on('data', d => {
      const body = d.toString('latin1').startsWith('GET /small ') ? small : bomb;
      s.write(
        Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: br\r\nContent-Length: ${body.length}\r\n\r\n`), body]),
      );
    });
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs a command without blocking this process (the bomb server lives here); stdout, stderr and wall time. */
function run(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    c.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => c.kill('SIGKILL'), 300_000);
    c.on('error', reject);
    c.on('close', code => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ stdout, stderr, wallMs: performance.now() - t0 });
    });
  });
}

async function runChild(variant: Variant, port: number): Promise<ChildResult> {
  const r = await run(process.execPath, ['--expose-gc', __filename, '--child', variant, String(port)]);
  return JSON.parse(r.stdout) as ChildResult;
}

/** curl --compressed: wall time and its peak RSS (from GNU time). */
async function runCurl(port: number): Promise<{ wallMs: number; peakRssMiB: number }> {
  const r = await run('/usr/bin/time', ['-f', '%M', 'curl', '-s', '--compressed', '-o', '/dev/null', `http://127.0.0.1:${port}/`]);
  return { wallMs: r.wallMs, peakRssMiB: Number(r.stderr.trim().split('\n').pop()) / 1024 };
}

async function main(): Promise<void> {
  const bomb = fs.readFileSync(BOMB_FILE);
  const server = await bombServer(bomb);
  const port = (server.address() as net.AddressInfo).port;
  const variants: Variant[] = ['netprobe-capped', 'netprobe-full', 'sync-before', 'idle'];
  const results = new Map<Variant, ChildResult[]>(variants.map(v => [v, []]));
  const curl: Array<Awaited<ReturnType<typeof runCurl>>> = [];
  // Side by side: each round runs every variant once, in turn (the machine is shared).
  for (let round = 0; round < RUNS; round++) {
    for (const v of variants) results.get(v)?.push(await runChild(v, port));
    curl.push(await runCurl(port));
  }
  server.close();
  const med = (v: Variant, k: keyof ChildResult): number => median((results.get(v) ?? []).map(r => r[k]));
  const max = (v: Variant, k: keyof ChildResult): number => Math.max(...(results.get(v) ?? []).map(r => r[k]));
  const row = (label: string, v: Variant): string =>
    `| ${label} | ${(med(v, 'decodedBytes') / MiB).toFixed(1)} MiB | **${fmt(max(v, 'maxBlockMs'), 1)} ms** | ${fmt(med(v, 'maxGapMs'), 1)} / ${fmt(max(v, 'maxGapMs'), 1)} ms | **${fmt(max(v, 'rssGrowthMiB'), 1)} MiB** | ${fmt(med(v, 'peakRssMiB'), 0)} MiB | ${fmt(med(v, 'wallMs'), 0)} ms |`;
  const load = os.loadavg()[0] ?? 0;
  writeSection(
    'http-decode',
    [
      '## HTTP decompression bomb (issue 13 item 3)',
      '',
      'Command: `npm run build:prod && node scripts/run-bench.js http-decode` (`bench/http-decode.bench.ts`).',
      '',
      `A ${bomb.length}-byte brotli body (\`test/fixtures/http/brotli-bomb-200mb.br\`) that expands to 200,000,000 bytes, served by a loopback server; each`,
      `variant runs in a fresh Node ${process.version} process that samples its own event loop and RSS (growth from just before the request to the peak).`,
      "The block is the event-loop thread's own CPU time",
      'between two ticks of a 2 ms timer (`/proc/self/task/PID/schedstat`): how long the loop ran without yielding, which the load of the shared machine',
      'does not inflate; the timer gap (wall clock, with `monitorEventLoopDelay`) also counts waiting for a CPU, as the idle row shows. ' +
        `${RUNS} rounds, the variants side by side in each round; worst block and worst growth over the rounds, medians otherwise.`,
      '',
      '| Variant | Decoded | Max event-loop block (thread CPU) | Timer gap, median / worst of runs (wall) | RSS growth | Peak RSS | Wall time |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      row('NetProbe, streamed, default cap 64 MiB (`netprobe.http.maxDecodedBodyMB`)', 'netprobe-capped'),
      row('NetProbe, streamed, cap 256 MiB (the whole bomb, spilled to a temporary file)', 'netprobe-full'),
      row('Before the fix: `zlib.brotliDecompressSync` on the host', 'sync-before'),
      row('Idle process, same measurement (noise floor of the shared machine)', 'idle'),
      `| curl --compressed -o /dev/null (reference) | 190.7 MiB | | | | ${fmt(median(curl.map(c => c.peakRssMiB)), 0)} MiB | ${fmt(median(curl.map(c => c.wallMs)), 0)} ms |`,
      '',
      `Targets: event loop never blocked > 50 ms, RSS growth < 100 MiB. Ratio of the worst block, synchronous / streamed (default cap): ` +
        `**${fmt(max('sync-before', 'maxBlockMs') / Math.max(0.1, max('netprobe-capped', 'maxBlockMs')), 0)}×**; RSS growth ` +
        `${fmt(max('sync-before', 'rssGrowthMiB') / Math.max(0.1, max('netprobe-capped', 'rssGrowthMiB')), 1)}×.`,
      `Load average ${fmt(load, 1)} on 2 vCPUs when the run ended (other work may share them, so wall times can be noisy); ` +
        'the block and RSS figures are what the targets are about.',
    ].join('\n'),
  );
  console.log(
    fs
      .readFileSync(path.join(__dirname, '..', '..', 'BENCHMARKS.md'), 'utf8')
      .split('<!-- bench:http-decode -->')[1]
      ?.split('<!-- /bench:http-decode -->')[0],
  );
}

if (process.argv[2] === '--child') {
  child(process.argv[3] as Variant, Number(process.argv[4])).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
