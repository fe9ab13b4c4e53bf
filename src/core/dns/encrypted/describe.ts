import type { DnsResponse } from '../types';
import { formatDuration } from '../../text/units';
import { terminalText } from '../../text/terminal';

/** A name from the certificate or the server as the lines show it: controls and invisible characters escaped. */
function visible(text: string): string {
  return terminalText(text, { multiline: false, invisible: true });
}

const ms = formatDuration;

/** dig-style comment lines (after `formatDig`'s) with the TLS session, the certificate, the HTTP exchange and the phases of an encrypted answer. */
export function secureDnsLines(r: DnsResponse): string[] {
  const out: string[] = [];
  const t = r.tls;
  if (t) {
    out.push(
      `;; TLS: ${t.version}, ${t.cipher}, ALPN ${t.alpn || 'none'}${t.servername ? `, SNI ${visible(t.servername)}` : ''}${t.keyExchange ? `, ${t.keyExchange}` : ''}`,
    );
    const c = t.certificate;
    const trust = t.verified ? 'verified' : `NOT verified: ${t.verifyError ?? 'unknown reason'}`;
    if (c) {
      const expiry = c.daysLeft < 0 ? `expired ${-c.daysLeft} days ago` : `${c.daysLeft} days left`;
      out.push(
        `;; CERTIFICATE: ${visible(c.subject)}, issued by ${visible(c.issuer)}, valid until ${c.validTo} (${expiry}); ${trust}${t.pinned ? ', pin matched' : ''}`,
      );
    } else {
      out.push(`;; CERTIFICATE: none; ${trust}`);
    }
    out.push(`;; PIN: ${t.spkiPin}`);
  }
  if (r.http)
    out.push(
      `;; HTTP/2: ${r.http.method} ${visible(r.http.url)} -> ${r.http.status} ${visible(r.http.contentType ?? '')}${r.http.streamId !== undefined ? ` (stream ${r.http.streamId})` : ''}`.trimEnd(),
    );
  const p = r.timings;
  if (p)
    out.push(
      `;; PHASES: connect ${ms(p.connectMs)}, TLS ${ms(p.tlsMs)}, query ${ms(p.queryMs)}, total ${ms(p.totalMs)}${r.connectionReused ? ' (connection reused)' : ''}`,
    );
  return out;
}
