// A virtualised list of fixed-height rows: only the rows in sight are in the DOM, whatever the count.
import { el } from './dom';

export interface VirtualListSpec {
  /** How many rows there are. */
  count: number;
  /** Each row's height in px (every row is this high). */
  rowHeight: number;
  /** The scroll box's height when all rows do not fit, in px. */
  maxHeight: number;
  /** Builds row `index` (called only for rows in sight). */
  row(index: number): HTMLElement;
  /** Extra class of the scroll box (it always has `virtual`). */
  className: string;
  /** Called after each rendering with the rows in sight (`first` to `end`, exclusive). */
  onRange?(first: number, end: number): void;
}

/** A virtual list with its controls: re-render the rows in sight (their data arrived), scroll to a row. */
export interface VirtualRows {
  element: HTMLDivElement;
  /** Renders the rows in sight again. */
  refresh(): void;
  /** Scrolls so that row `index` is the first in sight. */
  scrollTo(index: number): void;
  /** The rows in sight now: `first` to `end` (exclusive). */
  range(): { first: number; end: number };
}

/**
 * A focusable scroll box (`.virtual`, styles in media/common/base.css) holding a spacer as high as every row
 * together and a layer (`.virtual-rows`) with only the rows in sight, moved into place on each scroll.
 */
export function virtualRows(spec: VirtualListSpec): VirtualRows {
  const { count, rowHeight, maxHeight, className } = spec;
  const outer = el('div', { class: `virtual ${className}`, tabindex: '0' });
  outer.style.height = `${Math.min(count * rowHeight + 4, maxHeight)}px`;
  const spacer = el('div', { class: 'virtual-spacer' });
  spacer.style.height = `${count * rowHeight}px`;
  const layer = el('div', { class: 'virtual-rows' });
  spacer.append(layer);
  outer.append(spacer);
  const range = (): { first: number; end: number } => {
    const first = Math.min(Math.max(0, count - 1), Math.max(0, Math.floor(outer.scrollTop / rowHeight)));
    const inSight = Math.ceil((outer.clientHeight || maxHeight) / rowHeight) + 2;
    return { first, end: Math.min(count, first + inSight) };
  };
  const render = (): void => {
    const { first, end } = range();
    layer.style.transform = `translateY(${first * rowHeight}px)`;
    const nodes: HTMLElement[] = [];
    for (let r = first; r < end; r++) nodes.push(spec.row(r));
    layer.replaceChildren(...nodes);
    spec.onRange?.(first, end);
  };
  outer.addEventListener('scroll', render);
  render();
  return {
    element: outer,
    refresh: render,
    scrollTo: index => {
      outer.scrollTop = Math.max(0, Math.min(count - 1, index)) * rowHeight;
      render();
    },
    range,
  };
}

/** A virtual list's scroll box (see {@link virtualRows}). */
export function virtualList(spec: VirtualListSpec): HTMLDivElement {
  return virtualRows(spec).element;
}
