import type { DnsResponse } from '../types';
import type { SecureDnsOptions } from './types';

/**
 * The `dig` (BIND 9.18+) options that ask the same question over the same encrypted transport as `r`:
 * `+tls` or `+https=PATH` (`+https-get`), with the CA file and the name checked. Empty for plain answers.
 */
export function digSecureFlags(r: DnsResponse, opts: SecureDnsOptions): string[] {
  if (r.transport !== 'tls' && r.transport !== 'https') return [];
  const quote = (s: string): string => (/^[A-Za-z0-9_.:@%+=/,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const out: string[] = [];
  if (r.transport === 'tls') out.push('+tls');
  else {
    const path = r.http?.url ? new URL(r.http.url).pathname : '/dns-query';
    out.push(r.http?.method === 'GET' ? quote(`+https-get=${path}`) : quote(`+https=${path}`));
  }
  if (opts.caFile) out.push(quote(`+tls-ca=${opts.caFile}`));
  if (opts.tlsHostname) out.push(quote(`+tls-hostname=${opts.tlsHostname}`));
  return out;
}
