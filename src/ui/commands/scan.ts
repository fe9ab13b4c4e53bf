import * as vscode from 'vscode';
import type { Listener, ListenersResult } from '../../core/listeners/listeners';
import { listListeners } from '../../core/listeners/listeners';
import { validatePortSpec } from '../../core/scan/ports';
import type { ScanResult } from '../../core/scan/types';
import { ask, hostProblem, selectedText } from '../input';
import type { ScanCommandOptions } from '../scan/scan-controller';
import { ScanController } from '../scan/scan-controller';
import type { Services } from '../services';
import { registerCommand } from './command';
import { listenersView } from './scan-views';
import { formatCount } from '../../core/text/units';

const PRESETS: Array<vscode.QuickPickItem & { spec?: string }> = [
  { label: 'Top 100 ports', description: 'top100', detail: 'The 100 TCP ports most often found open (nmap-services frequencies).', spec: 'top100' },
  { label: 'Top 1000 ports', description: 'top1000', detail: 'What nmap scans by default.', spec: 'top1000' },
  { label: 'Well-known ports', description: '1-1024', spec: '1-1024' },
  { label: 'All ports', description: '1-65535', detail: 'Every TCP port; seconds on a LAN or loopback.', spec: 'all' },
  { label: 'Custom…', description: 'e.g. 22,80,443,8000-8100' },
];

async function askPorts(fallback: string): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(PRESETS, { title: 'NetProbe: Ports to scan', placeHolder: `Default: ${fallback}` });
  if (!pick) return undefined;
  if (pick.spec) return pick.spec;
  return ask('Ports to scan', '22,80,443,8000-8100 or top100', validatePortSpec, fallback);
}

const STOP_TITLE = 'Stop Process…';

/** Scan Ports…, Show Listening Ports, Stop Process…. */
export function registerScanCommands(services: Services): vscode.Disposable[] {
  const panel = services.panels.scan;
  const controller = new ScanController(services, panel);

  return [
    controller,
    registerCommand<[string, string, ScanCommandOptions], ScanResult>(services, 'netprobe.scanPorts', 'Scan ports', async (host, ports, options) => {
      const target = host ?? await ask('Host to scan', 'localhost, 192.0.2.10 or a name', hostProblem, selectedText());
      if (!target) return undefined;
      const fallback = services.settings.get('scan.defaultPorts');
      const spec = ports ?? (host === undefined ? await askPorts(fallback) : fallback);
      if (!spec) return undefined;
      const o = options ?? {};
      return controller.scan(target, spec, o, await services.proxies.forCommand(o.proxy));
    }),
    registerCommand<[], ListenersResult>(services, 'netprobe.showListeners', 'Show listening ports', async () => {
      const r = await listListeners({ timeout: services.timeout });
      services.show(listenersView(r));
      if (r.supported && r.listeners.some((l: Listener) => l.processes.length)) {
        void vscode.window.showInformationMessage(`NetProbe: ${formatCount(r.listeners.length, 'listening socket')}.`, STOP_TITLE).then(choice => {
          if (choice === STOP_TITLE) void vscode.commands.executeCommand('netprobe.stopListenerProcess');
        });
      }
      return r;
    }),
    registerCommand<[unknown], boolean>(services, 'netprobe.stopListenerProcess', 'Stop process', pid => controller.stopProcess(pid)),
    // Test hook (not contributed): what the scan panel last rendered.
    vscode.commands.registerCommand('netprobe.internal.scanPanelState', () => {
      const r = panel.lastRendered;
      return { open: panel.isOpen, ...(r ? { rendered: { rows: r.id.rows, text: r.text } } : {}) };
    }),
  ];
}
