import * as vscode from 'vscode';
import type { ScanPortResult, ScanProgress, ScanResult } from '../../../core/scan/types';
import { panelPage } from '../html';
import { StatePanelHost } from '../panel-host';
import type { WebviewContext } from '../render-reports';
import type { TrailMeta } from '../trail';
import { scanCsv, scanJson } from './export';
import type { ScanAction, ScanDone, ScanRenderedId, ScanSnapshot, ScanStart, ToScanWebview } from './protocol';
import { isScanAction, isScanRenderedId } from './protocol';

/** What the panel needs from the command that runs scans. */
export interface ScanPanelActions {
  cancel(): void;
  rescan(): void;
  addTarget(address: string, port: number): void;
}

/** A scan on display: what it found so far and what its buttons do. */
interface ScanShown {
  snap: ScanSnapshot;
  actions: ScanPanelActions;
}

/**
 * The port-scan panel: streams results into a sortable, filterable table while the scan runs; back/forward goes
 * through the recent scans (the running one keeps filling while another is shown), History reopens one here.
 */
export class ScanPanel extends StatePanelHost<ScanShown, ToScanWebview, ScanAction, ScanRenderedId> {
  private live: ScanShown | undefined;

  constructor(context: WebviewContext) {
    super(
      context,
      {
        viewType: 'netprobe.scan',
        page: panelPage('scan', 'NetProbe Scan', 'Starting the scan…'),
        isAction: isScanAction,
        isRenderedId: isScanRenderedId,
      },
      { entries: 10, weight: 200_000 },
    );
  }

  /** Opens (or reuses) the panel for a new scan. */
  begin(start: ScanStart, actions: ScanPanelActions, meta: TrailMeta = {}): void {
    this.live = { snap: { start, rows: [] }, actions };
    this.display(this.live, `NetProbe Scan: ${start.host}`, true, meta);
  }

  /** Shows a finished scan again (History's form, `meta.history` saying what it left out). */
  restore(snap: ScanSnapshot, actions: ScanPanelActions, meta: TrailMeta = {}): void {
    this.display({ snap, actions }, `NetProbe Scan: ${snap.start.host}`, true, meta);
  }

  private get liveShown(): boolean {
    return this.live !== undefined && this.trail.current?.value === this.live;
  }

  addRows(rows: ScanPortResult[]): void {
    if (!this.live) return;
    this.live.snap.rows.push(...rows);
    if (this.liveShown) this.post({ type: 'rows', rows });
  }

  setProgress(progress: ScanProgress): void {
    if (!this.live) return;
    this.live.snap.progress = progress;
    if (this.liveShown) this.post({ type: 'progress', progress });
  }

  finish(done: ScanDone, result?: ScanResult): void {
    const live = this.live;
    if (!live) return;
    const shown = this.liveShown;
    live.snap.done = done;
    if (result) {
      // The final result is authoritative (sorted, with every banner): replace the streamed rows.
      const { ports, ...facts } = result;
      live.snap.rows = [...ports];
      live.snap.result = facts;
    }
    this.live = undefined;
    this.trail.reweigh(live, live.snap.rows.length);
    if (shown && result) this.replay();
    else if (shown) this.post(done);
  }

  /** The scan on display (tests). */
  get snapshot(): ScanSnapshot | undefined {
    return this.shown?.snap;
  }

  protected override weight(s: ScanShown): number {
    return s.snap.rows.length;
  }

  protected message(s: ScanShown): ToScanWebview {
    return s.snap.start;
  }

  protected override replay(): void {
    const s = this.trail.current?.value.snap;
    if (!s) return;
    this.sendFrame();
    this.post(s.start);
    if (s.rows.length) this.post({ type: 'rows', rows: s.rows });
    if (s.progress) this.post({ type: 'progress', progress: s.progress });
    if (s.done) this.post(s.done);
  }

  private async export(s: ScanSnapshot, format: 'csv' | 'json'): Promise<void> {
    const name = `netprobe-scan-${s.start.host.replace(/[^A-Za-z0-9.-]/g, '_')}.${format}`;
    const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(name), filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } });
    if (!uri) return;
    const text =
      format === 'csv' ? scanCsv(s.rows) : scanJson(s.result ? { ...s.result, ports: s.rows } : { host: s.start.host, spec: s.start.spec, ports: s.rows });
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    vscode.window.setStatusBarMessage(`NetProbe: saved ${uri.fsPath}`, 3000);
  }

  protected onStateAction(m: ScanAction, s: ScanShown): void {
    switch (m.type) {
      case 'cancel':
        s.actions.cancel();
        break;
      case 'rescan':
        if (!this.rerunShown()) s.actions.rescan();
        break;
      case 'copyNmap':
        void vscode.env.clipboard.writeText(s.snap.start.nmap).then(() => vscode.window.setStatusBarMessage('NetProbe: nmap command copied', 2000));
        break;
      case 'export':
        void this.export(s.snap, m.format);
        break;
      case 'addTarget':
        s.actions.addTarget(m.address, m.port);
        break;
    }
  }
}
