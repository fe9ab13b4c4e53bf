import * as vscode from 'vscode';
import type { Listener, ListenersResult } from '../../core/listeners/listeners';
import { listListeners } from '../../core/listeners/listeners';
import { parsePortSpec, validatePortSpec } from '../../core/scan/ports';
import type { ScanResult } from '../../core/scan/types';
import { askHost, hostArgument, lastInput, rememberInput } from '../input';
import type { ScanCommandOptions } from '../scan/scan-controller';
import { ScanController } from '../scan/scan-controller';
import type { Services } from '../services';
import { registerCommand } from './command';
import { listenersView } from './scan-views';
import { formatCount } from '../../core/text/units';

type PortsItem = vscode.QuickPickItem & { spec?: string };

const PRESETS: PortsItem[] = [
  { label: 'Top 100 ports', description: 'top100', detail: 'The 100 TCP ports most often found open (nmap-services frequencies).', spec: 'top100' },
  { label: 'Top 1000 ports', description: 'top1000', detail: 'What nmap scans by default.', spec: 'top1000' },
  { label: 'Well-known ports', description: '1-1024', spec: '1-1024' },
  { label: 'All ports', description: '1-65535', detail: 'Every TCP port; seconds on a LAN or loopback.', spec: 'all' },
  { label: 'Custom…', description: 'e.g. 22,80,443,8000-8100' },
];

/** The item a typed port list becomes (Enter scans it), or the reason it is not one. */
function typedPorts(text: string): PortsItem | undefined {
  if (text === '' || PRESETS.some(p => p.spec === text.toLowerCase())) return undefined;
  const problem = validatePortSpec(text);
  // Words filter the presets ("cust" → Custom…); text with digits is a port list, or says why it is not one.
  if (problem) return /[0-9]/.test(text) ? { label: `$(error) ${text}`, description: problem } : undefined;
  const n = parsePortSpec(text).length;
  return { label: `$(arrow-right) Scan ${text}`, description: `${n} port${n === 1 ? '' : 's'}`, spec: text };
}

/**
 * Which ports: presets, or a port list typed straight into the picker (`8080,8443,9000-9100`, then Enter);
 * `typed` pre-fills it (a port given with the host), else the last list this command scanned.
 */
async function askPorts(services: Services, fallback: string, typed?: string): Promise<string | undefined> {
  const last = lastInput(services, 'netprobe.scanPorts').text;
  const items: PortsItem[] =
    last && !PRESETS.some(p => p.spec === last) ? [{ label: `$(history) ${last}`, description: 'last scanned', spec: last }, ...PRESETS] : PRESETS;
  for (;;) {
    const pick = await services.prompts.pick({
      title: 'NetProbe: Ports to scan',
      placeHolder: `Pick, or type ports (22,80,443,8000-8100) and press Enter. Default: ${fallback}`,
      items,
      value: typed ?? '',
      typed: typedPorts,
      matchOnDescription: true,
    });
    if (!pick) return undefined;
    if (pick.spec) return pick.spec;
    if (pick.label.startsWith('$(error)')) {
      typed = pick.label.replace('$(error) ', '');
      continue;
    }
    const custom = await services.prompts.input({
      prompt: `Ports to scan (empty: ${fallback})`,
      placeHolder: '22,80,443,8000-8100 or top100',
      validate: v => (v.trim() === '' ? undefined : validatePortSpec(v)),
    });
    if (custom === undefined) return undefined;
    return custom === '' ? fallback : custom;
  }
}

const STOP_TITLE = 'Stop Process…';

/** Scan Ports…, Show Listening Ports, Stop Process…. */
export function registerScanCommands(services: Services): vscode.Disposable[] {
  const panel = services.panels.scan;
  const controller = new ScanController(services, panel);

  return [
    controller,
    registerCommand<[string, string, ScanCommandOptions], ScanResult>(services, 'netprobe.scanPorts', 'Scan ports', async (host, ports, options) => {
      const given =
        host !== undefined
          ? hostArgument(host)
          : await askHost(services, 'netprobe.scanPorts', {
              prompt: 'Host to scan (host:port and URLs work too)',
              placeHolder: 'localhost, 192.0.2.10, a name, 127.0.0.1:8080',
            });
      if (!given) return undefined;
      const target = given.host;
      const fallback = services.settings.get('scan.defaultPorts');
      const spec =
        ports ??
        (host === undefined
          ? await askPorts(services, fallback, given.port !== undefined ? String(given.port) : undefined)
          : given.port !== undefined
            ? String(given.port)
            : fallback);
      if (!spec) return undefined;
      if (host === undefined) await rememberInput(services, 'netprobe.scanPorts', { text: spec });
      const o = options ?? {};
      return controller.scan(target, spec, o, await services.proxies.forCommand(o.proxy));
    }),
    registerCommand<[], ListenersResult>(services, 'netprobe.showListeners', 'Show listening ports', async () => {
      const r = await listListeners({ timeout: services.timeout });
      services.show(listenersView(r));
      if (r.supported && r.listeners.some((l: Listener) => l.processes.length)) {
        void vscode.window.showInformationMessage(`NetProbe: ${formatCount(r.listeners.length, 'listening socket')}.`, STOP_TITLE).then(choice => {
          if (choice === STOP_TITLE) services.runCommand('Stop process', 'netprobe.stopListenerProcess');
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
