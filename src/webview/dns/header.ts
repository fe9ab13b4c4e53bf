// The top of the DNS panel: title, flag badges, the one-line verdict and how the answer came.
import type { DnsResponse } from '../../core/dns/types';
import type { DnsPanelState } from '../../ui/webviews/dns/protocol';
import { el, icon } from '../common/dom';
import { breakable } from '../common/wrap';
import { formatByteCount, formatCount, formatDuration } from '../../core/text/units';

const FLAG_TITLES: Readonly<Record<string, string>> = {
  qr: 'Query response',
  aa: 'Authoritative answer',
  tc: 'Truncated',
  rd: 'Recursion desired',
  ra: 'Recursion available',
  ad: 'Authentic data (DNSSEC validated)',
  cd: 'Checking disabled',
};

export function title(state: DnsPanelState): HTMLElement {
  const r = state.response;
  const ok = r.rcode === 'NOERROR';
  const status = ok ? (r.answers.length ? 'ok' : 'warning') : 'error';
  return el('h1', { class: `status-${status}` }, icon(ok ? 'pass' : 'error'), `${state.name} ${state.type}`);
}

export function badges(r: DnsResponse): HTMLElement {
  const ok = r.rcode === 'NOERROR';
  const box = el('div', { class: 'badges', id: 'flags' });
  box.append(el('span', { class: `badge rcode rcode-${ok ? 'ok' : 'bad'}`, title: 'Response code' }, r.rcode));
  for (const f of r.flags) box.append(el('span', { class: 'badge flag', title: FLAG_TITLES[f] ?? f }, f));
  if (r.edns?.do) box.append(el('span', { class: 'badge flag', title: 'DNSSEC OK' }, 'do'));
  return box;
}

export function summary(state: DnsPanelState): HTMLElement {
  const r = state.response;
  const from = `${r.server.address}#${r.server.port}`;
  const text = r.answers.length
    ? `${formatCount(r.answers.length, 'answer record')} from ${from}`
    : r.rcode === 'NOERROR'
      ? `No ${state.type} records (NODATA) at ${from}`
      : `${r.rcode} from ${from}`;
  return el('p', { class: 'summary', id: 'summary' }, text);
}

/** Server, transport, round trip, size and id. */
export function meta(state: DnsPanelState): HTMLElement {
  const r = state.response;
  const box = el(
    'div',
    { class: 'meta' },
    el('span', { class: 'wrap', title: 'Server asked' }, icon('server'), ' ', breakable(state.server === 'system' ? 'system nameserver' : state.server)),
    el(
      'span',
      { title: 'Transport' },
      icon('plug'),
      ` ${r.transport.toUpperCase()}${r.retriedOverTcp ? ' (UDP truncated, retried)' : ''}${r.viaProxy ? ` through the proxy ${r.viaProxy}${r.tcpForProxy ? ' (a proxy carries TCP only; UDP without it)' : ''}` : ''}`,
    ),
    el('span', { title: 'Round-trip time' }, icon('watch'), ` ${formatDuration(r.rttMs)}`),
    el('span', { title: 'Message size' }, icon('file-binary'), ` ${formatByteCount(r.sizeBytes)}`),
    el('span', { title: 'Message id' }, `id ${r.id}`),
  );
  if (r.retriedWithServerCookie) box.append(el('span', { title: 'The first answer was BADCOOKIE' }, 'retried with the server cookie'));
  if (r.ignored) box.append(el('span', { class: 'status-warning' }, `${formatCount(r.ignored, 'mismatched message')} ignored`));
  return box;
}
