// UDP flood into a monitor (issue 13 item 5): 50,000 datagrams/s for 10 s into a monitor panel opened by
// netprobe.listenUdp in the real VS Code extension host (bench/vscode/udp-flood-index.ts), measuring the host's
// event-loop delay and RSS and checking the panel's counters against what the socket delivered; side by side in the
// same run: the same flood into a bare Node receiver (the floor for kernel drops on this machine), and the host-side
// cost per datagram of the monitor path before this change (every datagram converted to 4 KiB of text and hex and
// posted) and after it (counted, 250 previews per 100 ms), in process.
// Run: npm run build:prod && node scripts/run-bench.js udp-flood
import { spawn, spawnSync } from 'child_process';
import { once } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packetJson, packetPreview } from '../src/core/udp/format';
import type { PacketJson } from '../src/core/udp/format';
import { BoundedBatch, PacketMonitor } from '../src/core/udp/monitor';
import type { UdpPacket } from '../src/core/udp/socket';
import { udpSocketStats } from './lib/proc-udp';
import { fmt, median, writeSection } from './lib/report';
import { PACED_SENDER } from './lib/paced-sender';

const ROOT = path.join(__dirname, '..', '..');
const RATE = 50_000;
const SECONDS = 10;
const SIZE = 64;
const MiB = 1024 * 1024;

interface HostRun {
  sent: number;
  sendErrors: number;
  senderMs: number;
  kernelDrops: number;
  monitorPackets: number;
  panelPackets: number;
  panelKernel: number;
  notListed: number;
  eld: { p50: number; p99: number; max: number; mean: number };
  rss: { before: number; max: number; after: number };
  panelText: string[];
  heap: { before: number; max: number };
  external: { before: number; max: number };
}

/** The flood into a monitor in the real extension host; undefined if the host fails. */
function hostRun(): HostRun | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-udp-flood-'));
  const out = path.join(dir, 'result.json');
  const r = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'scripts', 'vscode-host', 'run-extension-tests.js'),
      ROOT,
      path.join(ROOT, 'out', 'bench', 'vscode', 'udp-flood-index.js'),
      path.join(dir, 'ws'),
    ],
    {
      env: {
        ...process.env,
        NETPROBE_BENCH_OUT: out,
        NETPROBE_BENCH_RATE: String(RATE),
        NETPROBE_BENCH_SECONDS: String(SECONDS),
        NETPROBE_BENCH_SIZE: String(SIZE),
      },
      stdio: 'inherit',
    },
  );
  const result = r.status === 0 && fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as HostRun) : undefined;
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

const RECEIVER = `const s = require('dgram').createSocket('udp4'); let n = 0; s.on('message', () => { n++; });
s.bind(0, '127.0.0.1', () => console.log(s.address().port)); process.on('SIGTERM', () => { console.log(n); process.exit(0); });`;

/** The same paced flood into a bare Node receiver process: what this machine delivers without NetProbe. */
async function bareRun(): Promise<{ sent: number; received: number; drops: number }> {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
  });
  while (!out.includes('\n')) await new Promise(r => setTimeout(r, 20));
  const port = Number(out.trim());
  const sender = spawnSync(process.execPath, ['-e', PACED_SENDER, String(port), String(RATE), String(SECONDS), String(SIZE)], { encoding: 'utf8' });
  const sent = (JSON.parse(sender.stdout.trim()) as { sent: number }).sent;
  for (let i = 0; i < 100 && (udpSocketStats(port)?.rxQueue ?? 0) > 0; i++) await new Promise(r => setTimeout(r, 50));
  const drops = udpSocketStats(port)?.drops ?? -1;
  out = '';
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
  return { sent, received: Number(out.trim()), drops };
}

const packet = (seq: number, payload: Buffer): UdpPacket => ({
  seq,
  time: Date.now(),
  from: '127.0.0.1',
  port: 40000 + (seq % 4),
  family: 4,
  size: payload.length,
  payload,
});

/**
 * Host CPU per datagram of the monitor path, in process: `before` is the code this change replaced (each datagram
 * counted twice, converted with packetJson and queued without bound, every 100 ms posted as JSON); `after` is the
 * new path (counted once, at most 250 listed per 100 ms as previews).
 */
function perDatagram(size: number): { before: number; after: number } {
  const payload = Buffer.alloc(size, 0x41);
  const perTick = RATE / 10;
  const ticks = 20;
  const runBefore = (): number => {
    const collectMonitor = new PacketMonitor({ capacity: 1 });
    const sessionMonitor = new PacketMonitor({ capacity: 1000 });
    const t = process.cpuUsage();
    let seq = 0;
    for (let k = 0; k < ticks; k++) {
      const queue: PacketJson[] = [];
      for (let i = 0; i < perTick; i++) {
        const p = packet(++seq, payload);
        collectMonitor.add(p);
        sessionMonitor.add(p);
        queue.push(packetJson(p));
      }
      JSON.stringify({ type: 'packets', packets: queue, stats: sessionMonitor.stats() });
    }
    const u = process.cpuUsage(t);
    return (u.user + u.system) / (ticks * perTick);
  };
  const runAfter = (): number => {
    const monitor = new PacketMonitor({ capacity: 1000 });
    const batch = new BoundedBatch<UdpPacket>(250);
    const t = process.cpuUsage();
    let seq = 0;
    for (let k = 0; k < ticks; k++) {
      for (let i = 0; i < perTick; i++) {
        const p = packet(++seq, payload);
        monitor.add(p);
        batch.push(p);
      }
      JSON.stringify({ type: 'packets', packets: batch.take().map(p => packetPreview(p)), stats: monitor.stats(), counters: { notListed: batch.dropped } });
    }
    const u = process.cpuUsage(t);
    return (u.user + u.system) / (ticks * perTick);
  };
  runBefore();
  runAfter();
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < 5; i++) {
    before.push(runBefore());
    after.push(runAfter());
  }
  return { before: median(before), after: median(after) };
}

async function main(): Promise<void> {
  const load = os.loadavg()[0] ?? 0;
  const small = perDatagram(64);
  const large = perDatagram(1400);
  const bare = await bareRun();
  const host = hostRun();
  const lines = [
    '## UDP flood into a monitor (issue 13 item 5)',
    '',
    `Command: \`npm run build:prod && node scripts/run-bench.js udp-flood\`. Loopback, 2 vCPU (1-min load average at the start: ${fmt(load, 1)}; other work may share them, so figures can be noisy); the ratios are measured side by side in one run.`,
    '',
    `### ${RATE.toLocaleString('en')} datagrams/s of ${SIZE} bytes for ${SECONDS} s into a monitor in the real VS Code extension host`,
    '',
    'A paced sender process floods the socket of `netprobe.listenUdp 0 { address: "127.0.0.1" }` with its monitor panel open (code-server + headless Chromium, `bench/vscode/udp-flood-index.ts`); the host measures its own event-loop delay (`monitorEventLoopDelay`, 1 ms resolution) and RSS from the start of the flood until the socket has drained; the panel\'s counters are read from the webview\'s rendered text after Stop.',
    '',
  ];
  if (host) {
    const delivered = host.sent - host.sendErrors - host.kernelDrops;
    const growth = (host.rss.max - host.rss.before) / MiB;
    lines.push(
      '| Figure | Value | Target |',
      '| --- | ---: | --- |',
      `| Datagrams sent (send errors) | ${host.sent.toLocaleString('en')} (${host.sendErrors}) in ${fmt(host.senderMs / 1000, 1)} s | |`,
      `| Dropped by the kernel (socket's drop counter) | ${host.kernelDrops.toLocaleString('en')} (${fmt((100 * host.kernelDrops) / host.sent, 2)} %) | shown apart |`,
      `| Delivered by the socket (sent − errors − kernel drops) | ${delivered.toLocaleString('en')} | |`,
      `| Counted by the monitor / shown by the panel | ${host.monitorPackets.toLocaleString('en')} / ${host.panelPackets.toLocaleString('en')} | = delivered: **${host.panelPackets === delivered && host.monitorPackets === delivered ? 'yes' : 'NO'}** |`,
      `| Kernel drops shown by the panel | ${host.panelKernel.toLocaleString('en')} | = drop counter: **${host.panelKernel === host.kernelDrops ? 'yes' : 'NO'}** |`,
      `| Listed as previews / counted as not listed | ${(host.monitorPackets - host.notListed).toLocaleString('en')} / ${host.notListed.toLocaleString('en')} | ≤ 250 per 100 ms listed |`,
      `| Host event-loop delay p50 / p99 / max | ${fmt(host.eld.p50, 1)} / **${fmt(host.eld.p99, 1)}** / ${fmt(host.eld.max, 1)} ms | p99 < 50 ms: **${host.eld.p99 < 50 ? 'met' : 'NOT met'}** |`,
      `| Host RSS before → peak → after | ${fmt(host.rss.before / MiB, 0)} → ${fmt(host.rss.max / MiB, 0)} → ${fmt(host.rss.after / MiB, 0)} MiB (growth ${fmt(growth, 1)} MiB) | < 100 MiB: **${growth < 100 ? 'met' : 'NOT met'}** |`,
      `| of which JS heap used / external (Buffers) before → peak | ${fmt(host.heap.before / MiB, 0)} → ${fmt(host.heap.max / MiB, 0)} / ${fmt(host.external.before / MiB, 0)} → ${fmt(host.external.max / MiB, 0)} MiB | |`,
      '',
      `Panel text: ${host.panelText.map(t => `“${t}”`).join(' / ')}`,
      '',
    );
  } else {
    lines.push('The real extension host did not complete this run (see the console output); no host figures.', '');
  }
  lines.push(
    `Side by side, the same flood into a bare Node \`dgram\` receiver process (no NetProbe): ${bare.received.toLocaleString('en')} of ${bare.sent.toLocaleString('en')} received, ${bare.drops.toLocaleString('en')} dropped by the kernel${host ? `; NetProbe's monitor in the extension host: ${host.monitorPackets.toLocaleString('en')} received, ${host.kernelDrops.toLocaleString('en')} dropped (kernel drops NetProbe / bare: ${bare.drops > 0 ? `${fmt(host.kernelDrops / bare.drops, 2)}×` : `${host.kernelDrops} vs 0`})` : ''}.`,
    '',
    '### Host CPU per datagram of the monitor path (in process, 20 refreshes of 5,000 datagrams, median of 5)',
    '',
    '| Payload | Before: every datagram as 4 KiB text+hex, posted | After: counted, ≤ 250 previews per refresh | Before / after |',
    '| --- | ---: | ---: | ---: |',
    `| 64 bytes | ${fmt(small.before, 2)} µs | ${fmt(small.after, 2)} µs | **${fmt(small.before / small.after, 1)}×** |`,
    `| 1,400 bytes | ${fmt(large.before, 2)} µs | ${fmt(large.after, 2)} µs | **${fmt(large.before / large.after, 1)}×** |`,
    '',
    `At ${RATE.toLocaleString('en')} datagrams/s the before path needs ${fmt((small.before * RATE) / 1e6, 2)} s (64 B) and ${fmt((large.before * RATE) / 1e6, 2)} s (1,400 B) of host CPU per second of flood; the after path ${fmt((small.after * RATE) / 1e6, 2)} s and ${fmt((large.after * RATE) / 1e6, 2)} s.`,
  );
  writeSection('udp-flood', lines.join('\n'));
  console.log(lines.join('\n'));
  if (!host) process.exitCode = 1;
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
