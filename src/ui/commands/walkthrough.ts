import * as vscode from 'vscode';
import type { Services } from '../services';

/** The walkthrough contributed in package.json (`contributes.walkthroughs`). */
export const WALKTHROUGH_ID = 'gettingStarted';
const SHOWN_KEY = 'netprobe.walkthroughShown';

/** A log with documentation-range addresses (RFC 5737, RFC 3849): hovering them sends nothing. */
const SAMPLE_LOG = `2026-03-14T09:12:01Z sshd[812]: Failed password for root from 203.0.113.7 port 52814 ssh2
2026-03-14T09:12:03Z sshd[812]: Accepted publickey for deploy from 198.51.100.23 port 40122 ssh2
2026-03-14T09:12:09Z kernel: IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=192.0.2.77 DST=10.20.0.5 PROTO=TCP DPT=443
2026-03-14T09:12:10Z nginx: 2001:db8::42 - - "GET /health HTTP/1.1" 200 2
2026-03-14T09:12:12Z firewall: allow 10.20.0.0/16 -> 172.16.5.0/24 tcp/5432
`;

const openWalkthrough = (context: vscode.ExtensionContext): Thenable<unknown> =>
  vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);

/**
 * At activation: the first time in a profile (a new install, or every `npm start`, which uses a fresh profile), shows
 * the walkthrough. Not in test runs.
 */
export function openWalkthroughOnFirstRun(context: vscode.ExtensionContext): void {
  if (context.extensionMode === vscode.ExtensionMode.Test || context.globalState.get<boolean>(SHOWN_KEY)) return;
  void context.globalState.update(SHOWN_KEY, true);
  void openWalkthrough(context);
}

/** Get Started (opens the walkthrough) and Open Sample Log (its hover step). */
export function registerWalkthroughCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('netprobe.openWalkthrough', () => openWalkthrough(services.context)),
    vscode.commands.registerCommand('netprobe.openSampleLog', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'log', content: SAMPLE_LOG });
      const editor = await vscode.window.showTextDocument(doc);
      const at = new vscode.Position(0, SAMPLE_LOG.indexOf('203.0.113.7') + 2);
      editor.selection = new vscode.Selection(at, at);
      return editor;
    }),
  ];
}
