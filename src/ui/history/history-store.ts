import * as vscode from 'vscode';
import type { ResultView } from '../results/view-model';
import { HISTORY_ENTRY_BYTES, HISTORY_TOTAL_BYTES, jsonBytes, keptForm, withinTotal } from './budget';
import { redactResultView } from './redact';
import type { Settings } from '../settings';

const KEY = 'netprobe.history';

/** What History holds now (tests and the README's figures). */
export interface HistoryUsage {
  entries: number;
  /** Bytes of JSON in the extension's global state. */
  bytes: number;
  largestEntry: number;
  limits: { entryBytes: number; totalBytes: number; maxEntries: number };
}

/**
 * The last results, newest first, persisted in the extension's global state across restarts. Each entry is the
 * form {@link keptForm} gives (at most HISTORY_ENTRY_BYTES); together at most HISTORY_TOTAL_BYTES and
 * `netprobe.history.maxEntries` entries, the oldest dropped first.
 */
export class HistoryStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private entries: ResultView[] | undefined;
  private readonly sizes = new WeakMap<ResultView, number>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly settings: Settings,
  ) {}

  private get maxEntries(): number {
    return Math.max(0, this.settings.get('history.maxEntries'));
  }

  private size(v: ResultView): number {
    let n = this.sizes.get(v);
    if (n === undefined) {
      n = jsonBytes(v);
      this.sizes.set(v, n);
    }
    return n;
  }

  /** Entries as stored; ones kept by an older version are brought within the budget once, on first read. */
  private load(): ResultView[] {
    if (!this.entries) {
      const stored = this.state.get<ResultView[]>(KEY, []);
      this.entries = withinTotal(
        stored.map(v => (jsonBytes(v) <= HISTORY_ENTRY_BYTES ? v : keptForm(v))),
        v => this.size(v),
        this.maxEntries,
      );
    }
    return this.entries;
  }

  all(): ResultView[] {
    return [...this.load()];
  }

  get(id: string): ResultView | undefined {
    return this.load().find(v => v.id === id);
  }

  /**
   * Keeps `view` as the newest entry: its bounded form ({@link keptForm}) with credentials in URLs redacted
   * (and its re-run dropped if it needs one); returns what was kept.
   */
  async add(view: ResultView): Promise<ResultView> {
    const kept = redactResultView(keptForm(view));
    await this.save(withinTotal([kept, ...this.load().filter(v => v.id !== view.id)], v => this.size(v), this.maxEntries));
    return kept;
  }

  async remove(id: string): Promise<void> {
    await this.save(this.load().filter(v => v.id !== id));
  }

  async clear(): Promise<void> {
    await this.save([]);
  }

  usage(): HistoryUsage {
    const list = this.load();
    return {
      entries: list.length,
      bytes: jsonBytes(list),
      largestEntry: Math.max(0, ...list.map(v => this.size(v))),
      limits: { entryBytes: HISTORY_ENTRY_BYTES, totalBytes: HISTORY_TOTAL_BYTES, maxEntries: this.maxEntries },
    };
  }

  private async save(list: ResultView[]): Promise<void> {
    this.entries = list;
    this.changed.fire();
    await this.state.update(KEY, list);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
