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
  /** Milliseconds from the start of loading the extension's code (`loadStart`) to the end of activation. */
  activationMs?: number;
}

/** `performance.now()` when the bundle began to load (its first line; undefined outside the bundle). */
declare const NETPROBE_LOAD_START: number | undefined;
const loadStart = typeof NETPROBE_LOAD_START === 'number' ? NETPROBE_LOAD_START : undefined;

export function activate(context: vscode.ExtensionContext): NetProbeApi {
  const services = new Services(context);
  const { disposables, features } = registerAll(services);
  context.subscriptions.push(services, ...disposables);
  void services.settings.migrate().then(
    copied => { for (const c of copied) services.log.info(`Settings: copied your ${c.from} to ${c.to} (the old name is deprecated).`); },
    (e: unknown) => services.log.warn(`Settings: could not migrate renamed settings: ${errorMessage(e)}`),
  );
  return { services, features, ...(loadStart !== undefined ? { activationMs: performance.now() - loadStart } : {}) };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
