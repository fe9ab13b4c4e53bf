import * as vscode from 'vscode';
import { describeNameResolution, parseProxyUrl } from '../core/proxy/url';
import { defaultProxyName, readProxyProfiles } from './commands/proxy-profiles';
import { errorMessage } from '../core/errors';

/** The status-bar item showing the default proxy (or "Direct"); clicking it switches. */
export class ProxyStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('netprobe.proxy', vscode.StatusBarAlignment.Right, 100);
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.item.name = 'NetProbe Proxy';
    this.item.command = 'netprobe.selectDefaultProxy';
    this.subscription = vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('netprobe.proxies') || e.affectsConfiguration('netprobe.defaultProxy')) this.update();
    });
    this.update();
    this.item.show();
  }

  /** The text shown now (for tests). */
  get text(): string {
    return this.item.text;
  }

  update(): void {
    const name = defaultProxyName();
    const profile = name ? readProxyProfiles().find(p => p.name === name) : undefined;
    if (!name) {
      this.item.text = '$(globe) Direct';
      this.item.tooltip = 'NetProbe connects directly (no proxy). Click to choose a default proxy.';
      this.item.backgroundColor = undefined;
      return;
    }
    this.item.text = `$(shield) ${name}`;
    if (!profile) {
      this.item.tooltip = `The default proxy "${name}" is not in netprobe.proxies. Click to choose another.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      return;
    }
    let resolution: string;
    try {
      resolution = describeNameResolution(parseProxyUrl(profile.url));
    } catch (e) {
      resolution = errorMessage(e);
    }
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown('**NetProbe default proxy** ').appendText(name).appendMarkdown('\n\n');
    tip.appendCodeblock(profile.url, 'text');
    tip.appendText(resolution).appendMarkdown('\n\nClick to switch.');
    this.item.tooltip = tip;
    this.item.backgroundColor = undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
