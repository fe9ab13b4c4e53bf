import * as vscode from 'vscode';
import { csvCell } from '../../results/csv';
import { panelPage } from '../html';
import { StatePanelHost } from '../panel-host';
import type { WebviewContext } from '../render-reports';
import type { TrailMeta } from '../trail';
import { DEFAULT_ZONE_QUERY, listRecords, zoneFileText, zoneRow, zoneRows } from './listing';
import type { ToZoneWebview, ZoneAction, ZoneQuery, ZoneRenderedId, ZoneState } from './protocol';
import { isZoneAction, isZoneRenderedId } from './protocol';

/** What the host has sent the webview so far (tests check that rows come on demand, a few at a time). */
export interface ZoneTraffic {
  /** `rows` messages sent. */
  messages: number;
  /** Rows sent in all. */
  rows: number;
  /** The most rows one message held. */
  maxRows: number;
}

/**
 * The zone-transfer panel: the host holds the records and answers the webview's requests for the rows in sight
 * (filtered and sorted here), so a zone of any size is never posted whole; long values are cut, with an expander.
 */
export class ZonePanel extends StatePanelHost<ZoneState, ToZoneWebview, ZoneAction, ZoneRenderedId> {
  private query: ZoneQuery = DEFAULT_ZONE_QUERY;
  private listing: Uint32Array = new Uint32Array(0);
  private listed: ZoneState | undefined;
  readonly traffic: ZoneTraffic = { messages: 0, rows: 0, maxRows: 0 };

  constructor(context: WebviewContext) {
    // Back/forward keeps up to 300,000 records besides the zone on display.
    super(
      context,
      {
        viewType: 'netprobe.zone',
        page: panelPage('zone', 'NetProbe Zone Transfer', 'Waiting for the zone…'),
        isAction: isZoneAction,
        isRenderedId: isZoneRenderedId,
      },
      { entries: 10, weight: 300_000 },
    );
  }

  /** Shows a transfer (live, or History's sample with `meta.history`). */
  show(state: ZoneState, meta: TrailMeta = {}): void {
    this.display(state, `Zone: ${state.summary.zone}`, true, meta);
  }

  /** Scrolls the page to row `index` of the listing, opening its expander (tests; a link to a record). */
  revealRow(index: number, expand = false): void {
    this.post({ type: 'reveal', index, expand });
  }

  protected override weight(state: ZoneState): number {
    return state.records.length;
  }

  protected override entryChanged(): void {
    this.query = DEFAULT_ZONE_QUERY;
    this.listed = undefined;
  }

  private list(state: ZoneState): Uint32Array {
    if (this.listed !== state) {
      this.listing = listRecords(state.records, this.query);
      this.listed = state;
    }
    return this.listing;
  }

  protected message(state: ZoneState): ToZoneWebview {
    return { type: 'show', id: state.id, summary: state.summary, kept: state.records.length, listed: this.list(state).length, query: this.query };
  }

  protected onStateAction(m: ZoneAction, state: ZoneState): void {
    switch (m.type) {
      case 'rows': {
        const rows = zoneRows(state.records, this.list(state), m.from, m.count);
        this.traffic.messages++;
        this.traffic.rows += rows.length;
        this.traffic.maxRows = Math.max(this.traffic.maxRows, rows.length);
        this.post({ type: 'rows', seq: m.seq, from: m.from, rows, listed: this.listing.length });
        break;
      }
      case 'query':
        this.query = m.query;
        this.listed = undefined;
        this.post(this.message(state));
        break;
      case 'expand': {
        const row = zoneRow(state.records, this.list(state), m.index, true);
        if (row) this.post({ type: 'value', row });
        break;
      }
      case 'copy': {
        const text = m.format === 'dig' ? state.summary.dig : zoneFileText(this.picked(state));
        void vscode.env.clipboard.writeText(text).then(() => vscode.window.setStatusBarMessage('NetProbe: copied to the clipboard', 2000));
        break;
      }
      case 'export':
        void this.export(state, m.format);
        break;
      case 'rerun':
        this.rerunShown();
        break;
    }
  }

  /** The records the current query lists, in its order. */
  private picked(state: ZoneState): ZoneState['records'] {
    return Array.from(this.list(state), i => state.records[i]).filter(r => r !== undefined);
  }

  private async export(state: ZoneState, format: 'zone' | 'csv' | 'json'): Promise<void> {
    const records = this.picked(state);
    const ext = format === 'zone' ? 'zone' : format;
    const name = `netprobe-axfr-${state.summary.zone.replace(/\.$/, '').replace(/[^A-Za-z0-9.-]/g, '_') || 'root'}.${ext}`;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(name),
      filters: format === 'zone' ? { 'Zone file': ['zone', 'txt'] } : format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    });
    if (!uri) return;
    const text =
      format === 'zone'
        ? zoneFileText(records)
        : format === 'csv'
          ? `${['name,ttl,class,type,data', ...records.map(r => [csvCell(r.name), csvCell(r.ttl), csvCell(r.class), csvCell(r.type), csvCell(r.data)].join(','))].join('\r\n')}\r\n`
          : `${JSON.stringify({ ...state.summary, records: records.map(r => ({ name: r.name, type: r.type, ttl: r.ttl, data: r.data })) }, null, 2)}\n`;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    vscode.window.setStatusBarMessage(`NetProbe: saved ${uri.fsPath}`, 3000);
  }
}
