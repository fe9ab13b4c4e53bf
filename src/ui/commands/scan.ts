import * as vscode from 'vscode';
import type { Listener, ListenersResult } from '../../core/listeners/listeners';
import { listListeners } from '../../core/listeners/listeners';
import { errorMessage, NetProbeError } from '../../core/errors';
import type { ProxyConfig } from '../../core/proxy/types';
import { formatProxyUrl } from '../../core/proxy/url';
import { nmapCommand } from '../../core/scan/nmap-command';
import { parsePortSpec, validatePortSpec } from '../../core/scan/ports';
import { scanPorts } from '../../core/scan/scan';
import type { ScanOptions, ScanPortResult, ScanResult } from '../../core/scan/types';
import { ask, hostProblem, selectedText } from '../input';
import type { Services } from '../services';
import { ScanPanel } from '../webviews/scan/panel';
import { registerCommand } from './command';
import { proxyForCommand } from './proxy-profiles';
import { listenersView, scanView } from './scan-views';
import { formatHostPort } from '../../core/address/host-port';

/** Options the scan command accepts as its third argument (everything else comes from settings). */
export interface ScanCommandOptions {
  family?: 4 | 6;
  concurrency?: number;
  portTimeout?: number;
  retries?: number;
  banner?: boolean;
  includeClosed?: boolean;
  /** Proxy profile name, `socks…://` URL, or `direct`; absent: the default proxy (`netprobe.defaultProxy`). */
  proxy?: string;
}

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
  const panel = new ScanPanel(services.webviews);
  let running: AbortController | undefined;

  const scan = async (host: string, spec: string, o: ScanCommandOptions, proxy: ProxyConfig | undefined): Promise<ScanResult> => {
    parsePortSpec(spec);
    const via = proxy ? formatProxyUrl(proxy) : undefined;
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const setting = <T>(key: string, fallback: T): T => services.setting(`scan.${key}`, fallback);
    const options: ScanOptions = {
      ports: spec,
      family: o.family,
      ...(proxy ? { proxy } : {}),
      ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
      ...(o.portTimeout !== undefined ? { portTimeout: o.portTimeout } : {}),
      directDefaults: { concurrency: setting('concurrency', 500), portTimeout: setting('portTimeout', 1000) },
      retries: o.retries ?? setting('retries', 1),
      banner: o.banner ?? setting('banner', false),
      includeClosed: o.includeClosed ?? parsePortSpec(spec).length <= 1024,
    };
    panel.begin({ type: 'start', host, spec, total: 0, nmap: nmapCommand(host, options), startedAt: Date.now(), ...(via ? { via } : {}) }, {
      cancel: () => controller.abort(),
      rescan: () => { void vscode.commands.executeCommand('netprobe.scanPorts', host, spec, o); },
      addTarget: async (address, port) => { await vscode.commands.executeCommand('netprobe.addTarget', { host: address, port }); },
    });
    let batch: ScanPortResult[] = [];
    const flush = (): void => { if (batch.length) { panel.addRows(batch); batch = []; } };
    try {
      const r = await services.runWithProgress(`Scanning ${host} (${spec})${via ? ` via ${via}` : ''}`, async (signal, progress) => {
        const onCancel = (): void => controller.abort();
        signal.addEventListener('abort', onCancel, { once: true });
        let reported = 0;
        try {
          const run = { ...options,
            signal: controller.signal,
            onResult: x => { batch.push(x); },
            onProgress: p => {
              flush();
              panel.setProgress(p);
              const pct = p.total ? (100 * p.done) / p.total : 0;
              progress.report({ message: `${p.done}/${p.total} · ${p.open} open · ${p.rate}/s`, increment: pct - reported });
              reported = pct;
            },
          } satisfies ScanOptions;
          return await scanPorts(host, run);
        } finally {
          signal.removeEventListener('abort', onCancel);
        }
      });
      flush();
      const parts = [`${r.counts.open} open`, `${r.counts.closed} closed`, r.counts.filtered ? `${r.counts.filtered} filtered` : '', r.counts.error ? `${r.counts.error} error` : ''].filter(Boolean);
      panel.finish({ type: 'done', status: 'finished', message: `${r.portCount} port(s) × ${r.targets.length} address(es) in ${(r.elapsedMs / 1000).toFixed(2)} s${via ? ` via ${via}` : ''}: ${parts.join(', ')}`, counts: r.counts, elapsedMs: r.elapsedMs }, r);
      services.show(scanView(r, nmapCommand(host, options)), { panel: false });
      return r;
    } catch (e) {
      flush();
      const cancelled = e instanceof NetProbeError && e.code === 'aborted';
      panel.finish({ type: 'done', status: cancelled ? 'cancelled' : 'failed', message: cancelled ? 'Cancelled; every socket was closed. The ports found so far are listed.' : errorMessage(e) });
      throw e;
    } finally {
      if (running === controller) running = undefined;
    }
  };

  const stopProcess = async (pid?: number): Promise<boolean> => {
    let target: { pid: number; label: string } | undefined;
    if (pid === undefined) {
      const r = await listListeners({ timeout: services.timeout });
      const items = r.listeners.flatMap(l => l.processes.map(p => ({
        label: `${p.name} (${p.pid})`,
        description: `${l.protocol}${l.family === 6 ? '6' : ''} ${formatHostPort(l.address, l.port)}`,
        detail: p.command,
        pid: p.pid,
      })));
      if (!items.length) {
        void vscode.window.showInformationMessage('NetProbe: no listening process that this user may see.');
        return false;
      }
      const pick = await vscode.window.showQuickPick(items, { title: 'NetProbe: Stop the process behind a listening port', matchOnDescription: true, matchOnDetail: true });
      if (!pick) return false;
      target = { pid: pick.pid, label: pick.label };
    } else {
      target = { pid, label: `process ${pid}` };
    }
    if (target.pid === process.pid) throw new NetProbeError('invalid-input', 'That is the editor\'s own extension host; NetProbe will not stop it.');
    const answer = await vscode.window.showWarningMessage(
      `Stop ${target.label}?`,
      { modal: true, detail: 'NetProbe sends it SIGTERM (a polite request to exit). Unsaved work in that program may be lost.' },
      'Stop Process',
    );
    if (answer !== 'Stop Process') return false;
    try {
      process.kill(target.pid, 'SIGTERM');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new NetProbeError(code === 'EPERM' ? 'permission' : 'os-error', code === 'EPERM' ? `Not allowed to stop ${target.label} (it belongs to another user).` : `Could not stop ${target.label} (${code ?? String(e)}).`, code);
    }
    void vscode.window.showInformationMessage(`NetProbe: sent SIGTERM to ${target.label}.`);
    return true;
  };

  return [
    panel,
    { dispose: () => running?.abort() },
    registerCommand<[string, string, ScanCommandOptions], ScanResult>(services, 'netprobe.scanPorts', 'Scan ports', async (host, ports, options) => {
      const target = host ?? await ask('Host to scan', 'localhost, 192.0.2.10 or a name', hostProblem, selectedText());
      if (!target) return undefined;
      const fallback = services.setting('scan.defaultPorts', 'top1000');
      const spec = ports ?? (host === undefined ? await askPorts(fallback) : fallback);
      if (!spec) return undefined;
      const o = options ?? {};
      return scan(target, spec, o, await proxyForCommand(services, o.proxy));
    }),
    registerCommand<[], ListenersResult>(services, 'netprobe.showListeners', 'Show listening ports', async () => {
      const r = await listListeners({ timeout: services.timeout });
      services.show(listenersView(r));
      if (r.supported && r.listeners.some((l: Listener) => l.processes.length)) {
        void vscode.window.showInformationMessage(`NetProbe: ${r.listeners.length} listening socket(s).`, STOP_TITLE).then(choice => {
          if (choice === STOP_TITLE) void vscode.commands.executeCommand('netprobe.stopListenerProcess');
        });
      }
      return r;
    }),
    registerCommand<[number], boolean>(services, 'netprobe.stopListenerProcess', 'Stop process', pid => stopProcess(pid)),
    // Test hook (not contributed): what the scan panel last rendered.
    vscode.commands.registerCommand('netprobe.internal.scanPanelState', () => {
      const r = panel.lastRendered;
      return { open: panel.isOpen, ...(r ? { rendered: { rows: r.id.rows, text: r.text } } : {}) };
    }),
  ];
}
