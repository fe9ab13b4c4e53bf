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
}

/**
 * A focusable scroll box (`.virtual`, styles in media/common/base.css) holding a spacer as high as every row
 * together and a layer (`.virtual-rows`) with only the rows in sight, moved into place on each scroll.
 */
export function virtualList(spec: VirtualListSpec): HTMLDivElement {
  const { count, rowHeight, maxHeight, className } = spec;
  const outer = el('div', { class: `virtual ${className}`, tabindex: '0' });
  outer.style.height = `${Math.min(count * rowHeight + 4, maxHeight)}px`;
  const spacer = el('div', { class: 'virtual-spacer' });
  spacer.style.height = `${count * rowHeight}px`;
  const layer = el('div', { class: 'virtual-rows' });
  spacer.append(layer);
  outer.append(spacer);
  const render = (): void => {
    const first = Math.max(0, Math.floor(outer.scrollTop / rowHeight));
    const inSight = Math.ceil((outer.clientHeight || maxHeight) / rowHeight) + 2;
    layer.style.transform = `translateY(${first * rowHeight}px)`;
    const nodes: HTMLElement[] = [];
    for (let r = first; r < Math.min(count, first + inSight); r++) nodes.push(spec.row(r));
    layer.replaceChildren(...nodes);
  };
  outer.addEventListener('scroll', render);
  render();
  return outer;
}
