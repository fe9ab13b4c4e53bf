// The monitor's toolbar, its virtualised datagram list (newest first, only the rows in sight in the DOM) and the
// datagram opened in full. Payloads are text only.
import type { PacketPreview } from '../../core/udp/format';
import type { MonitorAction } from '../../ui/webviews/monitor/protocol';
import { checkBox, filterBox } from '../common/controls';
import { button, el } from '../common/dom';
import { fromBase64, hexView } from '../common/hex';
import { virtualList } from '../common/virtual';
import { formatByteCount, formatBytes } from '../../core/text/units';
import type { MonitorModel } from './model';
import { source, visiblePackets } from './model';

const ROW_HEIGHT = 22;

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
    bar.append(
      button(
        m.paused ? 'Resume' : 'Pause',
        m.paused ? 'debug-continue' : 'debug-pause',
        () => {
          m.paused = !m.paused;
          actions.post({ type: 'pause', paused: m.paused });
          actions.pausedChanged();
        },
        'secondary',
      ),
    );
    bar.append(button('Stop', 'debug-stop', () => actions.post({ type: 'stop' })));
  }
  bar.append(
    button('Clear', 'clear-all', () => actions.post({ type: 'clear' }), 'secondary'),
    button('Export CSV', 'export', () => actions.post({ type: 'export', format: 'csv', filter: m.filter }), 'secondary'),
    button('Export JSON', 'json', () => actions.post({ type: 'export', format: 'json', filter: m.filter }), 'secondary'),
  );
  bar.append(
    filterBox('Filter by source (address or :port)', 'Filter by source', m.filter, text => {
      m.filter = text;
      actions.refilter();
    }),
    checkBox('Hex', 'show-hex', m.showHex, on => {
      m.showHex = on;
      actions.refilter();
    }),
  );
  return bar;
}

function cell(cls: string, text: string): HTMLSpanElement {
  return el('span', { class: cls }, text);
}

function packetRow(p: PacketPreview, m: MonitorModel, open: (seq: number) => void): HTMLElement {
  const hex = m.showHex || !p.printable;
  const r = el(
    'div',
    { class: `mon-row${m.selected === p.seq ? ' selected' : ''}`, role: 'row', title: 'Open the whole datagram' },
    cell('num', String(p.seq)),
    cell('time', clock(p.time)),
    cell('src', source(p)),
    cell('num', formatBytes(p.size)),
    cell(hex ? 'payload hex' : 'payload', hex ? `${p.hex}` : p.text),
  );
  r.addEventListener('click', () => open(p.seq));
  return r;
}

/**
 * The note (when there is one), the column heads and the virtualised list of datagrams, newest first; clicking a
 * row opens it. `rows`: how many datagrams the list holds (those matching the filter).
 */
export function packetTable(m: MonitorModel, open: (seq: number) => void): { nodes: HTMLElement[]; rows: number } {
  const list = visiblePackets(m);
  const total = m.packets.length;
  const note =
    list.length !== total
      ? `${list.length} of ${total} datagrams match the filter.`
      : total
        ? ''
        : m.active
          ? 'Waiting for datagrams…'
          : 'No datagrams arrived.';
  const nodes: HTMLElement[] = note ? [el('p', { class: 'empty', id: 'note' }, note)] : [];
  if (list.length) {
    const head = el(
      'div',
      { class: 'mon-row mon-head', role: 'row' },
      cell('num', '#'),
      cell('time', 'Time'),
      cell('src', 'Source'),
      cell('num', 'Size'),
      cell('payload', m.showHex ? 'Payload (hex, first bytes)' : 'Payload (first bytes)'),
    );
    for (const c of Array.from(head.children)) c.setAttribute('role', 'columnheader');
    const last = list.length - 1;
    nodes.push(
      el(
        'div',
        { class: 'mon-list', id: 'packets', role: 'table' },
        head,
        virtualList({
          count: list.length,
          rowHeight: ROW_HEIGHT,
          maxHeight: 480,
          className: 'mon-rows',
          row: r => packetRow(list[last - r], m, open),
        }),
      ),
    );
  }
  return { nodes, rows: list.length };
}

/** The datagram opened in full: where it came from, its text when printable, and its hex dump. */
export function packetDetail(m: MonitorModel): HTMLElement[] {
  const d = m.detail;
  if (m.selected === undefined) return [];
  if (!d || d.seq !== m.selected) return [el('p', { class: 'empty', id: 'detail' }, `Fetching datagram #${m.selected}…`)];
  if (!d.packet) return [el('p', { class: 'empty', id: 'detail' }, d.missing ?? 'Not available.')];
  const p = d.packet;
  const box = el(
    'div',
    { id: 'detail', class: 'detail' },
    el('h2', {}, `Datagram #${p.seq} from ${source(p)} — ${formatByteCount(p.size)} at ${clock(p.time)}`),
  );
  if (p.printable) box.append(el('pre', { class: 'payload-text' }, p.text));
  box.append(hexView(fromBase64(p.base64)));
  return [box];
}
