import { spawn } from 'child_process';
import { once } from 'events';
import * as fs from 'fs';
import { monitorEventLoopDelay } from 'perf_hooks';
import * as vscode from 'vscode';
import type { SocketSessionInfo } from '../../src/ui/udp/udp-sessions';
import type { StoppedSocket } from '../../src/ui/commands/udp';
import type { MonitorCounters } from '../../src/ui/webviews/monitor/protocol';
import { PACED_SENDER } from '../lib/paced-sender';

interface MonitorState {
  counters?: MonitorCounters;
  rendered?: { rows: number; text: string };
}

const sleep = (ms: number): Promise<void> => new Promise(r => setTimeout(r, ms));

/**
 * Loaded as extensionTestsPath by bench/udp-flood.bench.ts: floods a UDP monitor opened by netprobe.listenUdp in the
 * real extension host (50,000 datagrams/s for 10 s from another process) while measuring the host's event-loop
 * delay and RSS, then reads the panel's counters (the webview's rendered text) against what the socket delivered.
 */
export async function run(): Promise<void> {
  const rate = Number(process.env.NETPROBE_BENCH_RATE ?? 50000);
  const seconds = Number(process.env.NETPROBE_BENCH_SECONDS ?? 10);
  const size = Number(process.env.NETPROBE_BENCH_SIZE ?? 64);
  const ext = vscode.extensions.getExtension('netprobe-dev.netprobe');
  if (!ext) throw new Error('NetProbe not found');
  await ext.activate();
  const info = await vscode.commands.executeCommand<SocketSessionInfo>('netprobe.listenUdp', 0, { address: '127.0.0.1' });
  const state = (): Promise<MonitorState> => Promise.resolve(vscode.commands.executeCommand<MonitorState>('netprobe.internal.socketMonitorState', info.id));
  await sleep(3000); // the monitor's webview loads
  const before = process.memoryUsage();
  const rssBefore = before.rss;
  let rssMax = rssBefore;
  let heapMax = before.heapUsed;
  let externalMax = before.external;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    rssMax = Math.max(rssMax, m.rss);
    heapMax = Math.max(heapMax, m.heapUsed);
    externalMax = Math.max(externalMax, m.external);
  }, 100);
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  const sender = spawn(process.execPath, ['-e', PACED_SENDER, String(info.localPort), String(rate), String(seconds), String(size)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  let out = '';
  sender.stdout.on('data', (b: Buffer) => {
    out += b.toString();
  });
  await once(sender, 'exit');
  const sendMs = performance.now() - t0;
  const sent = JSON.parse(out.trim()) as { sent: number; errors: number; ms: number };
  // Until the socket's buffer is empty and two kernel reads agree (the panel reads it once a second).
  let last = '';
  for (let i = 0; i < 50; i++) {
    await sleep(1200);
    const k = (await state()).counters?.kernel;
    const now = JSON.stringify(k);
    if (k?.available && k.queuedBytes === 0 && now === last) break;
    last = now;
  }
  h.disable();
  clearInterval(sampler);
  const rssAfter = process.memoryUsage().rss;
  const counters = (await state()).counters;
  await vscode.commands.executeCommand('netprobe.internal.reportRendering', true);
  const stopped = await vscode.commands.executeCommand<StoppedSocket>('netprobe.stopSocket', info.id);
  let text = '';
  for (let i = 0; i < 100 && !/Stopped/.test(text); i++) {
    await sleep(100);
    text = (await state()).rendered?.text ?? '';
  }
  const panelPackets = Number(/(\d+) datagrams · /.exec(text)?.[1] ?? -1);
  const panelKernel = Number(/Kernel drops: (\d+) datagrams?/.exec(text)?.[1] ?? -1);
  const result = {
    rate,
    seconds,
    size,
    sent: sent.sent,
    sendErrors: sent.errors,
    senderMs: sent.ms,
    sendMs,
    kernelDrops: stopped.kernelDrops.available ? stopped.kernelDrops.drops : -1,
    monitorPackets: stopped.stats.packets,
    panelPackets,
    panelKernel,
    notListed: counters?.notListed ?? -1,
    eld: { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, mean: h.mean / 1e6 },
    rss: { before: rssBefore, max: rssMax, after: rssAfter },
    heap: { before: before.heapUsed, max: heapMax },
    external: { before: before.external, max: externalMax },
    panelText: text.split('\n').filter(l => /datagrams ·|Kernel drops/.test(l)),
  };
  const file = process.env.NETPROBE_BENCH_OUT;
  if (file) fs.writeFileSync(file, JSON.stringify(result, null, 2));
}
