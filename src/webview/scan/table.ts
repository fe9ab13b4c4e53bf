// The scan table: sortable headers, one row per port (banners in a disclosure), and a note on hidden rows.
import type { ScanPortResult } from '../../core/scan/types';
import { el, icon } from '../common/dom';
import { gridTable, row } from '../common/table';
import type { ScanModel, SortKey } from './model';
import { visibleRows } from './model';
import { formatCount, formatDuration } from '../../core/text/units';

/** Most rows in the DOM (the filter finds the others). */
const LIMIT = 5000;
const STATE_ICON: Readonly<Record<string, string>> = { open: 'pass-filled', closed: 'circle-slash', filtered: 'watch', error: 'error' };
const COLUMNS: ReadonlyArray<{ key: SortKey; label: string }> = [
  { key: 'port', label: 'Port' },
  { key: 'address', label: 'Address' },
  { key: 'state', label: 'State' },
  { key: 'service', label: 'Service' },
  { key: 'rttMs', label: 'Time' },
  { key: 'banner', label: 'Banner' },
];

export interface TableActions {
  sortBy(key: SortKey): void;
  addTarget(r: ScanPortResult): void;
}

const fmtMs = (v: number | undefined): string => (typeof v !== 'number' ? '' : formatDuration(v));

function headCell(c: { key: SortKey; label: string }, m: ScanModel, actions: TableActions): HTMLTableCellElement {
  const sorted = m.sort.key === c.key;
  const th = el('th', { 'aria-sort': sorted ? (m.sort.dir > 0 ? 'ascending' : 'descending') : 'none', tabindex: '0' }, c.label);
  if (sorted) th.append(icon(m.sort.dir > 0 ? 'triangle-up' : 'triangle-down'));
  th.addEventListener('click', () => actions.sortBy(c.key));
  th.addEventListener('keydown', e => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      actions.sortBy(c.key);
    }
  });
  return th;
}

function bannerCell(r: ScanPortResult): HTMLTableCellElement {
  const td = el('td', { class: 'banner' });
  if (!r.banner) return td;
  const text = r.banner.text.length > 200 ? `${r.banner.text.slice(0, 200)}…` : r.banner.text;
  const details = el('details', {}, el('summary', {}, text.split('\n')[0] || '(binary)'));
  details.append(el('pre', {}, r.banner.text), el('pre', { class: 'hex' }, r.banner.hex.replace(/(..)/g, '$1 ').trim()));
  td.append(details);
  return td;
}

function portRow(r: ScanPortResult, actions: TableActions): HTMLTableRowElement {
  const add = el('button', { class: 'icon', title: `Add ${r.address}:${r.port} to Targets`, 'aria-label': 'Add to Targets' }, icon('add'));
  add.addEventListener('click', () => actions.addTarget(r));
  const why = r.errno && r.state !== 'closed' && r.state !== 'open' ? ` (${r.errno})` : '';
  return row(
    [
      el('td', { class: 'num' }, `${r.port}/tcp`),
      r.address,
      el('span', { class: `state state-${r.state}` }, icon(STATE_ICON[r.state] ?? 'question'), r.state + why),
      r.service ?? '',
      el('td', { class: 'num' }, fmtMs(r.rttMs)),
      bannerCell(r),
      el('td', { class: 'actions' }, r.state === 'open' ? add : ''),
    ],
    { class: `state-${r.state}` },
  );
}

/** The table and its note; the table has id `ports`. */
export function scanTable(m: ScanModel, actions: TableActions): HTMLElement[] {
  const list = visibleRows(m);
  const head = el('tr', {}, ...COLUMNS.map(c => headCell(c, m, actions)), el('th', {}, ''));
  const t = gridTable(
    head,
    list.slice(0, LIMIT).map(r => portRow(r, actions)),
    ['fit', 'name', 'fit', 'fit', 'fit', 'data', 'fit'],
    { class: 'grid', id: 'ports' },
  );
  const hidden = m.rows.length - list.length;
  const note: string[] = [];
  if (list.length > LIMIT) note.push(`showing the first ${LIMIT} of ${list.length} rows (use the filter)`);
  if (hidden > 0) note.push(`${formatCount(hidden, 'row')} hidden by the filter or "Show closed"`);
  const done = m.done;
  if (done?.counts && !m.rows.some(r => r.state === 'closed') && done.counts.closed > 0)
    note.push(`${formatCount(done.counts.closed, 'closed port')} not listed`);
  if (!list.length && done) note.unshift('No port matches.');
  return [t, el('p', { class: 'muted', id: 'table-note' }, note.join(' · '))];
}
