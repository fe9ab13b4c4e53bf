import type { ParseArgsConfig } from 'util';
import { visibleText } from '../core/dns/encrypted/snippet';
import { isEncryptedSpec } from '../core/dns/encrypted/spec';
import type { SecureDnsOptions } from '../core/dns/encrypted/types';
import type { DnsResponse } from '../core/dns/types';
import { flag, stringOption } from './args';
import { ms } from './format';
import type { CliContext } from './types';
import { UsageError } from './types';

/** Options of `netprobe dns` for `tls://` and `https://` servers. */
export const SECURE_DNS_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  cacert: { type: 'string' },
  'tls-hostname': { type: 'string' },
  pin: { type: 'string' },
  insecure: { type: 'boolean', short: 'k' },
  'doh-get': { type: 'boolean' },
  'no-padding': { type: 'boolean' },
};

/** Usage fragment for {@link SECURE_DNS_OPTIONS}. */
export const SECURE_DNS_USAGE = '[--cacert F] [--tls-hostname N] [--pin sha256//B64] [--insecure] [--doh-get] [--no-padding]';

/** The encrypted-DNS settings given on the command line; a UsageError when they are given for a plain server. */
export function secureDnsFromCli(ctx: CliContext, server: string | undefined): SecureDnsOptions {
  const out: SecureDnsOptions = {};
  const caFile = stringOption(ctx, 'cacert');
  const tlsHostname = stringOption(ctx, 'tls-hostname');
  const pin = stringOption(ctx, 'pin');
  if (caFile !== undefined) out.caFile = caFile;
  if (tlsHostname !== undefined) out.tlsHostname = tlsHostname;
  if (pin !== undefined) out.pin = pin;
  if (flag(ctx, 'insecure')) out.insecure = true;
  if (flag(ctx, 'doh-get')) out.dohMethod = 'GET';
  if (flag(ctx, 'no-padding')) out.padding = false;
  const given = Object.keys(SECURE_DNS_OPTIONS).filter(k => ctx.values[k] !== undefined);
  const encrypted = server !== undefined && isEncryptedSpec(server);
  if (given.length && !encrypted) throw new UsageError(`--${given[0]} applies to tls:// and https:// servers only (give --server tls://HOST or https://HOST/PATH).`);
  if (out.dohMethod && server !== undefined && !/^@?https:/i.test(server.trim())) throw new UsageError('--doh-get applies to https:// servers only.');
  return out;
}

/** dig-style comment lines with the TLS session, the certificate, the HTTP exchange and the phases of an encrypted answer. */
export function secureDnsLines(r: DnsResponse): string[] {
  const out: string[] = [];
  const t = r.tls;
  if (t) {
    out.push(`;; TLS: ${t.version}, ${t.cipher}, ALPN ${t.alpn || 'none'}${t.servername ? `, SNI ${visibleText(t.servername)}` : ''}${t.keyExchange ? `, ${t.keyExchange}` : ''}`);
    const c = t.certificate;
    const trust = t.verified ? 'verified' : `NOT verified: ${t.verifyError ?? 'unknown reason'}`;
    if (c) {
      const expiry = c.daysLeft < 0 ? `expired ${-c.daysLeft} days ago` : `${c.daysLeft} days left`;
      out.push(`;; CERTIFICATE: ${visibleText(c.subject)}, issued by ${visibleText(c.issuer)}, valid until ${c.validTo} (${expiry}); ${trust}${t.pinned ? ', pin matched' : ''}`);
    } else {
      out.push(`;; CERTIFICATE: none; ${trust}`);
    }
    out.push(`;; PIN: ${t.spkiPin}`);
  }
  if (r.http) out.push(`;; HTTP/2: ${r.http.method} ${visibleText(r.http.url)} -> ${r.http.status} ${visibleText(r.http.contentType ?? '')}${r.http.streamId !== undefined ? ` (stream ${r.http.streamId})` : ''}`.trimEnd());
  const p = r.timings;
  if (p) out.push(`;; PHASES: connect ${ms(p.connectMs)}, TLS ${ms(p.tlsMs)}, query ${ms(p.queryMs)}, total ${ms(p.totalMs)}${r.connectionReused ? ' (connection reused)' : ''}`);
  return out;
}
