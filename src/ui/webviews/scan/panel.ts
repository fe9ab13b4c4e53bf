import * as vscode from 'vscode';
import type { ScanPortResult, ScanProgress, ScanResult } from '../../../core/scan/types';
import { panelPage } from '../html';
import { PanelHost } from '../panel-host';
import type { WebviewContext } from '../render-reports';
import { scanCsv, scanJson } from './export';
import type { ScanAction, ScanDone, ScanRenderedId, ScanStart, ToScanWebview } from './protocol';
import { isScanAction, isScanRenderedId } from './protocol';

/** What the panel needs from the command that runs scans. */
export interface ScanPanelActions {
  cancel(): void;
  rescan(): void;
  addTarget(address: string, port: number): Promise<void>;
}

/** The port-scan panel: streams results into a sortable, filterable table while the scan runs. */
export class ScanPanel extends PanelHost<ToScanWebview, ScanAction, ScanRenderedId> {
  private start: ScanStart | undefined;
  private rows: ScanPortResult[] = [];
  private progress: ScanProgress | undefined;
  private done: ScanDone | undefined;
  private result: ScanResult | undefined;
  private actions: ScanPanelActions | undefined;

  constructor(context: WebviewContext) {
    super(context, {
      viewType: 'netprobe.scan',
      page: panelPage('scan', 'NetProbe Scan', 'Starting the scan…'),
      isAction: isScanAction,
      isRenderedId: isScanRenderedId,
    });
  }

  /** Opens (or reuses) the panel for a new scan. */
  begin(start: ScanStart, actions: ScanPanelActions): void {
    this.start = start;
    this.rows = [];
    this.progress = undefined;
    this.done = undefined;
    this.result = undefined;
    this.actions = actions;
    this.forgetRendered();
    this.open(`NetProbe Scan: ${start.host}`);
  }

  addRows(rows: ScanPortResult[]): void {
    this.rows.push(...rows);
    this.post({ type: 'rows', rows });
  }

  setProgress(progress: ScanProgress): void {
    this.progress = progress;
    this.post({ type: 'progress', progress });
  }

  finish(done: ScanDone, result?: ScanResult): void {
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

  protected replay(): void {
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

  protected onAction(m: ScanAction): void {
    switch (m.type) {
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
    }
  }
}
