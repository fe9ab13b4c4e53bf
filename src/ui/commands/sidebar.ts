import * as vscode from 'vscode';
import type { InterfaceAddress } from '../../core/platform/interfaces';
import { interfaces } from '../../core/platform/interfaces';
import { interfacesView } from '../results/format-basic';
import type { ResultView } from '../results/view-model';
import type { Services } from '../services';
import type { InterfaceNode } from '../tree/interfaces-tree';
import { InterfacesTreeProvider } from '../tree/interfaces-tree';
import { HistoryTreeProvider } from '../tree/history-tree';
import { registerCommand } from './command';

function addressOf(node: InterfaceNode | undefined): InterfaceAddress | undefined {
  return node?.kind === 'address' ? node.address : node?.addresses[0];
}

async function copy(text: string | undefined): Promise<void> {
  if (!text) return;
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`NetProbe: copied ${text}`, 2000);
}

/** Interfaces and History views with their commands; Show Network Interfaces. */
export function registerSidebar(services: Services): vscode.Disposable[] {
  const interfacesTree = new InterfacesTreeProvider();
  const historyTree = new HistoryTreeProvider(services.history);
  services.trees.set('netprobe.interfaces', interfacesTree);
  services.trees.set('netprobe.history', historyTree);
  return [
    interfacesTree,
    historyTree,
    vscode.window.createTreeView('netprobe.interfaces', { treeDataProvider: interfacesTree, showCollapseAll: true }),
    vscode.window.createTreeView('netprobe.history', { treeDataProvider: historyTree }),
    vscode.commands.registerCommand('netprobe.refreshInterfaces', () => interfacesTree.refresh()),
    vscode.commands.registerCommand('netprobe.copyInterfaceAddress', (n?: InterfaceNode) => copy(addressOf(n)?.address)),
    vscode.commands.registerCommand('netprobe.copyInterfaceCidr', (n?: InterfaceNode) => copy(addressOf(n)?.cidr)),
    vscode.commands.registerCommand('netprobe.copyInterfaceMac', (n?: InterfaceNode) => copy(addressOf(n)?.mac)),
    registerCommand(services, 'netprobe.showInterfaces', 'Show network interfaces', () => {
      const list = interfaces();
      services.show(interfacesView(list));
      return Promise.resolve(list);
    }),
    vscode.commands.registerCommand('netprobe.openHistoryItem', (id?: string) => {
      const view = id ? services.history.get(id) : undefined;
      if (view) services.results.show(view, false);
      return view;
    }),
    vscode.commands.registerCommand('netprobe.rerunHistoryItem', (view?: ResultView) => {
      if (view?.rerun) return vscode.commands.executeCommand(view.rerun.command, ...view.rerun.args);
      return undefined;
    }),
    vscode.commands.registerCommand('netprobe.removeHistoryItem', (view?: ResultView) => view && services.history.remove(view.id)),
    vscode.commands.registerCommand('netprobe.clearHistory', () => services.history.clear()),
    vscode.commands.registerCommand('netprobe.showLog', () => services.log.show()),
  ];
}
