import * as vscode from 'vscode';
import type { ProxyTestResult } from '../../core/proxy/test-proxy';
import { describeNameResolution, parseProxyUrl } from '../../core/proxy/url';
import type { ProxyProfile } from '../commands/proxy-profiles';
import { defaultProxyName, readProxyProfiles } from '../commands/proxy-profiles';
import { errorMessage } from '../../core/errors';

/** A Proxies view node: one profile with its last test result. */
export interface ProxyNode {
  profile: ProxyProfile;
  isDefault: boolean;
  health?: ProxyTestResult;
}

function resolutionOf(url: string): string {
  try {
    return describeNameResolution(parseProxyUrl(url));
  } catch (e) {
    return errorMessage(e);
  }
}

/** The Proxies view: profiles from `netprobe.proxies`, the default marked, health from the last test. */
export class ProxiesTreeProvider implements vscode.TreeDataProvider<ProxyNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProxyNode | undefined>();
  private readonly health = new Map<string, ProxyTestResult>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeTreeData = this.changed.event;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('netprobe.proxies') || e.affectsConfiguration('netprobe.defaultProxy')) this.refresh();
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

  getChildren(node?: ProxyNode): ProxyNode[] {
    if (node) return [];
    const def = defaultProxyName();
    return readProxyProfiles().map(profile => {
      const health = this.health.get(profile.name);
      return { profile, isDefault: profile.name === def, ...(health ? { health } : {}) };
    });
  }

  getTreeItem(node: ProxyNode): vscode.TreeItem {
    const { profile, health } = node;
    const item = new vscode.TreeItem(profile.name, vscode.TreeItemCollapsibleState.None);
    const state = !health ? 'not tested'
      : health.ok ? `ok ${Math.round(health.elapsedMs)} ms` : `failed at ${health.failure?.stage ?? '?'}`;
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
