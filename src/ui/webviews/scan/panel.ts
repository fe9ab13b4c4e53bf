import * as vscode from 'vscode';
import type { ScanPortResult, ScanProgress, ScanResult } from '../../../core/scan/types';
import { webviewHtml, webviewOptions } from '../html';
import { scanCsv, scanJson } from './export';
import type { FromScanWebview, ToScanWebview } from './protocol';
import { isFromScanWebview } from './protocol';

/** What the panel needs from the command that runs scans. */
export interface ScanPanelActions {
  cancel(): void;
  rescan(): void;
  addTarget(address: string, port: number): Promise<void>;
}

/** The port-scan panel: streams results into a sortable, filterable table while the scan runs. */
export class ScanPanel implements vscode.Disposable {
  static readonly viewType = 'netprobe.scan';
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private start: Extract<ToScanWebview, { type: 'start' }> | undefined;
  private rows: ScanPortResult[] = [];
  private progress: ScanProgress | undefined;
  private done: Extract<ToScanWebview, { type: 'done' }> | undefined;
  private result: ScanResult | undefined;
  private actions: ScanPanelActions | undefined;
  private readonly renderedEmitter = new vscode.EventEmitter<{ rows: number; text: string }>();
  /** Fires when the webview has rendered, with the row count and visible text. */
  readonly onDidRender = this.renderedEmitter.event;
  lastRendered: { rows: number; text: string } | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Opens (or reuses) the panel for a new scan. */
  begin(start: Extract<ToScanWebview, { type: 'start' }>, actions: ScanPanelActions): void {
    this.start = start;
    this.rows = [];
    this.progress = undefined;
    this.done = undefined;
    this.result = undefined;
    this.actions = actions;
    this.lastRendered = undefined;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(ScanPanel.viewType, 'NetProbe Scan', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.extensionUri));
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'netprobe.svg');
      this.ready = false;
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
      this.panel.onDidDispose(() => { this.panel = undefined; this.ready = false; });
      this.panel.webview.html = webviewHtml(this.panel.webview, this.extensionUri, {
        title: 'NetProbe Scan',
        scripts: ['scan/scan.js'],
        styles: ['scan/scan.css'],
        body: '<main id="app"><p class="empty">Starting the scan…</p></main>',
      });
    } else {
      if (!this.panel.visible) this.panel.reveal(this.panel.viewColumn, true);
      this.replay();
    }
    this.panel.title = `NetProbe Scan: ${start.host}`;
  }

  addRows(rows: ScanPortResult[]): void {
    this.rows.push(...rows);
    this.post({ type: 'rows', rows });
  }

  setProgress(progress: ScanProgress): void {
    this.progress = progress;
    this.post({ type: 'progress', progress });
  }

  finish(done: Extract<ToScanWebview, { type: 'done' }>, result?: ScanResult): void {
    this.done = done;
    this.result = result;
    if (result) {
      // The final result is authoritative (sorted, with every banner): replace the streamed rows.
      this.rows = [...result.ports];
      this.replay();
    } else {
      this.post(done);
    }
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  private post(m: ToScanWebview): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(m);
  }

  private replay(): void {
    if (!this.start) return;
    this.post(this.start);
    if (this.rows.length) this.post({ type: 'rows', rows: this.rows });
    if (this.progress) this.post({ type: 'progress', progress: this.progress });
    if (this.done) this.post(this.done);
  }

  private async export(format: 'csv' | 'json'): Promise<void> {
    if (!this.start) return;
    const name = `netprobe-scan-${this.start.host.replace(/[^A-Za-z0-9.-]/g, '_')}.${format}`;
    const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(name), filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } });
    if (!uri) return;
    const text = format === 'csv' ? scanCsv(this.rows) : scanJson(this.result ?? { host: this.start.host, spec: this.start.spec, ports: this.rows });
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    vscode.window.setStatusBarMessage(`NetProbe: saved ${uri.fsPath}`, 3000);
  }

  private onMessage(raw: unknown): void {
    if (!isFromScanWebview(raw)) return;
    const m: FromScanWebview = raw;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.replay();
        break;
      case 'cancel':
        this.actions?.cancel();
        break;
      case 'rescan':
        this.actions?.rescan();
        break;
      case 'copyNmap':
        if (this.start) {
          void vscode.env.clipboard.writeText(this.start.nmap).then(() => vscode.window.setStatusBarMessage('NetProbe: nmap command copied', 2000));
        }
        break;
      case 'export':
        void this.export(m.format);
        break;
      case 'addTarget':
        void this.actions?.addTarget(m.address, m.port);
        break;
      case 'rendered':
        this.lastRendered = { rows: m.rows, text: m.text };
        this.renderedEmitter.fire(this.lastRendered);
        break;
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.renderedEmitter.dispose();
  }
}
