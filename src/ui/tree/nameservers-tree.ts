import * as vscode from 'vscode';
import { systemDnsConfig } from '../../core/dns/nameserver';
import type { NameserverStore } from '../dns/nameserver-store';

/** A Nameservers view node: a system nameserver (from resolv.conf) or a saved one. */
export interface NameserverNode {
  spec: string;
  source: 'system' | 'saved';
  isDefault: boolean;
}

/** The Nameservers view: the system's from resolv.conf, then the saved ones; the default is starred. */
export class NameserversTreeProvider implements vscode.TreeDataProvider<NameserverNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NameserverNode | undefined>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: NameserverStore, private readonly resolvConf?: string) {
    this.subscription = vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('netprobe.dns')) this.refresh();
    });
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: NameserverNode): NameserverNode[] {
    if (node) return [];
    const def = this.store.defaultSpec();
    const system = systemDnsConfig(this.resolvConf).nameservers.map((n): NameserverNode => ({ spec: n.spec, source: 'system', isDefault: def === 'system' }));
    const saved = this.store.saved().map((spec): NameserverNode => ({ spec, source: 'saved', isDefault: def === spec }));
    return [...system, ...saved];
  }

  getTreeItem(node: NameserverNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.spec, vscode.TreeItemCollapsibleState.None);
    const file = systemDnsConfig(this.resolvConf).file;
    item.description = `${node.isDefault ? 'default · ' : ''}${node.source === 'system' ? `system (${file})` : 'saved'}`;
    item.iconPath = new vscode.ThemeIcon(node.isDefault ? 'star-full' : node.source === 'system' ? 'server-environment' : 'server');
    item.contextValue = `netprobe.nameserver.${node.source}${node.isDefault ? '.default' : ''}`;
    item.tooltip = node.source === 'system'
      ? `System nameserver from ${file}. Lookups use the system nameservers when no other default is set.`
      : 'Saved nameserver (setting netprobe.dns.nameservers).';
    item.command = { command: 'netprobe.dnsLookup', title: 'DNS Lookup…', arguments: [undefined, undefined, node.spec] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
