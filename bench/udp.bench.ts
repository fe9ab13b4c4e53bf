// UDP benchmarks, NetProbe side by side with socat (and Node's bare dgram as the floor):
//  1. one datagram per process: `netprobe udp send` vs `socat` (hyperfine);
//  2. request/reply latency in process: udpSend (fresh socket per request, like nc -u) vs a kept raw socket;
//  3. receiving a flood: `netprobe udp listen` vs `socat -u UDP-RECV` (datagrams delivered, from /proc/net/udp drops).
// Run: npm run bench -- udp   (or: node esbuild.js && node out/bench/udp.bench.js)
import { spawn, spawnSync } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as dgram from 'dgram';
import { once } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { udpSend } from '../src/core/udp/send';
import { udpSocketStats } from './lib/proc-udp';
import { fmt, median, quantile, writeSection } from './lib/report';

const root = path.join(__dirname, '..', '..');
const CLI = path.join(root, 'dist', 'cli.js');

async function echoServer(): Promise<{ port: number; close: () => void }> {
  const s = dgram.createSocket('udp4');
  s.on('message', (m, r) => s.send(m, r.port, r.address));
  s.bind(0, '127.0.0.1');
  await once(s, 'listening');
  return { port: s.address().port, close: () => s.close() };
}

function hyperfine(commands: string[]): Array<{ command: string; median: number; mean: number; stddev: number }> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'np-bench-')), 'h.json');
  const r = spawnSync('hyperfine', ['-N', '--warmup', '3', '--runs', '30', '--export-json', out, ...commands], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`hyperfine failed: ${r.stderr}`);
  const j = JSON.parse(fs.readFileSync(out, 'utf8')) as { results: Array<{ command: string; median: number; mean: number; stddev: number }> };
  return j.results;
}

async function oneShot(lines: string[]): Promise<void> {
  const sink = dgram.createSocket('udp4');
  sink.on('message', () => undefined);
  sink.bind(0, '127.0.0.1');
  await once(sink, 'listening');
  const port = sink.address().port;
  const np = `node ${CLI} udp send 127.0.0.1 ${port} --text hello`;
  const so = `socat -u OPEN:/etc/hostname UDP-SENDTO:127.0.0.1:${port}`;
  const [a, b] = hyperfine([np, so]);
  sink.close();
  if (!a || !b) return;
  lines.push(
    '### One datagram per process (hyperfine, 30 runs)',
    '',
    '| Command | Median | Mean ± σ |',
    '| --- | ---: | ---: |',
    `| \`${np.replace(String(port), 'PORT').replace(CLI, 'dist/cli.js')}\` | ${fmt(a.median * 1000, 1)} ms | ${fmt(a.mean * 1000, 1)} ± ${fmt(a.stddev * 1000, 1)} ms |`,
    `| \`${so.replace(String(port), 'PORT')}\` | ${fmt(b.median * 1000, 1)} ms | ${fmt(b.mean * 1000, 1)} ± ${fmt(b.stddev * 1000, 1)} ms |`,
    '',
    `Ratio NetProbe / socat: **${fmt(a.median / b.median, 2)}×** (the CLI's cost is Node start-up and loading the bundle; the send itself is a few microseconds).`,
    '',
  );
}

async function roundTrip(lines: string[]): Promise<void> {
  const echo = await echoServer();
  const N = 2000;
  const payload = Buffer.from('ping-0123456789');
  const np: number[] = [];
  for (let i = 0; i < 100; i++) await udpSend('127.0.0.1', echo.port, payload, { wait: 1000, maxReplies: 1 });
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    const r = await udpSend('127.0.0.1', echo.port, payload, { wait: 1000, maxReplies: 1 });
    np.push(performance.now() - t);
    if (r.outcome !== 'replied') throw new Error('no reply');
  }
  const raw: number[] = [];
  const s = dgram.createSocket('udp4');
  s.bind(0, '127.0.0.1');
  await once(s, 'listening');
  for (let i = 0; i < N + 100; i++) {
    const t = performance.now();
    const got = once(s, 'message');
    s.send(payload, echo.port, '127.0.0.1');
    await got;
    if (i >= 100) raw.push(performance.now() - t);
  }
  s.close();
  echo.close();
  lines.push(
    `### Request/reply to a UDP echo server on 127.0.0.1 (${N} requests, in process)`,
    '',
    '| | p50 | p90 | p99 |',
    '| --- | ---: | ---: | ---: |',
    `| NetProbe \`udpSend\` (new socket, connect, send, reply, close — like \`nc -u\`) | ${fmt(median(np) * 1000, 0)} µs | ${fmt(quantile(np, 0.9) * 1000, 0)} µs | ${fmt(quantile(np, 0.99) * 1000, 0)} µs |`,
    `| Node \`dgram\`, one kept socket (floor) | ${fmt(median(raw) * 1000, 0)} µs | ${fmt(quantile(raw, 0.9) * 1000, 0)} µs | ${fmt(quantile(raw, 0.99) * 1000, 0)} µs |`,
    '',
    `Ratio NetProbe / kept socket (p50): **${fmt(median(np) / median(raw), 2)}×** — the difference is opening, binding and closing a socket per request.`,
    '',
  );
}

async function until(what: string, check: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 5));
  }
}

const SENDER = `
const d = require('dgram'); const [port, n] = process.argv.slice(1).map(Number);
const s = d.createSocket('udp4'); const buf = Buffer.alloc(64, 120); let sent = 0; const t0 = process.hrtime.bigint();
function burst() { let k = 0; while (sent < n && k++ < 256) { sent++; s.send(buf, port, '127.0.0.1', sent === n ? () => { console.log(Number(process.hrtime.bigint() - t0) / 1e6); s.close(); } : undefined); } if (sent < n) setImmediate(burst); }
s.bind(0, '127.0.0.1', burst);`;

type Receiver = 'netprobe' | 'socat' | 'node';

function startReceiver(kind: Receiver, port: number): ChildProcess {
  const stdio: ['ignore', 'ignore', 'ignore'] = ['ignore', 'ignore', 'ignore'];
  if (kind === 'netprobe') return spawn(process.execPath, [CLI, 'udp', 'listen', String(port), '--bind', '127.0.0.1'], { stdio });
  if (kind === 'socat') return spawn('socat', ['-u', `UDP-RECV:${port},bind=127.0.0.1`, 'OPEN:/dev/null'], { stdio });
  return spawn(process.execPath, ['-e', `const s = require('dgram').createSocket('udp4'); s.on('message', () => {}); s.bind(${port}, '127.0.0.1');`], {
    stdio,
  });
}

async function flood(kind: Receiver, port: number, n: number): Promise<{ delivered: number; sendMs: number }> {
  const child = startReceiver(kind, port);
  const exited = once(child, 'exit');
  try {
    await until(`${kind} to bind`, () => udpSocketStats(port) !== undefined);
    const r = spawnSync(process.execPath, ['-e', SENDER, String(port), String(n)], { encoding: 'utf8' });
    const sendMs = Number(r.stdout.trim());
    await until(`${kind} to drain`, () => (udpSocketStats(port)?.rxQueue ?? 0) === 0);
    const drops = udpSocketStats(port)?.drops ?? 0;
    return { delivered: n - drops, sendMs };
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

async function receive(lines: string[]): Promise<void> {
  const N = 100000;
  const rows: Record<Receiver, number[]> = { netprobe: [], socat: [], node: [] };
  const rates: Record<Receiver, number[]> = { netprobe: [], socat: [], node: [] };
  const probe = dgram.createSocket('udp4');
  probe.bind(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = probe.address().port;
  probe.close();
  for (let round = 0; round < 5; round++) {
    const order: Receiver[] = ['netprobe', 'socat', 'node'];
    for (const kind of round % 2 ? order.reverse() : order) {
      const r = await flood(kind, port, N);
      rows[kind].push(r.delivered);
      rates[kind].push(r.delivered / (r.sendMs / 1000));
    }
  }
  const np = median(rows.netprobe);
  const so = median(rows.socat);
  lines.push(
    `### Receiving a flood (${N.toLocaleString('en')} datagrams of 64 bytes sent as fast as one Node sender can; median of 5 rounds)`,
    '',
    '| Receiver | Delivered (of sent) | Delivered per second of sending |',
    '| --- | ---: | ---: |',
    `| \`netprobe udp listen PORT --bind 127.0.0.1 > /dev/null\` (one line per datagram) | ${np.toLocaleString('en')} (${fmt((100 * np) / N, 1)} %) | ${Math.round(median(rates.netprobe)).toLocaleString('en')} |`,
    `| \`socat -u UDP-RECV:PORT OPEN:/dev/null\` | ${so.toLocaleString('en')} (${fmt((100 * so) / N, 1)} %) | ${Math.round(median(rates.socat)).toLocaleString('en')} |`,
    `| bare Node \`dgram\` socket that ignores each message (floor for any Node receiver) | ${median(rows.node).toLocaleString('en')} (${fmt((100 * median(rows.node)) / N, 1)} %) | ${Math.round(median(rates.node)).toLocaleString('en')} |`,
    '',
    `Ratio NetProbe / socat (delivered): **${fmt(np / so, 2)}×**. Drops are the kernel's count for the receiving socket (\`/proc/net/udp\`), with the default 208 KiB receive buffer; \`--rcvbuf\` raises it.`,
    '',
  );
}

async function main(): Promise<void> {
  const lines: string[] = ['## UDP', '', 'Command: `npm run bench -- udp` (`node out/bench/udp.bench.js`). Loopback, 2 vCPU shared.', ''];
  await oneShot(lines);
  await roundTrip(lines);
  await receive(lines);
  writeSection('udp', lines.join('\n'));
  console.log(lines.join('\n'));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
