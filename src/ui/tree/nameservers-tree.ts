import * as vscode from 'vscode';
import { systemDnsConfig } from '../../core/dns/nameserver';
import type { NameserverStore } from '../dns/nameserver-store';
import { userArgs } from '../commands/entry-point';
import { shownNodes } from './shown-nodes';

/** A Nameservers view node: a system nameserver (from resolv.conf), a saved one, or the default set in settings only. */
export interface NameserverNode {
  spec: string;
  source: 'system' | 'saved' | 'setting';
  isDefault: boolean;
}

/** The Nameservers view: the system's from resolv.conf, then the saved ones; the default is starred. */
export class NameserversTreeProvider implements vscode.TreeDataProvider<NameserverNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NameserverNode | undefined>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly store: NameserverStore,
    private readonly resolvConf?: string,
  ) {
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
    // A default set in settings (netprobe.dns.defaultNameserver) without being saved is listed too, starred.
    const unlisted: NameserverNode[] = def !== 'system' && !saved.some(n => n.spec === def) ? [{ spec: def, source: 'setting', isDefault: true }] : [];
    return shownNodes([...unlisted, ...system, ...saved]);
  }

  getTreeItem(node: NameserverNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.spec, vscode.TreeItemCollapsibleState.None);
    const file = systemDnsConfig(this.resolvConf).file;
    item.description = `${node.isDefault ? 'default · ' : ''}${node.source === 'system' ? `system (${file})` : node.source === 'saved' ? 'saved' : 'netprobe.dns.defaultNameserver'}`;
    item.iconPath = new vscode.ThemeIcon(node.isDefault ? 'star-full' : node.source === 'system' ? 'server-environment' : 'server');
    item.contextValue = `netprobe.nameserver.${node.source}${node.isDefault ? '.default' : ''}`;
    item.tooltip =
      node.source === 'system'
        ? `System nameserver from ${file}. Lookups use the system nameservers when no other default is set.`
        : node.source === 'saved'
          ? `Saved nameserver (setting netprobe.dns.nameservers)${node.isDefault ? '; the default for lookups' : ''}.`
          : 'The default nameserver for lookups (setting netprobe.dns.defaultNameserver); not among the saved ones.';
    item.command = { command: 'netprobe.dnsLookup', title: 'DNS Lookup…', arguments: userArgs('tree', [undefined, undefined, node.spec]) };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
