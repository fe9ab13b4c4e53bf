import * as vscode from 'vscode';
import { errorMessage } from '../core/errors';
import { describeNameResolution, formatProxyUrl, parseProxyUrl } from '../core/proxy/url';
import type { ProxyProfileStore } from './proxy/profile-store';
import { FROM_ENVIRONMENT } from './proxy/profile-url';
import { Settings } from './settings';

/** Shown wherever proxies are listed when a workspace's settings try to set them. */
export const WORKSPACE_IGNORED = "This workspace's settings set netprobe.proxies or the default proxy: NetProbe ignores them and uses your user settings only.";

/** The status-bar item showing NetProbe's default proxy (or "NetProbe: direct"); clicking it switches. */
export class ProxyStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('netprobe.proxy', vscode.StatusBarAlignment.Right, 100);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly profiles: ProxyProfileStore) {
    this.item.name = 'NetProbe Proxy';
    this.item.command = 'netprobe.selectDefaultProxy';
    this.subscription = vscode.workspace.onDidChangeConfiguration(e => {
      if (Settings.affects(e, 'proxies', 'proxy.default') || e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.noProxy')) this.update();
    });
    this.update();
    this.item.show();
  }

  /** The text shown now (for tests). */
  get text(): string {
    return this.item.text;
  }

  /** What screen readers say for the item (plain text, never Markdown). */
  get accessibilityLabel(): string {
    return this.item.accessibilityInformation?.label ?? '';
  }

  update(): void {
    const name = this.profiles.defaultName();
    const profile = name ? this.profiles.find(name) : undefined;
    const ignored = this.ignoredNote();
    if (!name) {
      this.set('$(globe) NetProbe: direct', 'NetProbe connects directly, through no proxy. Click to choose a default proxy.', ignored);
      this.item.backgroundColor = undefined;
      return;
    }
    if (name === FROM_ENVIRONMENT) {
      this.showEnvironment();
      return;
    }
    if (!profile) {
      this.set(`$(warning) NetProbe: proxy ${name}?`, `NetProbe's default proxy "${name}" is not in netprobe.proxies. Click to choose another.`, ignored);
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      return;
    }
    let resolution: string;
    let shown = '';
    try {
      const config = parseProxyUrl(profile.url);
      resolution = describeNameResolution(config);
      shown = `, ${formatProxyUrl(config)}`;
    } catch (e) {
      resolution = errorMessage(e);
    }
    this.item.text = `$(shield) NetProbe via ${name}`;
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown('**NetProbe default proxy** ').appendText(name).appendMarkdown('\n\n');
    tip.appendCodeblock(profile.url, 'text');
    tip.appendText(resolution).appendMarkdown('\n\nClick to switch.').appendText(ignored);
    this.item.tooltip = tip;
    this.item.accessibilityInformation = { label: `NetProbe default proxy: ${name}${shown}. ${resolution} Click to switch.${ignored}`.replace(/\s+/g, ' ') };
    this.item.backgroundColor = undefined;
  }

  /** Shows `text` with `tip` (plain text) as the tooltip and the screen reader's label. */
  private set(text: string, tip: string, ignored: string): void {
    this.item.text = text;
    this.item.tooltip = tip + ignored;
    this.item.accessibilityInformation = { label: `${tip}${ignored}`.replace(/\s+/g, ' ') };
  }

  /** The default is the environment's proxy: what it resolves to now, or a warning when there is none. */
  private showEnvironment(): void {
    const env = this.profiles.fromEnvironment();
    this.item.text = '$(shield) NetProbe via environment';
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown('**NetProbe default proxy** from the environment\n\n');
    if (env?.config) {
      tip.appendText(`${env.source}:`).appendCodeblock(env.url, 'text');
      tip.appendText(env.noProxy.length ? `Direct for ${env.noProxy.join(', ')} (${env.noProxySources.join(', ')}).` : 'No NO_PROXY list.');
      this.item.backgroundColor = undefined;
    } else {
      tip.appendText(
        env
          ? `The proxy in ${env.source} cannot be used: ${env.problem ?? ''}`
          : 'No proxy in http.proxy, HTTPS_PROXY, ALL_PROXY or HTTP_PROXY now: connections through "environment" fail until one is set.',
      );
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    tip.appendMarkdown('\n\nClick to switch.').appendText(this.ignoredNote());
    this.item.tooltip = tip;
    const said = env?.config
      ? `${env.source}: ${env.url}. ${env.noProxy.length ? `Direct for ${env.noProxy.join(', ')}.` : 'No NO_PROXY list.'}`
      : env
        ? `The proxy in ${env.source} cannot be used: ${env.problem ?? ''}`
        : 'No proxy in the environment now: connections through it fail until one is set.';
    this.item.accessibilityInformation = {
      label: `NetProbe default proxy from the environment. ${said} Click to switch.${this.ignoredNote()}`.replace(/\s+/g, ' '),
    };
  }

  /** Says so when the workspace's settings.json names proxies: they are ignored (user settings only). */
  private ignoredNote(): string {
    return this.profiles.workspaceTriesToSet() ? `\n\n${WORKSPACE_IGNORED}` : '';
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
