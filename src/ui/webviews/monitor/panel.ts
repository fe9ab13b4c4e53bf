import * as vscode from 'vscode';
import type { KernelDrops } from '../../../core/platform/udp-drops';
import { packetJson, packetPreview } from '../../../core/udp/format';
import { BoundedBatch } from '../../../core/udp/monitor';
import type { UdpPacket } from '../../../core/udp/socket';
import type { SocketSession } from '../../udp/udp-sessions';
import { panelPage } from '../html';
import { PanelHost } from '../panel-host';
import type { WebviewContext } from '../render-reports';
import { packetsCsv, packetsJson } from './export';
import type { MonitorAction, MonitorCounters, MonitorHeader, MonitorRenderedId, ToMonitorWebview } from './protocol';
import { isMonitorAction, isMonitorRenderedId } from './protocol';

const END_TEXT: Record<string, string> = {
  count: 'Stopped: the packet count was reached. The socket is closed.',
  duration: 'Stopped: the listening time is up. The socket is closed.',
  aborted: 'Stopped. The socket is closed.',
  error: 'Stopped by a socket error. The socket is closed.',
};

/** Most datagrams listed per refresh (every 100 ms): a flood costs a counter, not work per datagram. */
const LISTED_PER_REFRESH = 250;
/** Most datagrams sent when the panel (re)opens; the webview lists at most this many. */
const LISTED = 5000;
/** Largest payload sent whole when the user opens a datagram (a UDP datagram is at most 65,535 bytes). */
const DETAIL_BYTES = 65536;

/**
 * The live monitor of one listening socket: small previews of the datagrams stream in (at most
 * LISTED_PER_REFRESH per 100 ms, the rest counted), the whole datagram is fetched when the user opens it,
 * with pause, clear, a source filter and export. Totals come from the session's monitor (every datagram the
 * socket delivered); the kernel's drop count is read once a second and shown apart. Opens at once; closing the
 * panel disposes the monitor (and its owner stops the socket).
 */
export class MonitorPanel extends PanelHost<ToMonitorWebview, MonitorAction, MonitorRenderedId> {
  private paused = false;
  private readonly batch = new BoundedBatch<UdpPacket>(LISTED_PER_REFRESH);
  private kernel: KernelDrops = { available: false, reason: 'Not read yet.' };
  private flushTimer: NodeJS.Timeout | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private stoppedReason: string | undefined;
  private closed = false;
  private readonly subs: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  /** Fires when the panel closes. */
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    context: WebviewContext,
    private readonly session: SocketSession,
  ) {
    super(context, {
      viewType: 'netprobe.udpMonitor',
      page: panelPage('monitor', 'NetProbe Monitor', 'Opening the monitor…'),
      isAction: isMonitorAction,
      isRenderedId: isMonitorRenderedId,
    });
    this.subs.push(
      session.onPacket(p => this.onPacket(p)),
      session.onEnd(r => {
        this.kernel = r.kernelDrops;
        this.onEnd(END_TEXT[r.endedBy] ?? 'Stopped.', r.error?.message);
      }),
    );
    this.open(`Monitor: ${session.info.title}`);
    this.statsTimer = setInterval(() => void this.tick(), 1000);
    if (!session.active) this.onEnd(END_TEXT[session.endedBy ?? 'aborted'] ?? 'Stopped.');
  }

  private header(): MonitorHeader {
    const i = this.session.info;
    return {
      id: i.id,
      kind: i.kind,
      title: i.title,
      options: i.options,
      ...(i.group ? { group: i.group } : {}),
      warnings: i.warnings,
      startedAt: i.startedAt,
      capacity: this.session.capacity,
      listedPerRefresh: LISTED_PER_REFRESH,
    };
  }

  /** What the totals do not say: datagrams not listed, and the kernel's drops. */
  counters(): MonitorCounters {
    return { notListed: this.batch.dropped, kernel: this.kernel };
  }

  /** Once a second while the socket is open: the kernel's drop count, then the totals. */
  private async tick(): Promise<void> {
    if (!this.session.active) return;
    const kernel = await this.session.kernelDrops();
    if (!this.session.active || this.closed) return;
    this.kernel = kernel;
    this.post({ type: 'stats', stats: this.session.monitor.stats(), counters: this.counters() });
  }

  private onPacket(p: UdpPacket): void {
    if (this.paused) return;
    if (this.batch.push(p)) this.flushTimer ??= setTimeout(() => this.flush(), 100);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (!this.batch.size) return;
    const packets = this.batch.take().map(p => packetPreview(p));
    this.post({ type: 'packets', packets, stats: this.session.monitor.stats(), counters: this.counters() });
  }

  private onEnd(text: string, error?: string): void {
    this.flush();
    this.stoppedReason = error ? `${text} ${error}` : text;
    clearInterval(this.statsTimer);
    this.post({ type: 'stopped', reason: this.stoppedReason, stats: this.session.monitor.stats(), counters: this.counters() });
  }

  /** Everything the monitor shows: the header, the packets kept (the last LISTED), and how it ended. */
  protected replay(): void {
    this.batch.take();
    const packets = this.session.monitor
      .packets()
      .slice(-LISTED)
      .map(p => packetPreview(p));
    this.post({
      type: 'init',
      header: this.header(),
      packets,
      stats: this.session.monitor.stats(),
      counters: this.counters(),
      active: this.session.active,
      paused: this.paused,
    });
    if (this.stoppedReason) this.post({ type: 'stopped', reason: this.stoppedReason, stats: this.session.monitor.stats(), counters: this.counters() });
  }

  /** Test hook: the webview opens datagram `seq` as a click on its row would. */
  openPacket(seq: number): void {
    this.post({ type: 'open', seq });
  }

  /** Sends one whole datagram (the user opened it), or why it is gone. */
  private detail(seq: number): void {
    const p = this.session.monitor.find(seq);
    if (!p) {
      this.post({
        type: 'detail',
        seq,
        missing: `Datagram #${seq} is no longer kept: the monitor keeps the last ${this.session.capacity} (netprobe.udp.monitorCapacity).`,
      });
      return;
    }
    this.post({ type: 'detail', seq, packet: { ...packetJson(p, DETAIL_BYTES), base64: p.payload.subarray(0, DETAIL_BYTES).toString('base64') } });
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
        this.batch.reset();
        this.replay();
        break;
      case 'detail':
        this.detail(m.seq);
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
