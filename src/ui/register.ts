import type * as vscode from 'vscode';
import { registerDiagnoseCommands } from './commands/diagnose';
import { registerLookupCommands } from './commands/lookup';
import { registerPortCommands } from './commands/ports';
import { registerSidebar } from './commands/sidebar';
import type { Services } from './services';

/** Every feature's registrar; each returns the disposables it created. */
const REGISTRARS: Array<(services: Services) => vscode.Disposable[]> = [
  registerSidebar,
  registerLookupCommands,
  registerPortCommands,
  registerDiagnoseCommands,
];

/** Registers every command, view and provider of NetProbe. */
export function registerAll(services: Services): vscode.Disposable[] {
  return REGISTRARS.flatMap(register => register(services));
}
