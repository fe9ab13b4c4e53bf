// The TLS tab: verification verdict, the session and every certificate of the chain.
import type { ExchangeView } from '../../ui/webviews/http/protocol';
import { el, icon } from '../common/dom';
import { kvTable } from '../common/table';

/** One line on why there are no TLS details: plain TCP, a failure before TLS, or a handshake that gave no certificate. */
function noTlsReason(ex: ExchangeView): string {
  const https = /^https:/i.test(ex.url);
  if (!https) return 'Plain TCP: no TLS on this connection.';
  if (ex.failedPhase === 'dns' || ex.failedPhase === 'connect')
    return `TLS was not reached: the connection failed at the ${ex.failedPhase === 'dns' ? 'name lookup' : 'TCP connect'} step.`;
  if (ex.failedPhase === 'tls') return `The TLS handshake failed before a certificate could be checked: ${ex.error ?? 'no details'}`;
  return 'No TLS details were kept for this connection.';
}

export function tlsTab(ex: ExchangeView): HTMLElement {
  const t = ex.tls;
  if (!t) return el('p', { class: 'muted', id: 'tls-none' }, noTlsReason(ex));
  const box = el('div');
  box.append(
    el(
      'p',
      { class: t.authorized ? 'status-ok' : 'status-error' },
      icon(t.authorized ? 'verified' : 'unverified'),
      t.authorized ? ' Certificate chain verified.' : ` Not verified: ${t.authorizationError || t.authorizationCode || 'unknown reason'}`,
    ),
  );
  box.append(
    kvTable([
      ['Protocol', t.protocol],
      ['Cipher', t.cipher],
      ['ALPN', t.alpn || '(none)'],
      ['SNI', t.servername || '(not sent)'],
      ['Key exchange', t.keyExchange ?? ''],
      ['Session reused', t.sessionReused ? 'yes' : 'no'],
    ]),
  );
  t.chain.forEach((c, i) => {
    box.append(el('h2', {}, `${i === 0 ? 'Leaf' : c.selfSigned ? 'Root' : 'Intermediate'} certificate [${i}]`));
    box.append(
      kvTable([
        ['Subject', c.subject],
        ['SAN', c.subjectAltNames.join(', ')],
        ['Issuer', c.issuer],
        ['Valid', `${c.validFrom} → ${c.validTo}`],
        ['Days left', c.daysLeft < 0 ? `expired ${-c.daysLeft} days ago` : String(c.daysLeft)],
        ['Key', `${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ''}${c.curve ? ` (${c.curve})` : ''}`],
        ['Serial', c.serialNumber],
        ['SHA-256', c.fingerprintSha256],
      ]),
    );
  });
  return box;
}
