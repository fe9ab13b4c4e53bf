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
import { userArgs } from './entry-point';

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
    registerCommand(services, 'netprobe.refreshInterfaces', 'Refresh interfaces', () => interfacesTree.refresh()),
    registerCommand<[InterfaceNode], void>(services, 'netprobe.copyInterfaceAddress', 'Copy address', n => copy(addressOf(n)?.address)),
    registerCommand<[InterfaceNode], void>(services, 'netprobe.copyInterfaceCidr', 'Copy CIDR', n => copy(addressOf(n)?.cidr)),
    registerCommand<[InterfaceNode], void>(services, 'netprobe.copyInterfaceMac', 'Copy MAC address', n => copy(addressOf(n)?.mac)),
    registerCommand(services, 'netprobe.showInterfaces', 'Show network interfaces', () => {
      const list = interfaces();
      services.show(interfacesView(list));
      return Promise.resolve(list);
    }),
    // Reopens an entry in the panel of its kind (DNS, zone transfer, scan, HTTP; the results panel otherwise).
    registerCommand<[string | ResultView], ResultView>(services, 'netprobe.openHistoryItem', 'Open History item', id => {
      const view = typeof id === 'string' ? services.history.get(id) : id?.id ? services.history.get(id.id) : undefined;
      if (view) services.panels.reopen(view);
      return view;
    }),
    // The re-run is a user's call: its failure is reported (notification, log, History) and never thrown back.
    registerCommand<[string | ResultView], unknown>(services, 'netprobe.rerunHistoryItem', 'Re-run', item => {
      const view = typeof item === 'string' ? services.history.get(item) : item;
      if (view?.rerun) return vscode.commands.executeCommand(view.rerun.command, ...userArgs('history', view.rerun.args));
      return undefined;
    }),
    registerCommand<[ResultView], void>(services, 'netprobe.removeHistoryItem', 'Remove History item', view =>
      view ? services.history.remove(view.id) : undefined,
    ),
    registerCommand(services, 'netprobe.clearHistory', 'Clear History', () => services.history.clear()),
    registerCommand(services, 'netprobe.showLog', 'Show log', () => services.log.show()),
  ];
}
