import * as vscode from 'vscode';

/**
 * A view's data provider registered at activation whose real provider comes with its feature, on first use.
 * Until then the view is empty (its welcome text shows).
 */
export class DeferredTreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | undefined>();
  private target: vscode.TreeDataProvider<T> | undefined;
  private sub: vscode.Disposable | undefined;
  readonly onDidChangeTreeData = this.changed.event;

  /** Hands the view to the feature's provider. */
  attach(target: vscode.TreeDataProvider<T>): void {
    this.sub?.dispose();
    this.target = target;
    this.sub = target.onDidChangeTreeData?.(e => this.changed.fire(Array.isArray(e) ? undefined : (e ?? undefined)));
    this.changed.fire(undefined);
  }

  getChildren(node?: T): vscode.ProviderResult<T[]> {
    return this.target ? this.target.getChildren(node) : [];
  }

  getTreeItem(node: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    if (!this.target) throw new Error('no provider yet');
    return this.target.getTreeItem(node);
  }

  dispose(): void {
    this.sub?.dispose();
    this.changed.dispose();
  }
}
