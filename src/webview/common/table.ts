// Table builders shared by the panels (classes from media/common/base.css: `kv`, `grid`).
import type { Attrs, Child } from './dom';
import { el } from './dom';

/** A cell: a ready `<td>`/`<th>` as it is, anything else wrapped in a `<td>`. */
export type Cell = Child | HTMLTableCellElement;

/** A key/value table (`table.kv`): keys in `<th>`, values as text in `<td>`. */
export function kvTable(rows: Iterable<readonly [string, Child]>, attrs: Attrs = { class: 'kv' }): HTMLTableElement {
  const t = el('table', attrs);
  for (const [k, v] of rows) t.append(el('tr', {}, el('th', {}, k), el('td', {}, v)));
  return t;
}

/** A table row; cells that are not `<td>`/`<th>` elements are wrapped in a `<td>`. */
export function row(cells: readonly Cell[], attrs: Attrs = {}): HTMLTableRowElement {
  return el('tr', attrs, ...cells.map(c => (c instanceof HTMLTableCellElement ? c : el('td', {}, c))));
}

/** A header row: labels in `<th>` (ready cells as they are). */
export function headRow(cells: readonly Cell[]): HTMLTableRowElement {
  return el('tr', {}, ...cells.map(c => (c instanceof HTMLTableCellElement ? c : el('th', {}, c))));
}

/** A data table (`table.grid` unless `attrs` says otherwise) with a `<thead>` and a `<tbody>`. */
export function gridTable(head: HTMLTableRowElement | readonly Cell[], rows: Iterable<HTMLTableRowElement>, attrs: Attrs = { class: 'grid' }): HTMLTableElement {
  const body = el('tbody');
  for (const r of rows) body.append(r);
  return el('table', attrs, el('thead', {}, head instanceof HTMLTableRowElement ? head : headRow(head)), body);
}
