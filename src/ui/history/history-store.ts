import * as vscode from 'vscode';
import type { ResultView } from '../results/view-model';
import type { Settings } from '../settings';

const KEY = 'netprobe.history';

/** The last results, newest first, persisted in the extension's global state across restarts. */
export class HistoryStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento, private readonly settings: Settings) {}

  all(): ResultView[] {
    return this.state.get<ResultView[]>(KEY, []);
  }

  get(id: string): ResultView | undefined {
    return this.all().find(v => v.id === id);
  }

  async add(view: ResultView): Promise<void> {
    const max = this.settings.get('history.maxEntries');
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
