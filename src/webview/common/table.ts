// Table builders shared by the panels (classes from media/common/base.css: `kv`, `grid`, `table-box`, `col-*`).
// Tables fit their view: each sits in a box that scrolls sideways by itself (never the page), and each column
// says how it gives way when the view is narrow (ColumnKind): short values keep their column narrow, names wrap
// at their dots, the data column keeps at least ~20 characters.
import type { ColumnKind } from '../../ui/webviews/protocol';
import type { Attrs, Child } from './dom';
import { el } from './dom';
import { breakable } from './wrap';

/** A cell: a ready `<td>`/`<th>` as it is, anything else wrapped in a `<td>`. */
export type Cell = Child | HTMLTableCellElement;

/** The box a table scrolls in when it cannot be made narrower than its view. */
function tableBox(t: HTMLTableElement): HTMLDivElement {
  return el('div', { class: 'table-box' }, t);
}

/** The direct text nodes of `cell` with break opportunities after dots, colons and slashes. */
function makeBreakable(cell: HTMLTableCellElement): void {
  for (const n of Array.from(cell.childNodes)) {
    if (n.nodeType === Node.TEXT_NODE) n.replaceWith(breakable(n.textContent ?? ''));
  }
}

/** Names keep up to this many characters on one line while the view has room. */
const NAME_CHARS = 32;

/**
 * The min-width of a `name` column whose longest value has `chars` characters: all of it (at most 32), or what
 * the view leaves beside ~64 characters for the other columns, but never less than a fifth of the view.
 */
function nameMinWidth(chars: number): string {
  return `min(${Math.min(chars, NAME_CHARS) + 1}ch, max(20vw, 100vw - 64ch))`;
}

/**
 * Gives each column of `t` its kind (`col-<kind>` on every cell) and break opportunities in the text of the cells
 * that may wrap; a `name` column gets the min-width of {@link nameMinWidth} on its first cell.
 */
export function applyColumnKinds(t: HTMLTableElement, kinds: readonly ColumnKind[]): void {
  const names = new Map<number, { cells: HTMLTableCellElement[]; longest: number }>();
  const filled = new Set<number>();
  let bodyRows = 0;
  for (const tr of Array.from(t.rows)) {
    if (tr.parentElement?.tagName !== 'THEAD') bodyRows++;
    Array.from(tr.cells).forEach((cell, i) => {
      if (cell.tagName === 'TD' && cell.hasChildNodes() && cell.textContent !== '') filled.add(i);
      else if (cell.tagName === 'TD' && cell.querySelector('button')) filled.add(i);
      const kind = kinds[i];
      if (!kind) return;
      cell.classList.add(`col-${kind}`);
      if (kind === 'fit') return;
      if (cell.tagName === 'TD') makeBreakable(cell);
      if (kind !== 'name') return;
      const col = names.get(i) ?? { cells: [], longest: 0 };
      col.cells.push(cell);
      if (cell.tagName === 'TD') col.longest = Math.max(col.longest, (cell.textContent ?? '').length);
      names.set(i, col);
    });
  }
  if (bodyRows > 0 && t.tHead) hideEmptyColumns(t, filled);
  for (const { cells, longest } of names.values()) {
    const first = cells.find(c => c.tagName === 'TD');
    if (first && longest > 0) first.style.minWidth = nameMinWidth(longest);
  }
}

/** Hides the columns of a table with a header whose body cells are all empty (`col-empty`): they only take room. */
function hideEmptyColumns(t: HTMLTableElement, filled: ReadonlySet<number>): void {
  const width = t.rows[0]?.cells.length ?? 0;
  if (filled.size >= width) return;
  for (const tr of Array.from(t.rows)) {
    Array.from(tr.cells).forEach((cell, i) => {
      if (!filled.has(i)) cell.classList.add('col-empty');
    });
  }
}

/** A key/value table (`table.kv`) in its box: keys in `<th>` (wrap at spaces), values as text that may wrap. */
export function kvTable(rows: Iterable<readonly [string, Child]>, attrs: Attrs = { class: 'kv' }): HTMLDivElement {
  const t = el('table', attrs);
  for (const [k, v] of rows) t.append(el('tr', {}, el('th', {}, k), el('td', {}, v)));
  applyColumnKinds(t, ['text', 'data']);
  return tableBox(t);
}

/** A table row; cells that are not `<td>`/`<th>` elements are wrapped in a `<td>`. */
export function row(cells: readonly Cell[], attrs: Attrs = {}): HTMLTableRowElement {
  return el('tr', attrs, ...cells.map(c => (c instanceof HTMLTableCellElement ? c : el('td', {}, c))));
}

/** A header row: labels in `<th>` (ready cells as they are). */
export function headRow(cells: readonly Cell[]): HTMLTableRowElement {
  return el('tr', {}, ...cells.map(c => (c instanceof HTMLTableCellElement ? c : el('th', {}, c))));
}

/**
 * A data table (`table.grid` unless `attrs` says otherwise) with a `<thead>` and a `<tbody>`, in the box it
 * scrolls in; `kinds` says how each column gives way (see {@link applyColumnKinds}).
 */
export function gridTable(
  head: HTMLTableRowElement | readonly Cell[],
  rows: Iterable<HTMLTableRowElement>,
  kinds: readonly ColumnKind[],
  attrs: Attrs = { class: 'grid' },
): HTMLDivElement {
  const body = el('tbody');
  for (const r of rows) body.append(r);
  const t = el('table', attrs, el('thead', {}, head instanceof HTMLTableRowElement ? head : headRow(head)), body);
  applyColumnKinds(t, kinds);
  return tableBox(t);
}

/** A table without a header row (a single line of facts), in its box, its columns given way as `kinds` say. */
export function bareTable(rows: Iterable<HTMLTableRowElement>, kinds: readonly ColumnKind[], attrs: Attrs = { class: 'grid' }): HTMLDivElement {
  const t = el('table', attrs, el('tbody', {}, ...rows));
  applyColumnKinds(t, kinds);
  return tableBox(t);
}
