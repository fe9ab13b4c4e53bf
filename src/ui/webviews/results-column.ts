import * as vscode from 'vscode';

/**
 * The one editor column where NetProbe shows results. The first panel opens beside the editor; every later one
 * (another kind, a Re-run, a History item) opens in the column of the panel shown last, never in a new one.
 */
export class ResultsColumn {
  private readonly columns = new Map<vscode.WebviewPanel, vscode.ViewColumn>();
  private last: vscode.WebviewPanel | undefined;
  private front: vscode.WebviewPanel | undefined;

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
      if (panel.active) this.front = panel;
    };
    this.front = panel;
    note();
    panel.onDidChangeViewState(note);
    panel.onDidDispose(() => {
      this.columns.delete(panel);
      if (this.last === panel) this.last = undefined;
      if (this.front === panel) this.front = undefined;
    });
  }

  /**
   * Whether `panel` needs a reveal to come in sight: it is hidden, or another NetProbe panel was brought in front of
   * it since (a panel's `visible` flag arrives late, and revealing a panel already in sight can blank its page).
   */
  needsReveal(panel: vscode.WebviewPanel): boolean {
    return !panel.visible || (this.front !== undefined && this.front !== panel);
  }

  /** Notes that NetProbe brought `panel` in front. */
  revealed(panel: vscode.WebviewPanel): void {
    this.front = panel;
    this.last = panel;
  }
}
