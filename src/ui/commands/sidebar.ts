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
    // Reopens an entry in the panel of its kind (DNS, zone transfer, scan, HTTP; the results panel otherwise).
    vscode.commands.registerCommand('netprobe.openHistoryItem', (id?: string | ResultView) => {
      const view = typeof id === 'string' ? services.history.get(id) : id?.id ? services.history.get(id.id) : undefined;
      if (view) services.panels.reopen(view);
      return view;
    }),
    vscode.commands.registerCommand('netprobe.rerunHistoryItem', async (item?: string | ResultView) => {
      const view = typeof item === 'string' ? services.history.get(item) : item;
      if (!view?.rerun) return undefined;
      try {
        return await vscode.commands.executeCommand(view.rerun.command, ...view.rerun.args);
      } catch (e) {
        services.reportError(`Re-run ${view.title}`, e);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('netprobe.removeHistoryItem', (view?: ResultView) => view && services.history.remove(view.id)),
    vscode.commands.registerCommand('netprobe.clearHistory', () => services.history.clear()),
    vscode.commands.registerCommand('netprobe.showLog', () => services.log.show()),
  ];
}
