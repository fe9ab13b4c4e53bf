import * as vscode from 'vscode';
import type { LayoutReport } from './protocol';
import type { ResultsColumn } from './results-column';

/** A panel the tests can measure and move (every PanelHost). */
export interface MeasurablePanel {
  readonly viewType: string;
  readonly isOpen: boolean;
  /** Whether the panel is open and its tab is the one shown in its group (a hidden webview has no page). */
  readonly isVisible: boolean;
  measureLayout(): Promise<LayoutReport>;
  moveTo(column: vscode.ViewColumn): void;
}

/**
 * Whether webviews report what they rendered (a `rendered` message with the page's visible text). Off in
 * normal use; the test host turns it on with `netprobe.internal.reportRendering` to read the real DOM.
 */
export class RenderReports implements vscode.Disposable {
  private on = false;
  private readonly emitter = new vscode.EventEmitter<boolean>();
  /** Every panel that exists (open or not), for the tests' layout hooks (`netprobe.internal.panelLayout`). */
  readonly panels = new Set<MeasurablePanel>();
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
