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
  return { services };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
