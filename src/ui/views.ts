import * as vscode from 'vscode';
import { LazyAddressHover } from './hover/lazy-hover';
import { RAW_HTTP_LANGUAGE, RawHttpCodeLensProvider, adoptHttpFiles } from './http-language/codelens';
import { ProxyStatusBar } from './proxy-status-bar';
import type { Services } from './services';
import { registerCommand } from './commands/command';
import type { SocketSession } from './udp/udp-sessions';
import { DeferredTreeProvider } from './tree/deferred-tree';
import { NameserversTreeProvider } from './tree/nameservers-tree';
import { ProxiesTreeProvider } from './tree/proxies-tree';
import { TargetsTreeProvider } from './tree/targets-tree';
import { KeyLogStatus } from './tls/keylog-status';

/** What NetProbe shows from start-up, before any feature is used: views, status bar, hover, CodeLens. */
export interface Views {
  nameservers: NameserversTreeProvider;
  targets: TargetsTreeProvider;
  proxies: ProxiesTreeProvider;
  proxyStatus: ProxyStatusBar;
  /** Filled by the UDP feature when it first loads. */
  sockets: DeferredTreeProvider<SocketSession>;
  /** The warning shown while TLS key logging is on. */
  keyLogStatus: KeyLogStatus;
}

/** Creates the views (their features' commands load on first use) and registers hover and CodeLens. */
export function registerViews(services: Services): { views: Views; disposables: vscode.Disposable[] } {
  const views: Views = {
    nameservers: new NameserversTreeProvider(services.nameservers),
    targets: new TargetsTreeProvider(services.targets),
    proxies: new ProxiesTreeProvider(services.proxies),
    proxyStatus: new ProxyStatusBar(services.proxies),
    sockets: new DeferredTreeProvider<SocketSession>(),
    keyLogStatus: new KeyLogStatus(services.settings),
  };
  services.trees.set('netprobe.nameservers', views.nameservers);
  services.trees.set('netprobe.targets', views.targets);
  services.trees.set('netprobe.proxies', views.proxies);
  services.trees.set('netprobe.sockets', views.sockets);
  const codeLenses = new RawHttpCodeLensProvider();
  const disposables: vscode.Disposable[] = [
    views.nameservers,
    views.targets,
    views.proxies,
    views.proxyStatus,
    views.sockets,
    views.keyLogStatus,
    codeLenses,
    vscode.window.createTreeView('netprobe.nameservers', { treeDataProvider: views.nameservers }),
    vscode.window.createTreeView('netprobe.targets', { treeDataProvider: views.targets }),
    vscode.window.createTreeView('netprobe.proxies', { treeDataProvider: views.proxies }),
    vscode.window.registerTreeDataProvider('netprobe.sockets', views.sockets),
    services.context.secrets.onDidChange(() => views.proxies.refresh()),
    registerCommand(services, 'netprobe.refreshNameservers', 'Refresh nameservers', () => views.nameservers.refresh()),
    registerCommand(services, 'netprobe.refreshProxies', 'Refresh proxies', () => views.proxies.refresh()),
    vscode.commands.registerCommand('netprobe.internal.keyLogStatus', () => ({
      text: views.keyLogStatus.text,
      ...(views.keyLogStatus.file ? { file: views.keyLogStatus.file, label: views.keyLogStatus.accessibilityLabel } : {}),
    })),
    // Test hook (not contributed): what the proxy status-bar item shows and says to screen readers.
    vscode.commands.registerCommand('netprobe.internal.proxyStatus', () => ({ text: views.proxyStatus.text, label: views.proxyStatus.accessibilityLabel })),
    vscode.languages.registerHoverProvider('*', new LazyAddressHover(services)),
    vscode.languages.registerCodeLensProvider({ language: RAW_HTTP_LANGUAGE }, codeLenses),
    adoptHttpFiles(),
  ];
  return { views, disposables };
}
