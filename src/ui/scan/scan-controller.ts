import * as vscode from 'vscode';
import { listListeners } from '../../core/listeners/listeners';
import { errorMessage, NetProbeError } from '../../core/errors';
import { formatHostPort } from '../../core/address/host-port';
import { displayText, parseStopPid, processIdentity, stopConfirmation, stopProcess } from '../../core/platform/processes';
import type { ProxyConfig } from '../../core/proxy/types';
import { formatProxyUrl } from '../../core/proxy/url';
import { nmapCommand } from '../../core/scan/nmap-command';
import { parsePortSpec } from '../../core/scan/ports';
import { scanPorts } from '../../core/scan/scan';
import type { ScanOptions, ScanPortResult, ScanResult } from '../../core/scan/types';
import { formatDuration } from '../../core/text/units';
import { scanCountsText, scanSizeText, scanView } from '../commands/scan-views';
import type { Services } from '../services';
import type { ScanPanel } from '../webviews/scan/panel';
import type { ScanDone, ScanStart } from '../webviews/scan/protocol';

/** Options the scan command accepts as its third argument (everything else comes from settings). */
export interface ScanCommandOptions {
  family?: 4 | 6;
  concurrency?: number;
  portTimeout?: number;
  retries?: number;
  banner?: boolean;
  includeClosed?: boolean;
  /** Proxy profile name, `socks…://` URL, or `direct`; absent: the default proxy (`netprobe.proxy.default`). */
  proxy?: string;
}

/** Runs port scans into the scan panel (one at a time) and stops listening processes. */
export class ScanController implements vscode.Disposable {
  private running: AbortController | undefined;

  constructor(
    private readonly services: Services,
    private readonly panel: ScanPanel,
  ) {}

  /** Scans `spec` on `host` (a scan already running is cancelled), streaming rows to the scan this.panel. */
  async scan(host: string, spec: string, o: ScanCommandOptions, proxy: ProxyConfig | undefined): Promise<ScanResult> {
    parsePortSpec(spec);
    const via = proxy ? formatProxyUrl(proxy) : undefined;
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const { settings } = this.services;
    const options: ScanOptions = {
      ports: spec,
      family: o.family,
      ...(proxy ? { proxy } : {}),
      ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
      ...(o.portTimeout !== undefined ? { portTimeout: o.portTimeout } : {}),
      directDefaults: { concurrency: settings.get('scan.concurrency'), portTimeout: settings.get('scan.portTimeout') },
      retries: o.retries ?? settings.get('scan.retries'),
      banner: o.banner ?? settings.get('scan.banner'),
      includeClosed: o.includeClosed ?? parsePortSpec(spec).length <= 1024,
    };
    const start: ScanStart = { type: 'start', host, spec, total: 0, nmap: nmapCommand(host, options), startedAt: Date.now(), ...(via ? { via } : {}) };
    const rerun = { command: 'netprobe.scanPorts', args: [host, spec, o] };
    this.panel.begin(
      start,
      {
        cancel: () => controller.abort(),
        rescan: () => {
          this.services.runCommand('Scan ports', 'netprobe.scanPorts', host, spec, o);
        },
        addTarget: (address, port) => {
          this.services.runCommand('Add target', 'netprobe.addTarget', { host: address, port });
        },
      },
      { rerun },
    );
    let batch: ScanPortResult[] = [];
    const flush = (): void => {
      if (batch.length) {
        this.panel.addRows(batch);
        batch = [];
      }
    };
    try {
      const r = await this.services.runWithProgress(`Scanning ${host} (${spec})${via ? ` via ${via}` : ''}`, async (signal, progress) => {
        const onCancel = (): void => controller.abort();
        signal.addEventListener('abort', onCancel, { once: true });
        let reported = 0;
        try {
          const run = {
            ...options,
            signal: controller.signal,
            onResult: x => {
              batch.push(x);
            },
            onProgress: p => {
              flush();
              this.panel.setProgress(p);
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
      const message = `${scanSizeText(r)} in ${formatDuration(r.elapsedMs)}${via ? ` via ${via}` : ''}: ${scanCountsText(r.counts)}`;
      const done: ScanDone = { type: 'done', status: 'finished', message, counts: r.counts, elapsedMs: r.elapsedMs };
      this.panel.finish(done, r);
      const { ports, ...facts } = r;
      // History reopens the scan panel from this (its bounded form: see history/budget.ts).
      this.services.show({ ...scanView(r, nmapCommand(host, options), { start, rows: ports, done, result: facts }), rerun }, { panel: false });
      return r;
    } catch (e) {
      flush();
      const cancelled = e instanceof NetProbeError && e.code === 'aborted';
      this.panel.finish({
        type: 'done',
        status: cancelled ? 'cancelled' : 'failed',
        message: cancelled ? 'Cancelled; every socket was closed. The ports found so far are listed.' : errorMessage(e),
      });
      throw e;
    } finally {
      if (this.running === controller) this.running = undefined;
    }
  }

  /**
   * Stops the process behind a listening port (picked when `pid` is not given): core checks the pid, the modal
   * names the program and its command line, and core re-checks right before the signal that the pid still
   * belongs to that process.
   */
  async stopProcess(pid?: unknown): Promise<boolean> {
    let picked: number;
    if (pid === undefined) {
      const r = await listListeners({ timeout: this.services.timeout });
      const items = r.listeners.flatMap(l =>
        l.processes.map(p => ({
          label: `${displayText(p.name)} (${p.pid})`,
          description: `${l.protocol}${l.family === 6 ? '6' : ''} ${formatHostPort(l.address, l.port)}`,
          ...(p.command !== undefined ? { detail: displayText(p.command) } : {}),
          pid: p.pid,
        })),
      );
      if (!items.length) {
        void vscode.window.showInformationMessage('NetProbe: no listening process that this user may see.');
        return false;
      }
      const pick = await vscode.window.showQuickPick(items, {
        title: 'NetProbe: Stop the process behind a listening port',
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (!pick) return false;
      picked = pick.pid;
    } else {
      picked = parseStopPid(pid);
    }
    const identity = await processIdentity(picked, { timeout: this.services.timeout });
    const question = stopConfirmation(identity);
    if ((await this.services.modals.warn(question.message, question.detail, 'Stop Process')) !== 'Stop Process') return false;
    await stopProcess(identity, { timeout: this.services.timeout });
    void vscode.window.showInformationMessage(`NetProbe: sent SIGTERM to ${displayText(identity.name)} (process ${identity.pid}).`);
    return true;
  }

  dispose(): void {
    this.running?.abort();
  }
}
