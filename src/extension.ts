import type * as vscode from 'vscode';
import { registerAll } from './ui/register';
import { Services } from './ui/services';

/** The API returned from activation (tests and other extensions use it). */
export interface NetProbeApi {
  services: Services;
}

export function activate(context: vscode.ExtensionContext): NetProbeApi {
  const services = new Services(context);
  context.subscriptions.push(services, ...registerAll(services));
  void services.settings.migrate().then(
    copied => { for (const c of copied) services.log.info(`Settings: copied your ${c.from} to ${c.to} (the old name is deprecated).`); },
    (e: unknown) => services.log.warn(`Settings: could not migrate renamed settings: ${e instanceof Error ? e.message : String(e)}`),
  );
  return { services };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
