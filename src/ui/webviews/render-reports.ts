import * as vscode from 'vscode';
import type { ResultsColumn } from './results-column';

/**
 * Whether webviews report what they rendered (a `rendered` message with the page's visible text). Off in
 * normal use; the test host turns it on with `netprobe.internal.reportRendering` to read the real DOM.
 */
export class RenderReports implements vscode.Disposable {
  private on = false;
  private readonly emitter = new vscode.EventEmitter<boolean>();
  /** Fires when reports are turned on or off. */
  readonly onDidChange = this.emitter.event;

  get enabled(): boolean {
    return this.on;
  }

  set(on: boolean): void {
    if (on === this.on) return;
    this.on = on;
    this.emitter.fire(on);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/**
 * What every panel needs from the extension: where media/ is, whether to ask for render reports, and the one
 * column results open in.
 */
export interface WebviewContext {
  readonly extensionUri: vscode.Uri;
  readonly reports: RenderReports;
  readonly column: ResultsColumn;
}
