import * as vscode from 'vscode';
import type { Services } from '../services';

/**
 * Registers a command whose handler may prompt for missing inputs. Called with arguments (from code or
 * tests) errors reject to the caller; called from the palette (no arguments) they are shown to the user.
 */
export function registerCommand<A extends unknown[], R>(
  services: Services,
  id: string,
  what: string,
  handler: (...args: Partial<A>) => Promise<R | undefined>,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    const interactive = args.length === 0 || args.every(a => a === undefined || a instanceof vscode.Uri);
    try {
      return await handler(...(args as Partial<A>));
    } catch (e) {
      if (!interactive) throw e;
      services.reportError(what, e);
      return undefined;
    }
  });
}
