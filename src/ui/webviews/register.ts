import * as vscode from 'vscode';
import type { WebviewContext } from './render-reports';

/**
 * `netprobe.internal.reportRendering` (not contributed): turns the webviews' `rendered` reports on (or off
 * with `false`). The test host calls it; in normal use no panel sends its text back.
 */
export function registerWebviewCommands(webviews: WebviewContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('netprobe.internal.reportRendering', (on: unknown = true) => {
      webviews.reports.set(on !== false);
      return webviews.reports.enabled;
    }),
  ];
}
