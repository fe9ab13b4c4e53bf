// The zone panel's listing on the host side: which records a query lists, in which order, and the rows the
// webview asks for (cut values, at most ZONE_ROWS_PER_MESSAGE at once). Pure: no vscode.
import type { DnsRecord } from '../../../core/dns/types';
import type { ZoneQuery, ZoneRow, ZoneSummary } from './protocol';
import { ZONE_DATA_CHARS, ZONE_ROWS_PER_MESSAGE } from './protocol';

/** The query a newly shown transfer starts with: every record, in transfer order. */
export const DEFAULT_ZONE_QUERY: ZoneQuery = { filter: '', type: '', sort: 'order', dir: 1 };

/** Records per type, most first (ties by name). */
export function typeCounts(records: readonly DnsRecord[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** `dig` for the same transfer. */
export function digAxfr(zone: string, server: { address: string; port: number }): string {
  return `dig @${server.address}${server.port === 53 ? '' : ` -p ${server.port}`} ${zone.replace(/\.$/, '') || '.'} AXFR`;
}

/** The summary of a transfer (the facts that stay whatever the records kept). */
export function zoneSummary(r: {
  zone: string;
  server: ZoneSummary['server'];
  serial?: number;
  records: readonly DnsRecord[];
  recordCount: number;
  messages: number;
  sizeBytes: number;
  elapsedMs: number;
}): ZoneSummary {
  return {
    zone: r.zone,
    server: r.server,
    ...(r.serial !== undefined ? { serial: r.serial } : {}),
    recordCount: r.recordCount,
    messages: r.messages,
    sizeBytes: r.sizeBytes,
    elapsedMs: r.elapsedMs,
    types: typeCounts(r.records),
    dig: digAxfr(r.zone, r.server),
  };
}

function sortValue(r: DnsRecord, key: ZoneQuery['sort']): string | number {
  switch (key) {
    case 'name':
      return r.name.toLowerCase();
    case 'ttl':
      return r.ttl;
    case 'type':
      return r.type;
    case 'data':
      return r.data;
    case 'order':
      return 0;
  }
}

/** The indexes (into `records`) a query lists, in its order. Sorting is stable: ties keep transfer order. */
export function listRecords(records: readonly DnsRecord[], q: ZoneQuery): Uint32Array {
  const f = q.filter.trim().toLowerCase();
  const type = q.type.trim().toUpperCase();
  const picked: number[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (!r) continue;
    if (type && r.type !== type) continue;
    if (f && !r.name.toLowerCase().includes(f) && !r.type.toLowerCase().includes(f) && !r.data.toLowerCase().includes(f)) continue;
    picked.push(i);
  }
  if (q.sort !== 'order') {
    const keys = picked.map(i => sortValue(records[i], q.sort));
    const order = picked.map((_, k) => k);
    order.sort((a, b) => {
      const x = keys[a] ?? '';
      const y = keys[b] ?? '';
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : x < y ? -1 : x > y ? 1 : 0;
      return c * q.dir || a - b;
    });
    return Uint32Array.from(order, k => picked[k] ?? 0);
  }
  const out = Uint32Array.from(picked);
  return q.dir === -1 ? out.reverse() : out;
}

/** Row `index` of the listing, its data cut at ZONE_DATA_CHARS unless `whole`. */
export function zoneRow(records: readonly DnsRecord[], listing: Uint32Array, index: number, whole = false): ZoneRow | undefined {
  const at = listing[index];
  const r = at === undefined ? undefined : records[at];
  if (!r) return undefined;
  const cut = !whole && r.data.length > ZONE_DATA_CHARS;
  return {
    index,
    name: r.name,
    ttl: r.ttl,
    class: r.class,
    type: r.type,
    data: cut ? r.data.slice(0, ZONE_DATA_CHARS) : r.data,
    ...(cut ? { full: r.data.length } : {}),
  };
}

/** The rows `from`… the webview asked for: never more than ZONE_ROWS_PER_MESSAGE. */
export function zoneRows(records: readonly DnsRecord[], listing: Uint32Array, from: number, count: number): ZoneRow[] {
  const end = Math.min(listing.length, from + Math.min(count, ZONE_ROWS_PER_MESSAGE));
  const rows: ZoneRow[] = [];
  for (let i = from; i < end; i++) {
    const row = zoneRow(records, listing, i);
    if (row) rows.push(row);
  }
  return rows;
}

/** Records as a zone file (dig's AXFR layout: name, TTL, class, type, data). */
export function zoneFileText(records: readonly DnsRecord[]): string {
  return `${records.map(r => `${r.name}\t${r.ttl}\t${r.class}\t${r.type}\t${r.data}`).join('\n')}\n`;
}
