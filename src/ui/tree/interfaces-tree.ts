import * as vscode from 'vscode';
import type { InterfaceAddress } from '../../core/platform/interfaces';
import { interfaces } from '../../core/platform/interfaces';
import { shownNodes } from './shown-nodes';
import { formatCount } from '../../core/text/units';

/** A tree node: an interface (with its addresses as children) or one address. */
export type InterfaceNode = { kind: 'interface'; name: string; addresses: InterfaceAddress[] } | { kind: 'address'; address: InterfaceAddress };

/** The Interfaces view: each interface with its addresses; refreshable; copy actions on items. */
export class InterfacesTreeProvider implements vscode.TreeDataProvider<InterfaceNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<InterfaceNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: InterfaceNode): InterfaceNode[] {
    if (node?.kind === 'interface') return shownNodes(node.addresses.map((address): InterfaceNode => ({ kind: 'address', address })));
    if (node) return [];
    const groups = new Map<string, InterfaceAddress[]>();
    for (const a of interfaces()) groups.set(a.name, [...(groups.get(a.name) ?? []), a]);
    return shownNodes([...groups].map(([name, addresses]): InterfaceNode => ({ kind: 'interface', name, addresses })));
  }

  getTreeItem(node: InterfaceNode): vscode.TreeItem {
    if (node.kind === 'interface') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      const mac = node.addresses[0]?.mac;
      item.description = [node.addresses[0]?.internal ? 'loopback' : '', mac && mac !== '00:00:00:00:00:00' ? mac : ''].filter(Boolean).join('  ');
      item.iconPath = new vscode.ThemeIcon(node.addresses[0]?.internal ? 'home' : 'plug');
      item.contextValue = 'netprobe.interface';
      item.tooltip = `${node.name}: ${formatCount(node.addresses.length, 'address', 'addresses')}`;
      return item;
    }
    const a = node.address;
    const item = new vscode.TreeItem(a.cidr, vscode.TreeItemCollapsibleState.None);
    item.description = `IPv${a.family}${a.scopeId ? ` scope ${a.scopeId}` : ''}${a.broadcast ? ` brd ${a.broadcast}` : ''}`;
    item.iconPath = new vscode.ThemeIcon('symbol-numeric');
    item.contextValue = 'netprobe.interfaceAddress';
    item.tooltip = new vscode.MarkdownString(
      `**${a.name}** \`${a.address}\`\n\nnetmask \`${a.netmask}\` · prefix /${a.prefix}${a.broadcast ? ` · broadcast \`${a.broadcast}\`` : ''}\n\nMAC \`${a.mac}\``,
    );
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
