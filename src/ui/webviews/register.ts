import * as vscode from 'vscode';
import type { MeasurablePanel, WebviewContext } from './render-reports';

/** The panel of `viewType` in sight (the first such), if any. */
function visiblePanel(webviews: WebviewContext, viewType: unknown): MeasurablePanel | undefined {
  return [...webviews.reports.panels].find(p => p.viewType === viewType && p.isVisible);
}

/**
 * Test hooks (not contributed): `netprobe.internal.reportRendering` turns the webviews' `rendered` reports on
 * (or off with `false`), which the test host does; in normal use no panel sends its text back.
 * `netprobe.internal.panelLayout(viewType)` measures the page of the panel of that type in sight (LayoutReport),
 * `netprobe.internal.movePanel(viewType, column)` moves it to an editor column.
 */
export function registerWebviewCommands(webviews: WebviewContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('netprobe.internal.reportRendering', (on: unknown = true) => {
      webviews.reports.set(on !== false);
      return webviews.reports.enabled;
    }),
    vscode.commands.registerCommand('netprobe.internal.panelLayout', (viewType: unknown) => {
      const panel = visiblePanel(webviews, viewType);
      if (!panel) throw new Error(`no ${String(viewType)} panel in sight`);
      return panel.measureLayout();
    }),
    vscode.commands.registerCommand('netprobe.internal.movePanel', (viewType: unknown, column: vscode.ViewColumn) => {
      const panel = [...webviews.reports.panels].find(p => p.viewType === viewType && p.isOpen);
      if (!panel) throw new Error(`no ${String(viewType)} panel is open`);
      panel.moveTo(column);
    }),
  ];
}
