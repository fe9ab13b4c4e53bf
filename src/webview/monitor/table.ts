// The monitor's toolbar and datagram table (newest first, at most LIMIT rows). Payloads are text only.
import type { PacketJson } from '../../core/udp/format';
import type { MonitorAction } from '../../ui/webviews/monitor/protocol';
import { checkBox, filterBox } from '../common/controls';
import { button, el } from '../common/dom';
import { gridTable, row } from '../common/table';
import type { MonitorModel } from './model';
import { source, visiblePackets } from './model';
import { formatBytes } from '../../core/text/units';

/** Most datagram rows in the DOM. */
const LIMIT = 2000;

const clock = (t: number): string => {
  const d = new Date(t);
  return `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
};

export interface ToolbarActions {
  post(action: MonitorAction): void;
  /** Pause or Resume was pressed (the model already says which). */
  pausedChanged(): void;
  /** The filter or the Hex box changed. */
  refilter(): void;
}

export function toolbar(m: MonitorModel, actions: ToolbarActions): HTMLElement {
  const bar = el('div', { class: 'toolbar' });
  if (m.active) {
    bar.append(button(m.paused ? 'Resume' : 'Pause', m.paused ? 'debug-continue' : 'debug-pause', () => {
      m.paused = !m.paused;
      actions.post({ type: 'pause', paused: m.paused });
      actions.pausedChanged();
    }, 'secondary'));
    bar.append(button('Stop', 'debug-stop', () => actions.post({ type: 'stop' })));
  }
  bar.append(
    button('Clear', 'clear-all', () => actions.post({ type: 'clear' }), 'secondary'),
    button('Export CSV', 'export', () => actions.post({ type: 'export', format: 'csv', filter: m.filter }), 'secondary'),
    button('Export JSON', 'json', () => actions.post({ type: 'export', format: 'json', filter: m.filter }), 'secondary'),
  );
  bar.append(
    filterBox('Filter by source (address or :port)', 'Filter by source', m.filter, text => { m.filter = text; actions.refilter(); }),
    checkBox('Hex', 'show-hex', m.showHex, on => { m.showHex = on; actions.refilter(); }),
  );
  return bar;
}

function packetRow(p: PacketJson, showHex: boolean): HTMLTableRowElement {
  const payload = showHex || !p.printable ? el('td', { class: 'payload hex' }, p.hex) : el('td', { class: 'payload' }, p.text);
  return row([el('td', { class: 'num' }, p.seq), el('td', { class: 'time' }, clock(p.time)), source(p), el('td', { class: 'num' }, formatBytes(p.size)), payload]);
}

/** The note (when there is one) and the table of the newest datagrams; `rows`: how many rows it shows. */
export function packetTable(m: MonitorModel): { nodes: HTMLElement[]; rows: number } {
  const list = visiblePackets(m);
  const shown = list.slice(-LIMIT).reverse();
  const t = gridTable(['#', 'Time', 'Source', 'Size', m.showHex ? 'Payload (hex)' : 'Payload'], shown.map(p => packetRow(p, m.showHex)), ['fit', 'fit', 'name', 'fit', 'data'], { class: 'grid', id: 'packets' });
  const total = m.packets.length;
  const note = list.length !== total ? `${list.length} of ${total} datagrams match the filter.` : total ? '' : (m.active ? 'Waiting for datagrams…' : 'No datagrams arrived.');
  return { nodes: [...(note ? [el('p', { class: 'empty', id: 'note' }, note)] : []), ...(shown.length ? [t] : [])], rows: shown.length };
}
