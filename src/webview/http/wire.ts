// The Wire tab: the exact bytes sent and received, as text with visible line ends or as a hex dump.
import type { ExchangeView } from '../../ui/webviews/http/protocol';
import { button, el } from '../common/dom';
import { fromBase64, hex2, hexView } from '../common/hex';
import { formatByteCount, formatCount } from '../../core/text/units';

/** Most bytes shown as text (the hex view shows them all). */
const TEXT_LIMIT = 64 * 1024;

/** How a marked byte is shown: printable as itself, CR/LF/others escaped. */
function markedByte(c: number): string {
  if (c === 0x0d) return '\\r';
  if (c === 0x0a) return '\\n';
  return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${hex2(c)}`;
}

/**
 * Wire text: latin-1 characters with CR and LF made visible; capped so the DOM stays small. `marks` maps a byte
 * offset to the violation found there: that byte is highlighted, the violation as its tooltip.
 */
export function wireText(bytes: Uint8Array, limit: number, marks?: ReadonlyMap<number, string>): HTMLPreElement {
  const pre = el('pre', { class: 'wire-text' });
  const n = Math.min(bytes.length, limit);
  let line = '';
  const flush = (eol: string): void => {
    pre.append(document.createTextNode(line));
    if (eol) pre.append(el('span', { class: 'eol' }, eol), '\n');
    line = '';
  };
  for (let i = 0; i < n; i++) {
    const c = bytes[i] ?? 0;
    const mark = marks?.get(i);
    if (mark !== undefined) {
      flush('');
      pre.append(el('mark', { class: 'violation', title: mark }, markedByte(c)));
      if (c === 0x0a) pre.append('\n');
      continue;
    }
    if (c === 0x0d && bytes[i + 1] === 0x0a) {
      flush('\\r\\n');
      i++;
    } else if (c === 0x0a) flush('\\n');
    else if (c === 0x0d) flush('\\r');
    else if (c === 0x09 || (c >= 0x20 && c < 0x7f) || c >= 0xa0) line += String.fromCharCode(c);
    else line += `\\x${hex2(c)}`;
  }
  flush('');
  if (bytes.length > limit) pre.append(el('span', { class: 'muted' }, `\n… ${formatCount(bytes.length - limit, 'more byte')} in the hex view`));
  return pre;
}

/** One direction's bytes with a Text/Hex toggle. */
export function wireBlock(title: string, b64: string, total: number, truncated: boolean, marks?: ReadonlyMap<number, string>): HTMLElement {
  const bytes = fromBase64(b64);
  const box = el('section', { class: 'wire' });
  let mode: 'text' | 'hex' = 'text';
  const body = el('div');
  const draw = (): void => body.replaceChildren(mode === 'text' ? wireText(bytes, TEXT_LIMIT, marks) : hexView(bytes));
  const toggle = button(
    'Hex',
    'file-binary',
    () => {
      mode = mode === 'text' ? 'hex' : 'text';
      if (toggle.lastChild) toggle.lastChild.textContent = mode === 'text' ? 'Hex' : 'Text';
      draw();
    },
    'secondary',
  );
  box.append(el('h2', {}, `${title} — ${formatByteCount(total)}${truncated ? ` (first ${bytes.length} kept)` : ''}`, ' ', toggle));
  box.append(body);
  draw();
  return box;
}

const PHASE_NAME: Record<string, string> = { dns: 'name lookup', connect: 'TCP connect', tls: 'TLS handshake' };

export function wireTab(ex: ExchangeView): HTMLElement {
  const c = ex.connection;
  if (ex.unsent) {
    // The connection failed before the request went out: its bytes are known, so show them (and say they were not sent).
    return el(
      'div',
      {},
      el(
        'p',
        { class: 'muted', id: 'wire-unsent' },
        `Not sent: the connection ${c.remote !== 'not reached' ? `to ${c.remote} ` : ''}failed at the ${PHASE_NAME[ex.failedPhase ?? ''] ?? ex.failedPhase ?? 'connection'} step, before the request went out. Nothing was received.`,
      ),
      wireBlock('Request (not sent)', ex.wire.sent, fromBase64(ex.wire.sent).length, ex.wire.sentTruncated),
    );
  }
  const received = ex.wire.bytesReceived || !ex.error;
  return el(
    'div',
    {},
    el(
      'p',
      { class: 'muted' },
      `Connection #${c.id}${c.reused ? ' (reused)' : ''}: ${c.local} → ${c.remote}${c.via !== 'direct' ? ` via ${c.via}` : ''}${c.closed ? `; closed ${c.closed}` : ''}`,
    ),
    wireBlock('Sent', ex.wire.sent, ex.wire.bytesSent, ex.wire.sentTruncated),
    received
      ? wireBlock(
          'Received',
          ex.wire.received,
          ex.wire.bytesReceived,
          ex.wire.receivedTruncated,
          new Map(ex.violations.map(v => [v.offset, `${v.code}: ${v.message}`])),
        )
      : el('p', { class: 'muted', id: 'wire-nothing-received' }, 'Received: nothing (the exchange failed before any response byte).'),
  );
}
