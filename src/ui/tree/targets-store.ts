import * as vscode from 'vscode';
import type { TargetSpec } from './targets-parse';
import { parseTarget, targetKey } from './targets-parse';
import { errorMessage } from '../../core/errors';

const STATE_KEY = 'netprobe.targets.saved';
const SETTING = 'targets';

/** A target with where it comes from (settings entries are edited in settings.json). */
export interface Target extends TargetSpec {
  key: string;
  source: 'saved' | 'settings';
}

/** Saved targets (globalState) merged with `netprobe.targets` from settings. */
export class TargetsStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly state: vscode.Memento, private readonly log: vscode.LogOutputChannel) {
    this.sub = vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration(`netprobe.${SETTING}`)) this.changed.fire();
    });
  }

  private saved(): string[] {
    return this.state.get<string[]>(STATE_KEY, []);
  }

  private configured(): string[] {
    const v = vscode.workspace.getConfiguration('netprobe').get<unknown>(SETTING, []);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  /** Every target, settings first, without duplicates; bad settings entries are logged and skipped. */
  all(): Target[] {
    const out = new Map<string, Target>();
    const add = (text: string, source: Target['source']): void => {
      try {
        const spec = parseTarget(text);
        const key = targetKey(spec);
        if (!out.has(key)) out.set(key, { ...spec, key, source });
      } catch (e) {
        this.log.warn(`netprobe.targets: skipping "${text}": ${errorMessage(e)}`);
      }
    };
    for (const t of this.configured()) add(t, 'settings');
    for (const t of this.saved()) add(t, 'saved');
    return [...out.values()];
  }

  get(key: string): Target | undefined {
    return this.all().find(t => t.key === key);
  }

  async add(spec: TargetSpec): Promise<Target> {
    const key = targetKey(spec);
    const existing = this.get(key);
    if (existing) return existing;
    await this.state.update(STATE_KEY, [...this.saved(), key]);
    this.changed.fire();
    return { ...spec, key, source: 'saved' };
  }

  async remove(key: string): Promise<boolean> {
    const saved = this.saved();
    if (saved.includes(key)) {
      await this.state.update(STATE_KEY, saved.filter(k => k !== key));
      this.changed.fire();
      return true;
    }
    const config = vscode.workspace.getConfiguration('netprobe');
    const inspected = config.inspect<string[]>(SETTING);
    for (const [value, where] of [
      [inspected?.workspaceValue, vscode.ConfigurationTarget.Workspace],
      [inspected?.globalValue, vscode.ConfigurationTarget.Global],
    ] as const) {
      if (!Array.isArray(value)) continue;
      const kept = value.filter(t => { try { return targetKey(parseTarget(t)) !== key; } catch { return true; } });
      if (kept.length !== value.length) {
        await config.update(SETTING, kept, where);
        return true;
      }
    }
    return false;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
