import * as vscode from 'vscode';
import { packetJson } from '../../../core/udp/format';
import type { PacketJson } from '../../../core/udp/format';
import type { SocketSession } from '../../udp/udp-sessions';
import { webviewHtml, webviewOptions } from '../html';
import { packetsCsv, packetsJson } from './export';
import type { FromMonitorWebview, MonitorHeader, ToMonitorWebview } from './protocol';
import { isFromMonitorWebview } from './protocol';

const END_TEXT: Record<string, string> = {
  count: 'Stopped: the packet count was reached. The socket is closed.',
  duration: 'Stopped: the listening time is up. The socket is closed.',
  aborted: 'Stopped. The socket is closed.',
  error: 'Stopped by a socket error. The socket is closed.',
};

/**
 * The live monitor of one listening socket: packets stream in (batched), with pause, clear, a source filter
 * and export. Closing the panel stops the socket.
 */
export class MonitorPanel implements vscode.Disposable {
  static readonly viewType = 'netprobe.udpMonitor';
  private readonly panel: vscode.WebviewPanel;
  private ready = false;
  private paused = false;
  private queue: PacketJson[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private stoppedReason: string | undefined;
  private disposed = false;
  private readonly subs: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  /** Fires when the panel closes. */
  readonly onDidDispose = this.disposeEmitter.event;
  lastRendered: { rows: number; text: string } | undefined;

  constructor(extensionUri: vscode.Uri, private readonly session: SocketSession) {
    this.panel = vscode.window.createWebviewPanel(MonitorPanel.viewType, `Monitor: ${session.info.title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'netprobe.svg');
    this.subs.push(
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      this.panel.onDidDispose(() => this.dispose()),
      session.onPacket(p => this.onPacket(packetJson(p))),
      session.onEnd(r => this.onEnd(END_TEXT[r.endedBy] ?? 'Stopped.', r.error?.message)),
    );
    this.panel.webview.html = webviewHtml(this.panel.webview, extensionUri, {
      title: 'NetProbe Monitor',
      scripts: ['monitor/monitor.js'],
      styles: ['monitor/monitor.css'],
      body: '<main id="app"><p class="empty">Opening the monitor…</p></main>',
    });
    this.statsTimer = setInterval(() => { if (this.session.active) this.post({ type: 'stats', stats: this.session.monitor.stats() }); }, 1000);
    if (!session.active) this.onEnd(END_TEXT[session.endedBy ?? 'aborted'] ?? 'Stopped.');
  }

  reveal(): void {
    if (!this.panel.visible) this.panel.reveal(this.panel.viewColumn, true);
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

  private init(): void {
    this.queue = [];
    this.post({ type: 'init', header: this.header(), packets: this.session.monitor.packets().map(p => packetJson(p)), stats: this.session.monitor.stats(), active: this.session.active, paused: this.paused });
    if (this.stoppedReason) this.post({ type: 'stopped', reason: this.stoppedReason, stats: this.session.monitor.stats() });
  }

  private post(m: ToMonitorWebview): void {
    if (this.ready) void this.panel.webview.postMessage(m);
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

  private onMessage(raw: unknown): void {
    if (!isFromMonitorWebview(raw)) return;
    const m: FromMonitorWebview = raw;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.init();
        break;
      case 'pause':
        this.paused = m.paused;
        if (!m.paused) this.init();
        break;
      case 'clear':
        this.session.monitor.clear();
        this.init();
        break;
      case 'stop':
        void this.session.stop();
        break;
      case 'export':
        void this.export(m.format, m.filter);
        break;
      case 'rendered':
        this.lastRendered = { rows: m.rows, text: m.text };
        break;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.flushTimer);
    clearInterval(this.statsTimer);
    for (const s of this.subs) s.dispose();
    this.subs.length = 0;
    this.panel.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }
}
