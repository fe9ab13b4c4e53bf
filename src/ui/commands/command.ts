import * as vscode from 'vscode';
import type { Services } from '../services';
import { isShownNode } from '../tree/shown-nodes';
import type { EntryPoint } from './entry-point';
import { splitEntryPoint } from './entry-point';

/** Where a call came from, as a failure report names it. */
export type CallOrigin = EntryPoint | 'palette' | 'menu' | 'code';

/** An editor menu's second argument (`{ groupId, editorIndex }`) or a multi-selection list. */
function isMenuContext(v: unknown): boolean {
  return (
    v === undefined ||
    v instanceof vscode.Uri ||
    Array.isArray(v) ||
    (typeof v === 'object' && v !== null && typeof (v as { groupId?: unknown }).groupId === 'number')
  );
}

/**
 * Who started a call: the palette or a keybinding (no arguments), an explorer/editor menu (a URI), a view's
 * context menu (one of its elements), a link/CodeLens/tree item/button (the entry-point marker), or code (a
 * script, a test, another command: any other arguments).
 */
export function callOrigin(args: readonly unknown[], from: EntryPoint | undefined): CallOrigin {
  if (from) return from;
  if (args.every(a => a === undefined)) return 'palette';
  if (args[0] instanceof vscode.Uri && args.slice(1).every(isMenuContext)) return 'menu';
  if (isShownNode(args[0]) && args.slice(1).every(isMenuContext)) return 'tree';
  return 'code';
}

/**
 * Runs one call of command `id` the way every NetProbe command runs: a failure is reported once — a
 * notification with "Show details", a log line and a History entry (see `Services.reportError`) — whoever
 * started it. A call from code also rejects (scripts and tests see the error); a call the user started
 * resolves undefined, so VS Code does not show the same failure a second time.
 */
export async function runCommand<R>(
  services: Services,
  id: string,
  what: string,
  raw: readonly unknown[],
  run: (args: unknown[]) => R | Promise<R>,
): Promise<R | undefined> {
  const { args, from } = splitEntryPoint(raw);
  const origin = callOrigin(args, from);
  try {
    return await run(args);
  } catch (e) {
    services.reportError(what, e, { command: id, args, origin });
    if (origin === 'code') throw e;
    return undefined;
  }
}

/**
 * Registers a NetProbe command (every command goes through here: a unit test checks it). The handler may
 * prompt for missing inputs; `what` names the operation in failure reports ("Check port", "Reverse lookup").
 */
export function registerCommand<A extends unknown[], R>(
  services: Services,
  id: string,
  what: string,
  handler: (...args: Partial<A>) => R | undefined | Promise<R | undefined>,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, (...raw: unknown[]) => runCommand(services, id, what, raw, args => handler(...(args as Partial<A>))));
}
