import * as vscode from 'vscode';
import type { ProxyTestResult } from '../../core/proxy/test-proxy';
import { errorMessage } from '../../core/errors';
import { describeNameResolution, parseProxyUrl } from '../../core/proxy/url';
import type { ProxyProfileStore } from '../proxy/profile-store';
import { WORKSPACE_IGNORED } from '../proxy-status-bar';
import type { ProxyProfile } from '../settings';
import { Settings } from '../settings';
import { formatDuration } from '../../core/text/units';

/** A Proxies view node: one profile with its last test result. */
export interface ProxyNode {
  profile: ProxyProfile;
  isDefault: boolean;
  health?: ProxyTestResult;
}

/** The notice shown first when the workspace's settings try to set proxies. */
export interface IgnoredNode {
  ignored: true;
}

function resolutionOf(url: string): string {
  try {
    return describeNameResolution(parseProxyUrl(url));
  } catch (e) {
    return errorMessage(e);
  }
}

/** The Proxies view: profiles from `netprobe.proxies` (user settings), the default marked, health from the last test. */
export class ProxiesTreeProvider implements vscode.TreeDataProvider<ProxyNode | IgnoredNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProxyNode | undefined>();
  private readonly health = new Map<string, ProxyTestResult>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly profiles: ProxyProfileStore) {
    this.subscription = vscode.workspace.onDidChangeConfiguration(e => {
      if (Settings.affects(e, 'proxies', 'proxy.default')) this.refresh();
    });
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Records a test result for a profile and redraws. */
  setHealth(name: string, result: ProxyTestResult): void {
    this.health.set(name, result);
    this.refresh();
  }

  /** The profiles (a workspace's attempt to set proxies first, as a notice, when there is one). */
  getChildren(node?: ProxyNode | IgnoredNode): Array<ProxyNode | IgnoredNode> {
    if (node) return [];
    const def = this.profiles.defaultName();
    const nodes: Array<ProxyNode | IgnoredNode> = this.profiles.list().map(profile => {
      const health = this.health.get(profile.name);
      return { profile, isDefault: profile.name === def, ...(health ? { health } : {}) };
    });
    return this.profiles.workspaceTriesToSet() ? [{ ignored: true }, ...nodes] : nodes;
  }

  getTreeItem(node: ProxyNode | IgnoredNode): vscode.TreeItem {
    if ('ignored' in node) {
      const item = new vscode.TreeItem('Workspace proxy settings ignored', vscode.TreeItemCollapsibleState.None);
      item.description = 'user settings only';
      item.tooltip = WORKSPACE_IGNORED;
      item.iconPath = new vscode.ThemeIcon('workspace-untrusted', new vscode.ThemeColor('list.warningForeground'));
      item.contextValue = 'netprobe.proxyIgnored';
      return item;
    }
    const { profile, health } = node;
    const item = new vscode.TreeItem(profile.name, vscode.TreeItemCollapsibleState.None);
    const state = !health ? 'not tested'
      : health.ok ? `ok ${formatDuration(Math.round(health.elapsedMs))}` : `failed at ${health.failure?.stage ?? '?'}`;
    item.description = `${node.isDefault ? 'default · ' : ''}${state} · ${profile.url}`;
    item.iconPath = !health ? new vscode.ThemeIcon(node.isDefault ? 'star-full' : 'circle-outline')
      : health.ok ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
        : new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    item.contextValue = node.isDefault ? 'netprobe.proxyProfile.default' : 'netprobe.proxyProfile';
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${node.isDefault ? 'Default proxy' : 'Proxy'}** `).appendText(profile.name).appendMarkdown('\n\n');
    tip.appendCodeblock(profile.url, 'text');
    tip.appendText(resolutionOf(profile.url));
    if (health) {
      tip.appendMarkdown('\n\n---\n\n').appendText(health.ok
        ? `Last test: reached ${health.target.host}:${health.target.port} in ${health.elapsedMs} ms.`
        : `Last test: ${health.failure?.message ?? 'failed'}`);
    }
    item.tooltip = tip;
    item.command = { command: 'netprobe.testProxy', title: 'Test Proxy', arguments: [profile.name] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
