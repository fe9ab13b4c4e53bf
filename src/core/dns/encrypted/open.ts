import type { Nameserver } from '../types';
import type { SecureOpenOptions } from './connect';
import { SecureDnsError, openSecureLink } from './connect';
import type { SecureConnection } from './connection';
import { DohConnection } from './doh';
import { DotConnection } from './dot';
import { dohUrl } from './spec';

/**
 * Opens a DNS-over-TLS (`tls://`, ALPN `dot`) or DNS-over-HTTPS (`https://`, ALPN `h2`, HTTP/2) connection to the
 * nameserver. A DoH server that does not agree to HTTP/2 fails at the `http` stage.
 */
export async function openSecureConnection(ns: Nameserver, opts: SecureOpenOptions): Promise<SecureConnection> {
  if (ns.protocol === 'tls') {
    const link = await openSecureLink(ns, 'dot', opts);
    return new DotConnection(link.socket, link.info);
  }
  const link = await openSecureLink(ns, 'h2', opts);
  if (link.socket.alpnProtocol !== 'h2') {
    link.socket.destroy();
    const offered = link.socket.alpnProtocol ? `it chose ${link.socket.alpnProtocol}` : 'it agreed to no ALPN protocol';
    throw new SecureDnsError('protocol', 'http', `DNS over HTTPS to ${dohUrl(ns)}: the server did not agree to HTTP/2 in the TLS handshake (${offered}).`);
  }
  return new DohConnection(link, ns, opts.dohMethod ?? ns.method ?? 'POST', opts.tlsHostname);
}

/** What makes two connections interchangeable: the nameserver, its security settings and the proxy. */
export function connectionKey(ns: Nameserver, opts: SecureOpenOptions): string {
  return JSON.stringify([
    ns.protocol,
    ns.host,
    ns.port,
    ns.path ?? '',
    opts.dohMethod ?? ns.method ?? '',
    opts.tlsHostname ?? '',
    opts.caFile ?? '',
    opts.ca ?? '',
    opts.insecure === true,
    opts.pin ?? '',
    opts.proxy ?? null,
    opts.clientCert ? [opts.clientCert.certFile, opts.clientCert.keyFile ?? '', opts.clientCert.type ?? ''] : null,
    opts.keylog !== undefined,
    (opts.clientCertificates ?? []).map(r => [r.host, r.cert.certFile, r.cert.keyFile ?? '']),
  ]);
}
