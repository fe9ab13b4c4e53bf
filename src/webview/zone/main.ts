// Zone-transfer panel (src/ui/webviews/zone/protocol.ts): a virtualised table of fixed-height rows whose data the
// host sends on demand, a few hundred at a time, as the table scrolls. Everything from the wire is text only.
import type { ToZoneWebview, ZoneAction, ZoneQuery, ZoneRenderedId, ZoneRow, ZoneSortKey, ZoneSummary } from '../../ui/webviews/zone/protocol';
import { ZONE_ROWS_PER_MESSAGE } from '../../ui/webviews/zone/protocol';
import { formatBytes, formatDuration, plural } from '../../core/text/units';
import { connect } from '../common/channel';
import { filterBox } from '../common/controls';
import { appRoot, button, el, icon } from '../common/dom';
import type { VirtualRows } from '../common/virtual';
import { virtualRows } from '../common/virtual';

const ROW_HEIGHT = 22;
const COLUMNS: ReadonlyArray<[ZoneSortKey, string]> = [
  ['name', 'Name'],
  ['ttl', 'TTL'],
  ['type', 'Class / Type'],
  ['data', 'Data'],
];

const app = appRoot();
let id = '';
let summary: ZoneSummary | undefined;
let kept = 0;
let listed = 0;
let query: ZoneQuery = { filter: '', type: '', sort: 'order', dir: 1 };
let rows = new Map<number, ZoneRow>();
let list: VirtualRows | undefined;
let seq = 0;
let pending: { seq: number; from: number } | undefined;
let expanded: ZoneRow | undefined;
let wantExpand: number | undefined;
let filterTimer: ReturnType<typeof setTimeout> | undefined;

const channel = connect<ToZoneWebview, ZoneAction, ZoneRenderedId>(m => {
  switch (m.type) {
    case 'show':
      // A new transfer, or a new query: row indexes mean other records now.
      expanded = undefined;
      ({ id, summary, kept, listed, query } = m);
      rows = new Map();
      pending = undefined;
      render();
      break;
    case 'rows':
      if (m.seq !== pending?.seq) return;
      pending = undefined;
      listed = m.listed;
      for (const r of m.rows) rows.set(r.index, r);
      list?.refresh();
      break;
    case 'value':
      expanded = m.row;
      renderDetail();
      report();
      break;
    case 'reveal':
      list?.scrollTo(m.index);
      wantExpand = m.expand ? m.index : undefined;
      if (m.expand) expand(m.index);
      break;
  }
});

const post = (a: ZoneAction) => (): void => channel.post(a);
const setQuery = (q: Partial<ZoneQuery>): void => {
  query = { ...query, ...q };
  channel.post({ type: 'query', query });
};

function expand(index: number): void {
  channel.post({ type: 'expand', index });
}

/** Asks the host for the rows in sight that the page does not have yet (one request at a time). */
function fetchRange(first: number, end: number): void {
  let from = first;
  while (from < end && rows.has(from)) from++;
  if (from >= end || pending) return;
  pending = { seq: ++seq, from };
  channel.post({ type: 'rows', seq: pending.seq, from, count: Math.min(ZONE_ROWS_PER_MESSAGE, Math.max(end - from, 50)) });
}

function rowElement(index: number): HTMLElement {
  const r = rows.get(index);
  if (!r) return el('div', { class: 'zrow loading' }, el('span', { class: 'c-name muted' }, '…'));
  const data = el('span', { class: 'c-data', title: r.full ? `${r.full} characters: open the row to see it whole` : r.data }, r.data);
  const line = el(
    'div',
    { class: `zrow${expanded?.index === index ? ' open' : ''}`, 'data-index': String(index), title: 'Click to see the whole record' },
    el('span', { class: 'c-name', title: r.name }, r.name),
    el('span', { class: 'c-ttl' }, String(r.ttl)),
    el('span', { class: 'c-type' }, `${r.class} `, el('b', {}, r.type)),
    data,
  );
  // Any row opens whole below the table (a value cut by the column's width too); a long one says how much is cut.
  line.addEventListener('click', () => expand(index));
  if (r.full) {
    const more = button(
      `+${r.full - r.data.length}`,
      'unfold',
      e => {
        e.stopPropagation();
        expand(index);
      },
      'icon expander',
    );
    more.setAttribute('aria-label', `Show the whole value (${r.full} characters)`);
    line.append(more);
  }
  return line;
}

function renderDetail(): void {
  const host = document.getElementById('detail');
  if (!host) return;
  if (!expanded) {
    host.replaceChildren();
    return;
  }
  const r = expanded;
  host.replaceChildren(
    el(
      'section',
      { class: 'section detail' },
      el(
        'h2',
        {},
        `Row ${r.index + 1}: ${r.name} ${r.type} (${r.data.length} characters)`,
        ' ',
        button(
          'Close',
          'close',
          () => {
            expanded = undefined;
            renderDetail();
            list?.refresh();
          },
          'secondary',
        ),
      ),
      el('pre', { class: 'value', id: 'value' }, r.data),
    ),
  );
  list?.refresh();
}

function header(s: ZoneSummary): HTMLElement[] {
  const size = formatBytes(s.sizeBytes);
  const time = formatDuration(s.elapsedMs);
  const held = kept < s.recordCount ? ` The panel holds ${kept.toLocaleString()} of them.` : '';
  const types = el('div', { class: 'badges', id: 'types' });
  for (const [t, n] of s.types) {
    const b = el('button', { class: `badge type${query.type === t ? ' active' : ''}`, title: `Only ${t} records` }, `${t} ${n.toLocaleString()}`);
    b.addEventListener('click', () => setQuery({ type: query.type === t ? '' : t }));
    types.append(b);
  }
  return [
    el('h1', { class: 'status-ok' }, icon('pass'), `Zone ${s.zone}`),
    el(
      'p',
      { class: 'summary', id: 'summary' },
      `${s.recordCount.toLocaleString()} ${plural(s.recordCount, 'record')} in ${s.messages.toLocaleString()} ${plural(s.messages, 'message')} (${size}) from ${s.server.address}#${s.server.port} in ${time}${s.serial !== undefined ? `; serial ${s.serial}` : ''}.${held}`,
    ),
    types,
  ];
}

function toolbar(): HTMLElement {
  const f = filterBox('Filter (name, type, data)', 'Filter records', query.filter, text => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => setQuery({ filter: text }), 150);
  });
  return el(
    'div',
    { class: 'toolbar' },
    button('Copy as dig', 'terminal', post({ type: 'copy', format: 'dig' }), 'secondary'),
    button('Copy records', 'copy', post({ type: 'copy', format: 'text' }), 'secondary'),
    button('Export zone file', 'export', post({ type: 'export', format: 'zone' }), 'secondary'),
    button('Export CSV', 'export', post({ type: 'export', format: 'csv' }), 'secondary'),
    button('Export JSON', 'json', post({ type: 'export', format: 'json' }), 'secondary'),
    button('Re-run', 'refresh', post({ type: 'rerun' }), 'secondary'),
    f,
  );
}

function columnHeads(): HTMLElement {
  const head = el('div', { class: 'zrow zhead', role: 'row' });
  const cls: Record<ZoneSortKey, string> = { order: '', name: 'c-name', ttl: 'c-ttl', type: 'c-type', data: 'c-data' };
  for (const [key, label] of COLUMNS) {
    const arrow = query.sort === key ? (query.dir > 0 ? ' ▲' : ' ▼') : '';
    const h = el('span', { class: cls[key], tabindex: '0', role: 'columnheader', title: 'Sort (again: reverse, a third time: transfer order)' }, label + arrow);
    const sort = (): void => {
      if (query.sort !== key) setQuery({ sort: key, dir: 1 });
      else if (query.dir === 1) setQuery({ dir: -1 });
      else setQuery({ sort: 'order', dir: 1 });
    };
    h.addEventListener('click', sort);
    h.addEventListener('keydown', e => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        sort();
      }
    });
    head.append(h);
  }
  return head;
}

function report(): void {
  const r = list?.range() ?? { first: 0, end: 0 };
  channel.rendered(
    { id, rows: app.querySelectorAll('.virtual-rows .zrow:not(.loading)').length, first: r.first, listed, ...(expanded ? { expanded: expanded.index } : {}) },
    app,
  );
}

function render(): void {
  if (!summary) return;
  const table = el('div', { class: 'ztable', role: 'table', 'aria-rowcount': String(listed) });
  list = virtualRows({
    count: listed,
    rowHeight: ROW_HEIGHT,
    maxHeight: Math.max(240, window.innerHeight - 260),
    className: 'zone-rows',
    row: rowElement,
    onRange: (first, end) => {
      fetchRange(first, end);
      let ready = true;
      for (let i = first; i < end; i++)
        if (!rows.has(i)) {
          ready = false;
          break;
        }
      if (ready && !pending) report();
    },
  });
  table.append(columnHeads(), list.element);
  const focus = document.activeElement?.id === 'filter';
  app.replaceChildren(
    ...header(summary),
    toolbar(),
    listed === 0 ? el('p', { class: 'empty' }, kept === 0 ? 'No records kept.' : 'No record matches the filter.') : table,
    el('div', { id: 'detail' }),
  );
  if (focus) {
    const input = document.getElementById('filter');
    if (input instanceof HTMLInputElement) {
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }
  }
  list.refresh();
  if (listed === 0) report();
  renderDetail();
  if (wantExpand !== undefined) {
    list.scrollTo(wantExpand);
    wantExpand = undefined;
  }
}
