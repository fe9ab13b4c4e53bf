import * as fs from 'fs';
import * as vscode from 'vscode';

/** Loaded as extensionTestsPath by bench/foundation.bench.ts: times NetProbe's activation in the real host. */
export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension('netprobe-dev.netprobe');
  if (!ext) throw new Error('NetProbe not found');
  const wasActive = ext.isActive;
  const t0 = performance.now();
  await ext.activate();
  const activateMs = performance.now() - t0;
  const t1 = performance.now();
  await vscode.commands.executeCommand('netprobe.resolve', '127.0.0.1');
  const firstCommandMs = performance.now() - t1;
  const out = process.env.NETPROBE_BENCH_OUT;
  if (out) fs.writeFileSync(out, JSON.stringify({ wasActive, activateMs, firstCommandMs }));
}
