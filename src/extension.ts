import type * as vscode from 'vscode';
import { errorMessage } from './core/errors';
import type { FeatureLoader } from './ui/features';
import { registerAll } from './ui/register';
import { Services } from './ui/services';

/** The API returned from activation (tests and other extensions use it). */
export interface NetProbeApi {
  services: Services;
  /** Loads features on first use; `loadMs` says how long each took. */
  features: FeatureLoader;
  /** Milliseconds to load the extension's code plus run `activate()`: wall time, and CPU time of the process. */
  activationMs?: number;
  activationCpuMs?: number;
}

/** `performance.now()` and `process.cpuUsage()` at the bundle's first and last lines (undefined outside the bundle). */
declare const NETPROBE_LOAD_CLOCK: { start: number; startCpu: NodeJS.CpuUsage; end?: number; endCpu?: NodeJS.CpuUsage } | undefined;

function cpuMs(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number {
  return (to.user - from.user + to.system - from.system) / 1000;
}

export function activate(context: vscode.ExtensionContext): NetProbeApi {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const services = new Services(context);
  const { disposables, features } = registerAll(services);
  context.subscriptions.push(services, ...disposables);
  void services.settings.migrate().then(
    copied => {
      for (const c of copied) services.log.info(`Settings: copied your ${c.from} to ${c.to} (the old name is deprecated).`);
    },
    (e: unknown) => services.log.warn(`Settings: could not migrate renamed settings: ${errorMessage(e)}`),
  );
  const load = typeof NETPROBE_LOAD_CLOCK === 'object' ? NETPROBE_LOAD_CLOCK : undefined;
  const api: NetProbeApi = { services, features };
  if (load?.end !== undefined && load.endCpu) {
    api.activationMs = load.end - load.start + performance.now() - t0;
    api.activationCpuMs = cpuMs(load.startCpu, load.endCpu) + cpuMs(cpu0, process.cpuUsage());
  }
  return api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
