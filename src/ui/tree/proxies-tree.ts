import * as vscode from 'vscode';
import type { ProxyTestResult } from '../../core/proxy/test-proxy';
import { errorMessage } from '../../core/errors';
import { describeNameResolution, parseProxyUrl } from '../../core/proxy/url';
import type { EnvironmentProxy } from '../../core/proxy/environment';
import type { ProxyProfileStore } from '../proxy/profile-store';
import { FROM_ENVIRONMENT } from '../proxy/profile-url';
import { WORKSPACE_IGNORED } from '../proxy-status-bar';
import type { ProxyProfile } from '../settings';
import { Settings } from '../settings';
import { userArgs } from '../commands/entry-point';
import { shownNodes } from './shown-nodes';
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

/** The proxy VS Code's `http.proxy` or the environment names, offered as the `environment` profile (never applied unless chosen). */
export interface EnvironmentNode {
  environment: EnvironmentProxy;
  isDefault: boolean;
  health?: ProxyTestResult;
}

type Node = ProxyNode | IgnoredNode | EnvironmentNode;

/** One line saying what the environment's proxy resolves to: where it was found, the URL, the NO_PROXY list. */
export function environmentSummary(env: EnvironmentProxy): string {
  const bypass = env.noProxy.length ? ` · NO_PROXY ${env.noProxy.join(',')}` : '';
  return env.config ? `${env.source} → ${env.url}${bypass}` : `${env.source}: unusable (${env.problem ?? 'not a proxy URL'})`;
}

function resolutionOf(url: string): string {
  try {
    return describeNameResolution(parseProxyUrl(url));
  } catch (e) {
    return errorMessage(e);
  }
}

/** The Proxies view: profiles from `netprobe.proxies` (user settings), the default marked, health from the last test. */
export class ProxiesTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProxyNode | undefined>();
  private readonly health = new Map<string, ProxyTestResult>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly profiles: ProxyProfileStore) {
    this.subscription = vscode.workspace.onDidChangeConfiguration(e => {
      if (Settings.affects(e, 'proxies', 'proxy.default') || e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.noProxy')) this.refresh();
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

  /**
   * The profiles (a workspace's attempt to set proxies first, as a notice, when there is one), then the proxy
   * from the environment when VS Code's settings or the environment name one.
   */
  getChildren(node?: Node): Node[] {
    if (node) return [];
    const def = this.profiles.defaultName();
    const nodes: Node[] = this.profiles.list().map(profile => {
      const health = this.health.get(profile.name);
      return { profile, isDefault: profile.name === def, ...(health ? { health } : {}) };
    });
    const environment = this.profiles.fromEnvironment();
    if (environment) {
      const health = this.health.get(FROM_ENVIRONMENT);
      nodes.push({ environment, isDefault: def === FROM_ENVIRONMENT, ...(health ? { health } : {}) });
    }
    return shownNodes(this.profiles.workspaceTriesToSet() ? [{ ignored: true }, ...nodes] : nodes);
  }

  private environmentItem(node: EnvironmentNode): vscode.TreeItem {
    const env = node.environment;
    const item = new vscode.TreeItem('From environment', vscode.TreeItemCollapsibleState.None);
    const state = !node.health ? '' : node.health.ok ? `ok ${Math.round(node.health.elapsedMs)} ms · ` : `failed at ${node.health.failure?.stage ?? '?'} · `;
    item.description = `${node.isDefault ? 'default · ' : ''}${state}${environmentSummary(env)}`;
    item.iconPath = !env.config
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(node.isDefault ? 'star-full' : 'cloud');
    item.contextValue = !env.config ? 'netprobe.proxyEnvironment.unusable' : node.isDefault ? 'netprobe.proxyEnvironment.default' : 'netprobe.proxyEnvironment';
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown('**Proxy from the environment** (profile name `environment`)\n\n');
    tip.appendText(`Found in ${env.source === 'http.proxy' ? "VS Code's http.proxy setting" : `the ${env.source} environment variable`}:`);
    tip.appendCodeblock(env.url, 'text');
    if (env.config) tip.appendText(resolutionOf(env.url));
    else tip.appendText(`Not usable: ${env.problem ?? 'not a proxy URL'}`);
    tip
      .appendMarkdown('\n\n')
      .appendText(
        env.noProxy.length ? `Direct for ${env.noProxy.join(', ')} (${env.noProxySources.join(', ')}).` : 'No NO_PROXY list: every target goes through it.',
      );
    tip
      .appendMarkdown('\n\n')
      .appendText(
        node.isDefault
          ? 'NetProbe uses it as the default proxy (you chose it).'
          : 'NetProbe does not use it unless you choose it: Select Default Proxy, or "environment" where a proxy is asked.',
      );
    if (node.health) {
      tip
        .appendMarkdown('\n\n---\n\n')
        .appendText(
          node.health.ok
            ? `Last test: reached ${node.health.target.host}:${node.health.target.port} in ${formatDuration(node.health.elapsedMs)}.`
            : `Last test: ${node.health.failure?.message ?? 'failed'}`,
        );
    }
    item.tooltip = tip;
    if (env.config) item.command = { command: 'netprobe.testProxy', title: 'Test Proxy', arguments: [FROM_ENVIRONMENT] };
    return item;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if ('environment' in node) return this.environmentItem(node);
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
    const state = !health ? 'not tested' : health.ok ? `ok ${formatDuration(Math.round(health.elapsedMs))}` : `failed at ${health.failure?.stage ?? '?'}`;
    item.description = `${node.isDefault ? 'default · ' : ''}${state} · ${profile.url}`;
    item.iconPath = !health
      ? new vscode.ThemeIcon(node.isDefault ? 'star-full' : 'circle-outline')
      : health.ok
        ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
        : new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    item.contextValue = node.isDefault ? 'netprobe.proxyProfile.default' : 'netprobe.proxyProfile';
    const tip = new vscode.MarkdownString();
    tip
      .appendMarkdown(`**${node.isDefault ? 'Default proxy' : 'Proxy'}** `)
      .appendText(profile.name)
      .appendMarkdown('\n\n');
    tip.appendCodeblock(profile.url, 'text');
    tip.appendText(resolutionOf(profile.url));
    if (health) {
      tip
        .appendMarkdown('\n\n---\n\n')
        .appendText(
          health.ok
            ? `Last test: reached ${health.target.host}:${health.target.port} in ${formatDuration(health.elapsedMs)}.`
            : `Last test: ${health.failure?.message ?? 'failed'}`,
        );
    }
    item.tooltip = tip;
    item.command = { command: 'netprobe.testProxy', title: 'Test Proxy', arguments: userArgs('tree', [profile.name]) };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
