// The Response tab: problems, status line, headers and the body (text, image or hex). Network data is text only.
import type { BodyView, ExchangeView } from '../../ui/webviews/http/protocol';
import { button, el, icon } from '../common/dom';
import { fromBase64, hexView } from '../common/hex';
import { kvTable } from '../common/table';
import { formatByteCount } from '../../core/text/units';

function bodyBlock(b: BodyView, openBody: () => void): HTMLElement[] {
  const out: HTMLElement[] = [];
  const decompressed = b.decompressed
    ? `decompressed from ${b.decompressed}${b.wireSize !== undefined ? ` (${formatByteCount(b.wireSize)} on the wire)` : ''}`
    : '';
  const facts = [formatByteCount(b.size), b.kind, b.charset, decompressed, b.truncated ? 'cut at the size limit' : '', b.file ? `saved to ${b.file}` : '']
    .filter(Boolean)
    .join(' · ');
  const head = el('h2', {}, `Body — ${facts}`);
  if (b.file || b.partial) head.append(' ', button('Open full body', 'go-to-file', openBody, 'secondary'));
  out.push(head);
  if (b.note) out.push(b.truncated ? el('p', { class: 'status-warning' }, icon('warning'), ` ${b.note}`) : el('p', { class: 'muted' }, b.note));
  if (b.kind === 'image' && b.base64) {
    const img = el('img', { class: 'body-image', alt: 'response image' });
    img.src = `data:${b.mimeType ?? ''};base64,${b.base64}`;
    out.push(img);
  } else if ((b.kind === 'text' || b.kind === 'json') && b.text !== undefined) {
    out.push(el('pre', { class: `body body-${b.kind}` }, b.text));
    if (b.partial) out.push(el('p', { class: 'muted' }, 'Only the beginning is shown.'));
  } else if (b.kind === 'binary' && b.base64) {
    out.push(hexView(fromBase64(b.base64)));
    if (b.partial) out.push(el('p', { class: 'muted' }, 'Only the beginning is shown.'));
  } else if (b.kind === 'empty') {
    out.push(el('p', { class: 'muted' }, 'No body.'));
  }
  return out;
}

export function responseTab(ex: ExchangeView, openBody: () => void): HTMLElement {
  const box = el('div');
  if (ex.error) box.append(el('p', { class: 'status-error' }, icon('error'), ` ${ex.error}`));
  for (const w of ex.warnings) box.append(el('p', { class: 'status-warning' }, icon('warning'), ` ${w}`));
  if (ex.violations.length) {
    box.append(el('h2', {}, `HTTP/1.1 violations (${ex.violations.length}) — read leniently, as curl would; bytes marked in the Wire tab`));
    for (const v of ex.violations) {
      box.append(
        el(
          'p',
          { class: v.framing ? 'status-error violation' : 'status-warning violation' },
          icon(v.framing ? 'error' : 'warning'),
          ` Byte ${v.offset} · ${v.code}${v.framing ? ' · framing' : ''}: ${v.message}`,
        ),
      );
    }
  }
  for (const c of ex.changes) box.append(el('p', { class: 'muted' }, icon('edit'), ` ${c}`));
  if (ex.statusCode !== undefined) {
    for (const i of ex.informational) box.append(el('p', { class: 'muted' }, `Interim: ${i.statusCode} ${i.statusText}`));
    const cls = ex.statusCode >= 400 ? 'status-error' : ex.statusCode >= 300 ? 'status-warning' : 'status-ok';
    box.append(el('h2', {}, el('span', { class: `status-line ${cls}` }, `HTTP/${ex.httpVersion ?? ''} ${ex.statusCode} ${ex.statusText ?? ''}`)));
    box.append(el('h2', {}, `Headers (${ex.headers.length})`), kvTable(ex.headers));
  }
  if (ex.body) box.append(...bodyBlock(ex.body, openBody));
  else if (ex.statusCode === undefined && ex.error)
    box.append(el('p', { class: 'muted', id: 'no-response' }, ex.unsent ? 'No response: the request was not sent.' : 'No response was received.'));
  return box;
}
