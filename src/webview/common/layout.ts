// What the tests measure in a panel's page (a `measure` message): whether the page scrolls sideways, and how wide
// every table and its columns are, in px and in characters of the font the cells use.
import type { ColumnLayout, LayoutReport, TableLayout } from '../../ui/webviews/protocol';

let canvas: HTMLCanvasElement | undefined;

/** The width of a `0` in the font `cell` uses (CSS `ch`). */
function charWidth(cell: Element | null): number {
  canvas ??= document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return 8;
  ctx.font = getComputedStyle(cell ?? document.body).font;
  return ctx.measureText('0').width || 8;
}

/** The width of an element's content (without its padding). */
function contentWidth(e: Element): number {
  const s = getComputedStyle(e);
  return e.getBoundingClientRect().width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
}

/** A table's name: its id, else the heading of the section holding it. */
function tableLabel(t: Element): string {
  if (t.id) return t.id;
  const heading = t.closest('section')?.querySelector('h2');
  return heading?.textContent?.trim() ?? '';
}

function columns(heads: Element[], dataCell: Element | null): ColumnLayout[] {
  const ch = charWidth(dataCell);
  return heads.map(h => {
    const width = contentWidth(h);
    return { label: (h.textContent ?? '').trim(), width: Math.round(width), chars: Math.round((width / ch) * 10) / 10 };
  });
}

/** `<table>`s (columns from the first row) and grid tables of `role="table"` (columns from `role="columnheader"`). */
function tables(): TableLayout[] {
  const out: TableLayout[] = [];
  for (const t of Array.from(document.querySelectorAll('table'))) {
    const first = t.rows[0];
    if (!first) continue;
    const box = t.parentElement?.classList.contains('table-box') ? t.parentElement : t;
    out.push({
      label: tableLabel(t),
      boxWidth: Math.round(box.clientWidth),
      scrollWidth: Math.round(box.scrollWidth),
      columns: columns(Array.from(first.cells), t.querySelector('td')),
    });
  }
  for (const t of Array.from(document.querySelectorAll('[role="table"]'))) {
    const heads = Array.from(t.querySelectorAll('[role="columnheader"]'));
    out.push({
      label: tableLabel(t),
      boxWidth: Math.round(t.clientWidth),
      scrollWidth: Math.round(t.scrollWidth),
      columns: columns(heads, t.querySelector('[role="cell"], .c-data')),
    });
  }
  return out;
}

/** A cell's whole text is one duration or size, as core's units module writes them. */
const QUANTITY = /^-?[\d.]+ (ms|s|min|h|bytes?|KiB|MiB|GiB|TiB)$/;

/** The table cells holding a single quantity that the browser broke over two lines or more. */
function wrappedQuantities(): string[] {
  const out: string[] = [];
  for (const td of Array.from(document.querySelectorAll('td'))) {
    const text = (td.textContent ?? '').trim();
    if (!QUANTITY.test(text)) continue;
    const range = document.createRange();
    range.selectNodeContents(td);
    const lines = new Set(
      Array.from(range.getClientRects())
        .filter(r => r.width > 0)
        .map(r => Math.round(r.top)),
    );
    if (lines.size > 1) out.push(text);
  }
  return out;
}

/** Measures the page as it is laid out now. */
export function measureLayout(): LayoutReport {
  const root = document.documentElement;
  return {
    viewportWidth: root.clientWidth,
    pageScrollWidth: root.scrollWidth,
    charWidth: Math.round(charWidth(document.querySelector('td')) * 100) / 100,
    tables: tables(),
    wrappedQuantities: wrappedQuantities(),
  };
}
