import * as vscode from 'vscode';

/**
 * The one editor column where NetProbe shows results. The first panel opens beside the editor; every later one
 * (another kind, a Re-run, a History item) opens in the column of the panel shown last, never in a new one.
 */
export class ResultsColumn {
  private readonly columns = new Map<vscode.WebviewPanel, vscode.ViewColumn>();
  private last: vscode.WebviewPanel | undefined;

  /** The column a new NetProbe panel opens in. */
  get column(): vscode.ViewColumn {
    const last = this.last && this.columns.get(this.last);
    if (last !== undefined) return last;
    for (const c of this.columns.values()) return c;
    return vscode.ViewColumn.Beside;
  }

  /** Follows a panel's column while it is open. */
  track(panel: vscode.WebviewPanel): void {
    const note = (): void => {
      if (panel.viewColumn !== undefined) this.columns.set(panel, panel.viewColumn);
      if (panel.visible) this.last = panel;
    };
    note();
    panel.onDidChangeViewState(note);
    panel.onDidDispose(() => {
      this.columns.delete(panel);
      if (this.last === panel) this.last = undefined;
    });
  }
}
