// The Wire tab of an HTTP/2 exchange: the connection's settings and its frames in both directions, decoded, one
// page at a time (the host sends pages on request), each frame's exact bytes in a hex view on demand.
// Network data is text only.
import type { ExchangeView, FramePage, FrameScope, Http2ExchangeView, Http2FrameView } from '../../ui/webviews/http/protocol';
import { FRAME_PAGE } from '../../ui/webviews/http/protocol';
import { button, el, icon } from '../common/dom';
import { fromBase64, hexView } from '../common/hex';
import { kvTable } from '../common/table';

/** Which frames the list shows; `offset` is the first frame of the page. */
export interface FrameListState {
  scope: FrameScope;
  frameType?: string;
  offset: number;
}

/** What the frame list asks of main.ts: another page (scope, type or offset changed). */
export type RequestPage = (state: FrameListState) => void;

function negotiationLine(ex: ExchangeView, h: Http2ExchangeView): HTMLElement {
  const n = ex.negotiation;
  const how = n?.asked === 'h2c' ? 'prior knowledge (h2c)' : 'ALPN h2';
  const c = ex.connection;
  return el(
    'p',
    { class: 'muted', id: 'h2-connection' },
    `HTTP/2 over ${how} on connection #${c.id}${c.reused ? ' (reused)' : ''}: ${c.local} → ${c.remote}${c.via !== 'direct' ? ` via ${c.via}` : ''}`,
    `${n?.alpn ? `, ALPN ${n.alpn}` : ''}; stream ${h.streamId}. Connection: ${h.connectionBytesSent} bytes sent, ${h.connectionBytesReceived} received, ${h.connectionFrames} frames kept`,
    h.framesDropped ? ` (${h.framesDropped} more not kept: frame limit reached)` : '',
    '.',
  );
}

function settingsBlock(h: Http2ExchangeView): HTMLElement {
  const table = (title: string, list: Array<[string, number]>): HTMLElement =>
    el(
      'div',
      { class: 'h2-settings' },
      el('h2', {}, title),
      list.length ? kvTable(list.map(([k, v]) => [k, String(v)])) : el('p', { class: 'muted' }, 'No parameters (the defaults).'),
    );
  return el('div', { class: 'h2-settings-pair' }, table('Settings NetProbe sent', h.localSettings), table('Settings the server sent', h.remoteSettings));
}

function streamFacts(h: Http2ExchangeView): HTMLElement {
  const parts = [
    `Stream ${h.streamId}: ${h.framesSent} frames sent, ${h.framesReceived} received`,
    `request header block ${h.requestHeaderBytes} bytes (HPACK)`,
  ];
  if (h.responseHeaderBytes !== undefined) parts.push(`response header block ${h.responseHeaderBytes} bytes`);
  const box = el('div', {}, el('p', {}, `${parts.join('; ')}.`));
  if (h.reset)
    box.append(el('p', { class: 'status-error' }, icon('error'), ` Reset by the ${h.reset.by}: RST_STREAM ${h.reset.errorName} (${h.reset.errorCode}).`));
  if (h.goaway) {
    box.append(
      el(
        'p',
        { class: 'status-warning' },
        icon('warning'),
        ` The server sent GOAWAY ${h.goaway.errorName}, last stream ${h.goaway.lastStreamId}${h.goaway.debugData ? `, debug data "${h.goaway.debugData}"` : ''}.`,
      ),
    );
  }
  return box;
}

/** The frame's header line: number, time, direction, type, stream, length, flags and decoded details. */
function frameLine(f: Http2FrameView, toggle: HTMLButtonElement): HTMLElement {
  const out = f.dir === 'out';
  return el(
    'div',
    { class: 'frame-line' },
    toggle,
    el('span', { class: 'frame-n' }, `#${f.n}`),
    el('span', { class: 'frame-at' }, `${f.atMs.toFixed(3)} ms`),
    el(
      'span',
      { class: `frame-dir ${f.dir}`, title: out ? 'NetProbe → server' : 'server → NetProbe' },
      icon(out ? 'arrow-right' : 'arrow-left'),
      out ? ' sent' : ' received',
    ),
    el('span', { class: 'frame-type' }, f.type),
    el('span', { class: 'frame-stream' }, `stream ${f.streamId}`),
    el('span', { class: 'frame-len' }, `${f.length} bytes`),
    f.flagNames.length ? el('span', { class: 'frame-flags' }, f.flagNames.join(' ')) : null,
    f.details ? el('span', { class: 'frame-details' }, f.details) : null,
  );
}

function headerList(f: Http2FrameView): HTMLElement[] {
  if (!f.headers) return [];
  const facts = [`${f.headers.length} field${f.headers.length === 1 ? '' : 's'}`];
  if (f.headerBlockBytes !== undefined) facts.push(`${f.headerBlockBytes} bytes encoded (HPACK)`);
  if (f.headerListSize !== undefined) facts.push(`${f.headerListSize} bytes as a header list`);
  return [el('div', { class: 'frame-headers-title muted' }, `Header list: ${facts.join(', ')}`), kvTable(f.headers, { class: 'kv frame-headers' })];
}

/** One frame: its line, its decoded header list, problems, and its bytes (hex) when expanded. */
function frameBlock(f: Http2FrameView): HTMLElement {
  const box = el('div', { class: `frame frame-${f.dir}` });
  const bytesBox = el('div', { class: 'frame-bytes' });
  let open = false;
  const toggle = el('button', { class: 'secondary frame-toggle', title: "Show the frame's bytes", 'aria-expanded': 'false' }, icon('chevron-right'));
  toggle.addEventListener('click', () => {
    open = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.replaceChildren(icon(open ? 'chevron-down' : 'chevron-right'));
    if (!open) {
      bytesBox.replaceChildren();
      return;
    }
    const bytes = fromBase64(f.bytes);
    bytesBox.replaceChildren(
      el(
        'div',
        { class: 'muted' },
        `${f.length + 9} bytes on the wire (9-byte header and ${f.length}-byte payload)${f.bytesTruncated ? `; the first ${bytes.length} were kept` : ''}:`,
      ),
      hexView(bytes),
    );
  });
  box.append(frameLine(f, toggle), ...headerList(f));
  if (f.headersNote) box.append(el('p', { class: 'muted' }, icon('info'), ` ${f.headersNote}`));
  if (f.problem) box.append(el('p', { class: 'status-error' }, icon('error'), ` ${f.problem}`));
  box.append(bytesBox);
  return box;
}

function pager(page: FramePage, state: FrameListState, request: RequestPage): HTMLElement {
  const scope = el(
    'select',
    { 'aria-label': 'Frames of', id: 'frame-scope' },
    el('option', { value: 'stream' }, "This stream and the connection's own frames"),
    el('option', { value: 'connection' }, 'Every stream on the connection'),
  );
  scope.value = state.scope;
  scope.addEventListener('change', () => request({ scope: scope.value === 'connection' ? 'connection' : 'stream', offset: 0 }));
  const type = el('select', { 'aria-label': 'Frame type', id: 'frame-type' }, el('option', { value: '' }, 'All types'));
  for (const t of page.types) type.append(el('option', { value: t }, t));
  type.value = state.frameType ?? '';
  type.addEventListener('change', () => request({ scope: state.scope, ...(type.value ? { frameType: type.value } : {}), offset: 0 }));
  const first = page.total ? page.offset + 1 : 0;
  const last = page.offset + page.frames.length;
  const go = (offset: number) => (): void => request({ ...state, offset: Math.max(0, offset) });
  const prev = button('Previous', 'chevron-left', go(page.offset - FRAME_PAGE), 'secondary');
  const next = button('Next', 'chevron-right', go(last), 'secondary');
  prev.disabled = page.offset === 0;
  next.disabled = last >= page.total;
  return el(
    'div',
    { class: 'toolbar frame-pager' },
    scope,
    type,
    el('span', { class: 'frame-count', id: 'frame-count' }, `Frames ${first}–${last} of ${page.total}`),
    prev,
    next,
  );
}

/** The frames part of the Wire tab: the pager and the page's frames (or a note while the page is on its way). */
export function frameList(page: FramePage | undefined, state: FrameListState, request: RequestPage): HTMLElement {
  const box = el('section', { class: 'frames', id: 'frames' }, el('h2', {}, 'Frames'));
  if (!page) {
    box.append(el('p', { class: 'muted' }, icon('loading codicon-modifier-spin'), ' Loading frames…'));
    return box;
  }
  if (page.note) {
    box.append(el('p', { class: 'muted' }, icon('info'), ` ${page.note}`));
    return box;
  }
  box.append(pager(page, state, request));
  if (!page.frames.length) box.append(el('p', { class: 'muted' }, 'No frames here.'));
  for (const f of page.frames) box.append(frameBlock(f));
  return box;
}

/** The Wire tab of an HTTP/2 exchange: the connection and its settings, the stream, then its frames. */
export function http2WireTab(ex: ExchangeView, h: Http2ExchangeView, page: FramePage | undefined, state: FrameListState, request: RequestPage): HTMLElement {
  const box = el('div', { class: 'h2-wire' }, negotiationLine(ex, h));
  if (ex.negotiation?.note) box.append(el('p', { class: 'status-warning' }, icon('warning'), ` ${ex.negotiation.note}`));
  box.append(streamFacts(h), settingsBlock(h), frameList(page, state, request));
  return box;
}
