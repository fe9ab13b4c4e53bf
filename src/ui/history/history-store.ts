import * as vscode from 'vscode';
import type { ResultView } from '../results/view-model';

const KEY = 'netprobe.history';

/** The last results, newest first, persisted in the extension's global state across restarts. */
export class HistoryStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  all(): ResultView[] {
    return this.state.get<ResultView[]>(KEY, []);
  }

  get(id: string): ResultView | undefined {
    return this.all().find(v => v.id === id);
  }

  async add(view: ResultView): Promise<void> {
    const max = vscode.workspace.getConfiguration('netprobe').get<number>('history.maxEntries', 100);
    await this.state.update(KEY, [view, ...this.all().filter(v => v.id !== view.id)].slice(0, Math.max(0, max)));
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    await this.state.update(KEY, this.all().filter(v => v.id !== id));
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.state.update(KEY, []);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
