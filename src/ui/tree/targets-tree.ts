import * as vscode from 'vscode';
import type { CheckPortResult } from '../../core/ports/check-port';
import type { Target, TargetsStore } from '../targets/targets-store';
import { userArgs } from '../commands/entry-point';
import { shownNodes } from './shown-nodes';
import { formatDuration } from '../../core/text/units';

/** The last known state of a target. */
export interface TargetStatus {
  state: 'unknown' | 'checking' | 'up' | 'down';
  /** Connect time of the last successful check. */
  latencyMs?: number;
  message?: string;
  checkedAt?: number;
  /** The proxy the check went through (password redacted); absent when direct. */
  via?: string;
}

function icon(s: TargetStatus): vscode.ThemeIcon {
  switch (s.state) {
    case 'up':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'down':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'checking':
      return new vscode.ThemeIcon('loading~spin');
    default:
      return new vscode.ThemeIcon('circle-large-outline');
  }
}

const latency = formatDuration;

/** Turns a port check into a status. */
export function statusOf(r: CheckPortResult): TargetStatus {
  const best = r.attempts.find(a => a.outcome === 'open');
  const s: TargetStatus = { state: r.open ? 'up' : 'down', message: r.message, checkedAt: Date.now() };
  if (best) s.latencyMs = best.elapsedMs;
  if (r.via) s.via = r.via;
  return s;
}

/** The Targets view: saved host:port entries with a live status icon and last latency. */
export class TargetsTreeProvider implements vscode.TreeDataProvider<Target>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Target | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly statuses = new Map<string, TargetStatus>();
  private readonly sub: vscode.Disposable;

  constructor(private readonly store: TargetsStore) {
    this.sub = store.onDidChange(() => this.changed.fire(undefined));
  }

  status(key: string): TargetStatus {
    return this.statuses.get(key) ?? { state: 'unknown' };
  }

  setStatus(key: string, s: TargetStatus): void {
    const previous = this.statuses.get(key);
    this.statuses.set(key, s.state === 'checking' && previous ? { ...previous, state: 'checking' } : s);
    this.changed.fire(undefined);
  }

  getChildren(node?: Target): Target[] {
    return node ? [] : shownNodes(this.store.all());
  }

  getTreeItem(t: Target): vscode.TreeItem {
    const s = this.status(t.key);
    const item = new vscode.TreeItem(t.key, vscode.TreeItemCollapsibleState.None);
    item.id = `target:${t.key}`;
    item.iconPath = icon(s);
    const when = s.checkedAt ? new Date(s.checkedAt).toLocaleTimeString() : '';
    const fromWorkspace = t.source === 'workspace';
    item.description = [
      s.state === 'unknown' ? 'not checked' : s.state,
      s.latencyMs !== undefined && s.state !== 'down' ? latency(s.latencyMs) : '',
      when,
      s.via ? 'via proxy' : '',
      fromWorkspace ? 'workspace · checked when you ask' : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${t.key}**${t.source === 'settings' ? ' (from your settings)' : fromWorkspace ? " (from this workspace's settings)" : ''}\n\n`);
    md.appendText(s.message ?? 'Not checked yet.');
    if (fromWorkspace) md.appendText('\n\nListed by this workspace: NetProbe contacts it only when you check it, never in periodic checks.');
    if (s.via) md.appendText(`\n\nChecked through ${s.via}.`);
    item.tooltip = md;
    item.contextValue = `netprobe.target.${t.source}`;
    item.command = { command: 'netprobe.checkTarget', title: 'Check Now', arguments: userArgs('tree', [t]) };
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
