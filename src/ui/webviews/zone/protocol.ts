// The zone-transfer panel's messages, imported by the host (panel.ts) and the webview (src/webview/zone): no vscode here.
import type { DnsRecord } from '../../../core/dns/types';
import type { IdGuard, ShellMessage } from '../protocol';
import { isMessage } from '../protocol';

/** What a zone transfer was, whatever the records kept. */
export interface ZoneSummary {
  zone: string;
  server: { spec: string; address: string; port: number };
  serial?: number;
  /** Records the transfer carried. */
  recordCount: number;
  messages: number;
  sizeBytes: number;
  elapsedMs: number;
  /** Records per type over the whole transfer, most first. */
  types: Array<[string, number]>;
  /** The same transfer with dig. */
  dig: string;
}

/** A zone transfer as the panel holds it: the summary and the records (every one, or History's sample). */
export interface ZoneState {
  id: string;
  summary: ZoneSummary;
  records: DnsRecord[];
}

export type ZoneSortKey = 'order' | 'name' | 'ttl' | 'type' | 'data';

/** Which records the table lists and in which order (decided by the host, which holds them). */
export interface ZoneQuery {
  /** Text every listed record contains (name, type or data; case-insensitive). */
  filter: string;
  /** Only this type ('' for every type). */
  type: string;
  sort: ZoneSortKey;
  /** 1 ascending, -1 descending. */
  dir: 1 | -1;
}

/** One row of the table: `index` is its place in the listing; `data` may be cut (`full`: its whole length). */
export interface ZoneRow {
  index: number;
  name: string;
  ttl: number;
  class: string;
  type: string;
  data: string;
  full?: number;
}

/** Most rows the host sends in one message (the webview asks for the rows in sight as it scrolls). */
export const ZONE_ROWS_PER_MESSAGE = 200;
/** Record data longer than this is cut in the rows; the expander fetches it whole. */
export const ZONE_DATA_CHARS = 160;

/** Messages from the extension to the zone webview. */
export type ToZoneWebview =
  /** A transfer to show: its summary, how many records the panel holds, and how many the query lists. */
  | { type: 'show'; id: string; summary: ZoneSummary; kept: number; listed: number; query: ZoneQuery }
  /** Rows `from`… of the listing, answering the webview's `rows` request `seq`. */
  | { type: 'rows'; seq: number; from: number; rows: ZoneRow[]; listed: number }
  /** The whole data of row `index` (the expander). */
  | { type: 'value'; row: ZoneRow }
  /** Scroll to row `index` (and open its expander). */
  | { type: 'reveal'; index: number; expand: boolean };

/** What the zone webview asks of the extension. */
export type ZoneAction =
  | { type: 'rows'; seq: number; from: number; count: number }
  | { type: 'query'; query: ZoneQuery }
  | { type: 'expand'; index: number }
  | { type: 'copy'; format: 'dig' | 'text' }
  | { type: 'export'; format: 'zone' | 'csv' | 'json' }
  | { type: 'rerun' };

/** What the zone webview rendered: the transfer, the rows in the DOM, the first one in sight and the listing. */
export interface ZoneRenderedId {
  id: string;
  rows: number;
  first: number;
  listed: number;
  /** The row whose whole value is open, if any. */
  expanded?: number;
}

export const isZoneRenderedId: IdGuard<ZoneRenderedId> = (v): v is ZoneRenderedId => {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    typeof r.rows === 'number' &&
    typeof r.first === 'number' &&
    typeof r.listed === 'number' &&
    (r.expanded === undefined || typeof r.expanded === 'number')
  );
};

/** Messages from the zone webview to the extension. */
export type FromZoneWebview = ShellMessage<ZoneRenderedId> | ZoneAction;

const SORT_KEYS: readonly string[] = ['order', 'name', 'ttl', 'type', 'data'] satisfies readonly ZoneSortKey[];

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isQuery(q: unknown): q is ZoneQuery {
  if (typeof q !== 'object' || q === null) return false;
  const r = q as Record<string, unknown>;
  return (
    typeof r.filter === 'string' &&
    r.filter.length <= 1000 &&
    typeof r.type === 'string' &&
    r.type.length <= 20 &&
    typeof r.sort === 'string' &&
    SORT_KEYS.includes(r.sort) &&
    (r.dir === 1 || r.dir === -1)
  );
}

/** Narrows an unknown webview message to a ZoneAction. */
export function isZoneAction(m: unknown): m is ZoneAction {
  if (!isMessage(m)) return false;
  switch (m.type) {
    case 'rows':
      return isIndex(m.seq) && isIndex(m.from) && isIndex(m.count);
    case 'query':
      return isQuery(m.query);
    case 'expand':
      return isIndex(m.index);
    case 'copy':
      return m.format === 'dig' || m.format === 'text';
    case 'export':
      return m.format === 'zone' || m.format === 'csv' || m.format === 'json';
    case 'rerun':
      return true;
    default:
      return false;
  }
}
