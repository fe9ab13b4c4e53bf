import * as fs from 'fs';
import { monitorEventLoopDelay } from 'perf_hooks';
import * as vscode from 'vscode';
import type { BatchResult } from '../../src/core/dns/batch';

/**
 * Loaded as extensionTestsPath by bench/dns.bench.ts: runs Resolve Selection over 10,240 addresses in the real
 * extension host (progress notification, results panel, History) while measuring the host's event-loop delay.
 */
export async function run(): Promise<void> {
  const server = process.env.NETPROBE_BENCH_DNS_SERVER ?? '';
  const ext = vscode.extensions.getExtension('netprobe-dev.netprobe');
  if (!ext) throw new Error('NetProbe not found');
  await ext.activate();
  const ips: string[] = [];
  for (let c = 0; c < 40; c++) for (let d = 0; d < 256; d++) ips.push(`10.0.${c}.${d}`);
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  const r = await vscode.commands.executeCommand<BatchResult>('netprobe.resolveSelection', ips.join('\n'), server);
  const elapsedMs = performance.now() - t0;
  h.disable();
  const out = process.env.NETPROBE_BENCH_OUT;
  if (out) {
    fs.writeFileSync(
      out,
      JSON.stringify({
        items: r.items.length,
        resolved: r.items.filter(i => i.status === 'ok').length,
        elapsedMs,
        p50: h.percentile(50) / 1e6,
        p99: h.percentile(99) / 1e6,
        max: h.max / 1e6,
      }),
    );
  }
}
