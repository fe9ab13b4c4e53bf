import * as vscode from 'vscode';
import { packetJson } from '../../../core/udp/format';
import type { PacketJson } from '../../../core/udp/format';
import type { SocketSession } from '../../udp/udp-sessions';
import { panelPage } from '../html';
import { PanelHost } from '../panel-host';
import type { WebviewContext } from '../render-reports';
import { packetsCsv, packetsJson } from './export';
import type { MonitorAction, MonitorHeader, MonitorRenderedId, ToMonitorWebview } from './protocol';
import { isMonitorAction, isMonitorRenderedId } from './protocol';

const END_TEXT: Record<string, string> = {
  count: 'Stopped: the packet count was reached. The socket is closed.',
  duration: 'Stopped: the listening time is up. The socket is closed.',
  aborted: 'Stopped. The socket is closed.',
  error: 'Stopped by a socket error. The socket is closed.',
};

/**
 * The live monitor of one listening socket: packets stream in (batched), with pause, clear, a source filter
 * and export. Opens at once; closing the panel disposes the monitor (and its owner stops the socket).
 */
export class MonitorPanel extends PanelHost<ToMonitorWebview, MonitorAction, MonitorRenderedId> {
  private paused = false;
  private queue: PacketJson[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private stoppedReason: string | undefined;
  private closed = false;
  private readonly subs: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  /** Fires when the panel closes. */
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(context: WebviewContext, private readonly session: SocketSession) {
    super(context, {
      viewType: 'netprobe.udpMonitor',
      page: panelPage('monitor', 'NetProbe Monitor', 'Opening the monitor…'),
      isAction: isMonitorAction,
      isRenderedId: isMonitorRenderedId,
    });
    this.subs.push(
      session.onPacket(p => this.onPacket(packetJson(p))),
      session.onEnd(r => this.onEnd(END_TEXT[r.endedBy] ?? 'Stopped.', r.error?.message)),
    );
    this.open(`Monitor: ${session.info.title}`);
    this.statsTimer = setInterval(() => { if (this.session.active) this.post({ type: 'stats', stats: this.session.monitor.stats() }); }, 1000);
    if (!session.active) this.onEnd(END_TEXT[session.endedBy ?? 'aborted'] ?? 'Stopped.');
  }

  private header(): MonitorHeader {
    const i = this.session.info;
    return { id: i.id, kind: i.kind, title: i.title, options: i.options, ...(i.group ? { group: i.group } : {}), warnings: i.warnings, startedAt: i.startedAt, capacity: this.session.capacity };
  }

  private onPacket(p: PacketJson): void {
    if (this.paused) return;
    this.queue.push(p);
    this.flushTimer ??= setTimeout(() => this.flush(), 100);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (!this.queue.length) return;
    const packets = this.queue;
    this.queue = [];
    this.post({ type: 'packets', packets, stats: this.session.monitor.stats() });
  }

  private onEnd(text: string, error?: string): void {
    this.flush();
    this.stoppedReason = error ? `${text} ${error}` : text;
    clearInterval(this.statsTimer);
    this.post({ type: 'stopped', reason: this.stoppedReason, stats: this.session.monitor.stats() });
  }

  /** Everything the monitor shows: the header, the packets kept, and how it ended. */
  protected replay(): void {
    this.queue = [];
    this.post({ type: 'init', header: this.header(), packets: this.session.monitor.packets().map(p => packetJson(p)), stats: this.session.monitor.stats(), active: this.session.active, paused: this.paused });
    if (this.stoppedReason) this.post({ type: 'stopped', reason: this.stoppedReason, stats: this.session.monitor.stats() });
  }

  private async export(format: 'csv' | 'json', filter: string): Promise<void> {
    const packets = this.session.monitor.packets(filter).map(p => packetJson(p, 65536));
    const name = `netprobe-udp-${this.session.info.localPort}.${format}`;
    const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(name), filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } });
    if (!uri) return;
    const text = format === 'csv' ? packetsCsv(packets) : packetsJson(this.session.info, packets, this.session.monitor.stats());
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    vscode.window.setStatusBarMessage(`NetProbe: saved ${uri.fsPath}`, 3000);
  }

  protected onAction(m: MonitorAction): void {
    switch (m.type) {
      case 'pause':
        this.paused = m.paused;
        if (!m.paused) this.replay();
        break;
      case 'clear':
        this.session.monitor.clear();
        this.replay();
        break;
      case 'stop':
        void this.session.stop();
        break;
      case 'export':
        void this.export(m.format, m.filter);
        break;
    }
  }

  protected override onClosed(): void {
    this.dispose();
  }

  override dispose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.flushTimer);
    clearInterval(this.statsTimer);
    for (const s of this.subs) s.dispose();
    this.subs.length = 0;
    super.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }
}
