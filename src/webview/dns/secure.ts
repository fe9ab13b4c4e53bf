// The encrypted transport of a DNS-over-TLS/HTTPS answer: TLS session, certificate, HTTP/2 exchange, phases.
import type { DnsResponse } from '../../core/dns/types';
import type { Child } from '../common/dom';
import { el } from '../common/dom';
import { kvTable } from '../common/table';
import { section } from './sections';
import { formatDuration } from '../../core/text/units';

const ms = formatDuration;

/** The "DNS over TLS" / "DNS over HTTPS" section, or undefined for plain answers. Everything in it is text. */
export function secureSection(r: DnsResponse): HTMLElement | undefined {
  const t = r.tls;
  if (!t) return undefined;
  const rows: Array<[string, Child]> = [
    ['TLS', `${t.version}, ${t.cipher}${t.keyExchange ? `, ${t.keyExchange}` : ''}`],
    ['ALPN', t.alpn || 'none'],
  ];
  if (t.servername) rows.push(['SNI', t.servername]);
  const c = t.certificate;
  if (c) {
    rows.push(['Certificate', c.subject], ['Issuer', c.issuer]);
    if (c.subjectAltNames.length) rows.push(['Names', c.subjectAltNames.join(', ')]);
    rows.push(['Valid until', `${c.validTo} (${c.daysLeft < 0 ? `expired ${-c.daysLeft} days ago` : `${c.daysLeft} days left`})`]);
  }
  rows.push([
    'Verified',
    t.verified
      ? el('span', { class: 'status-ok' }, `yes${t.pinned ? ', public key pin matched' : ''}`)
      : el('span', { class: 'status-error' }, `no: ${t.verifyError ?? 'unknown reason'}`),
  ]);
  rows.push(['Public key pin', t.spkiPin]);
  if (r.http)
    rows.push([
      'HTTP/2',
      `${r.http.method} ${r.http.url} → ${r.http.status} ${r.http.contentType ?? ''}${r.http.streamId !== undefined ? ` (stream ${r.http.streamId})` : ''}`,
    ]);
  const p = r.timings;
  if (p)
    rows.push([
      'Phases',
      `connect ${ms(p.connectMs)}, TLS ${ms(p.tlsMs)}, query ${ms(p.queryMs)}, total ${ms(p.totalMs)}${r.connectionReused ? ' (connection reused)' : ''}`,
    ]);
  return section(r.transport === 'https' ? 'DNS over HTTPS' : 'DNS over TLS', kvTable(rows));
}
