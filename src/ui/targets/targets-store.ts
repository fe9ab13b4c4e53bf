import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { Settings } from '../settings';
import type { TargetSpec } from '../tree/targets-parse';
import { parseTarget, targetKey } from '../tree/targets-parse';

const STATE_KEY = 'netprobe.targets.saved';

/**
 * A target with where it comes from: added with Add Target (`saved`), listed in the user's settings
 * (`settings`) or in this workspace's settings (`workspace`: shown, but contacted only when the user checks it).
 */
export interface Target extends TargetSpec {
  key: string;
  source: 'saved' | 'settings' | 'workspace';
}

/** Whether periodic checks may contact a target: only the user's own (a repository's list is checked on request). */
export function checkedAutomatically(t: Target): boolean {
  return t.source !== 'workspace';
}

/** Saved targets (globalState) merged with `netprobe.targets` from user and workspace settings. */
export class TargetsStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly state: vscode.Memento,
    private readonly settings: Settings,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.sub = vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('netprobe.targets')) this.changed.fire();
    });
  }

  private saved(): string[] {
    return this.state.get<string[]>(STATE_KEY, []);
  }

  /** Every target, the user's settings first, then saved ones, then the workspace's; no duplicates (the user's entry wins). */
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
    const { user = [], workspace = [] } = this.settings.levels('targets');
    for (const t of user) add(t, 'settings');
    for (const t of this.saved()) add(t, 'saved');
    for (const t of workspace) add(t, 'workspace');
    return [...out.values()];
  }

  get(key: string): Target | undefined {
    return this.all().find(t => t.key === key);
  }

  async add(spec: TargetSpec): Promise<Target> {
    const key = targetKey(spec);
    const existing = this.get(key);
    if (existing && existing.source !== 'workspace') return existing;
    await this.state.update(STATE_KEY, [...this.saved(), key]);
    this.changed.fire();
    return { ...spec, key, source: 'saved' };
  }

  async remove(key: string): Promise<boolean> {
    const saved = this.saved();
    if (saved.includes(key)) {
      await this.state.update(
        STATE_KEY,
        saved.filter(k => k !== key),
      );
      this.changed.fire();
      return true;
    }
    const config = vscode.workspace.getConfiguration('netprobe');
    const inspected = config.inspect<string[]>('targets');
    for (const [value, where] of [
      [inspected?.workspaceValue, vscode.ConfigurationTarget.Workspace],
      [inspected?.globalValue, vscode.ConfigurationTarget.Global],
    ] as const) {
      if (!Array.isArray(value)) continue;
      const kept = value.filter(t => {
        try {
          return targetKey(parseTarget(t)) !== key;
        } catch {
          return true;
        }
      });
      if (kept.length !== value.length) {
        await config.update('targets', kept, where);
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
