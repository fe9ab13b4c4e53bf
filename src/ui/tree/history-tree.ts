import * as vscode from 'vscode';
import type { HistoryStore } from '../history/history-store';
import type { ResultView } from '../results/view-model';

const ICONS: Record<ResultView['status'], vscode.ThemeIcon> = {
  ok: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
};

/** The History view: the last results, newest first; click to reopen. Empty → welcome content. */
export class HistoryTreeProvider implements vscode.TreeDataProvider<ResultView>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly history: HistoryStore) {
    this.sub = history.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: ResultView): ResultView[] {
    return node ? [] : this.history.all();
  }

  getTreeItem(view: ResultView): vscode.TreeItem {
    const item = new vscode.TreeItem(view.title, vscode.TreeItemCollapsibleState.None);
    item.id = view.id;
    item.description = `${new Date(view.createdAt).toLocaleTimeString()}${view.partial ? ' · partial' : ''}`;
    item.tooltip = view.partial ? `${view.summary}\n\nPartial: ${view.partial}` : view.summary;
    item.iconPath = ICONS[view.status];
    item.contextValue = view.rerun ? 'netprobe.historyItem.rerunnable' : 'netprobe.historyItem';
    item.command = { command: 'netprobe.openHistoryItem', title: 'Open', arguments: [view.id] };
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
