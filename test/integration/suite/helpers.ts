import * as vscode from 'vscode';
import type { NetProbeApi } from '../../../src/extension';

/** Activates NetProbe and returns its API. */
export async function activateNetProbe(): Promise<NetProbeApi> {
  const ext = vscode.extensions.getExtension<NetProbeApi>('netprobe-dev.netprobe');
  if (!ext) throw new Error('NetProbe extension not found');
  return ext.activate();
}

/** Resolves when `check` returns a value (polled on each event-loop turn of the host), or rejects after `ms`. */
export async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}
