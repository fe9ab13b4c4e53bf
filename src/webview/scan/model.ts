// What the scan panel holds: the scan's messages so far and the user's sort, filter and "Show closed".
import type { ScanPortResult, ScanProgress } from '../../core/scan/types';
import type { ScanDone, ScanStart } from '../../ui/webviews/scan/protocol';

export type SortKey = 'port' | 'address' | 'state' | 'service' | 'rttMs' | 'banner';

export interface ScanModel {
  start: ScanStart | undefined;
  rows: ScanPortResult[];
  progress: ScanProgress | undefined;
  done: ScanDone | undefined;
  sort: { key: SortKey; dir: 1 | -1 };
  filter: string;
  showClosed: boolean;
}

const STATE_ORDER: Readonly<Record<string, number>> = { open: 0, filtered: 1, error: 2, closed: 3 };

function value(r: ScanPortResult, key: SortKey): string | number {
  switch (key) {
    case 'state':
      return STATE_ORDER[r.state] ?? 9;
    case 'banner':
      return r.banner ? r.banner.text : '';
    case 'rttMs':
      return typeof r.rttMs === 'number' ? r.rttMs : Infinity;
    case 'port':
      return r.port;
    case 'address':
      return r.address;
    case 'service':
      return r.service ?? '';
  }
}

/** The rows that pass the filter and "Show closed", in the chosen order. */
export function visibleRows(m: ScanModel): ScanPortResult[] {
  const f = m.filter.trim().toLowerCase();
  const shown = m.rows.filter(
    r =>
      (m.showClosed || r.state !== 'closed') &&
      (!f || [r.port, r.address, r.state, r.service ?? '', r.banner ? r.banner.text : '', r.errno ?? ''].some(v => String(v).toLowerCase().includes(f))),
  );
  const { key, dir } = m.sort;
  return shown.sort((a, b) => {
    const x = value(a, key);
    const y = value(b, key);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return (c || a.port - b.port || a.address.localeCompare(b.address)) * dir;
  });
}
