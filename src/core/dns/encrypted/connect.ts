import * as crypto from 'crypto';
import type * as tls from 'tls';
import type { NetProbeErrorCode } from '../../errors';
import { NetProbeError, nowMs, roundMs } from '../../errors';
import { startTls } from '../../tls/connect';
import type { TlsDetails } from '../../tls/info';
import type { ProxyConfig } from '../../proxy/types';
import { dial } from '../../route/dial';
import type { Nameserver } from '../types';
import { dohUrl } from './spec';
import type { DnsTlsInfo, SecureConnectionInfo, SecureDnsOptions } from './types';

/** The stage an encrypted query failed at: TCP (or proxy) connect, TLS handshake or pin, HTTP (DoH), DNS answer. */
export type SecureDnsStage = 'connect' | 'tls' | 'http' | 'dns';

/** A failure of DNS over TLS/HTTPS that names its stage; `cause` keeps the underlying error (e.g. the TLS verification). */
export class SecureDnsError extends NetProbeError {
  constructor(
    code: NetProbeErrorCode,
    readonly stage: SecureDnsStage,
    message: string,
    errno?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, errno, options);
  }
}

/** `DNS over TLS` or `DNS over HTTPS`. */
export function transportLabel(protocol: 'tls' | 'https'): string {
  return protocol === 'tls' ? 'DNS over TLS' : 'DNS over HTTPS';
}

/** A TLS socket to an encrypted nameserver, with how it was made. */
export interface SecureLink {
  socket: tls.TLSSocket;
  info: SecureConnectionInfo;
}

/** How to open a connection: the query's security settings, a deadline and cancel, and an optional SOCKS proxy. */
export interface SecureOpenOptions extends SecureDnsOptions {
  timeout: number;
  signal?: AbortSignal;
  proxy?: ProxyConfig;
}

/** Parses `sha256//BASE64` pins (curl's form; `sha256/BASE64` too), several separated by `;`, to base64 digests. */
export function parsePins(text: string): string[] {
  const pins = text
    .split(';')
    .map(p => p.trim())
    .filter(p => p !== '');
  if (pins.length === 0) throw new NetProbeError('invalid-input', "The pin is empty: give sha256//BASE64 (the SHA-256 of the server's public key).");
  return pins.map(p => {
    const m = /^sha256\/\/?([A-Za-z0-9+/]{43}=)$/.exec(p);
    if (!m?.[1] || Buffer.from(m[1], 'base64').length !== 32) {
      throw new NetProbeError(
        'invalid-input',
        `"${p}" is not a public-key pin: give sha256//BASE64 (44 base64 characters, the SHA-256 of the server's public key).`,
      );
    }
    return m[1];
  });
}

/** The SHA-256 of the certificate's SubjectPublicKeyInfo, base64 (what curl's --pinnedpubkey and kdig's +tls-pin compare). */
export function spkiSha256(certDer: Buffer): string {
  const spki = new crypto.X509Certificate(certDer).publicKey.export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(spki).digest('base64');
}

function tlsInfo(details: TlsDetails, pin: string, pinned: boolean): DnsTlsInfo {
  const leaf = details.chain[0];
  return {
    version: details.protocol,
    cipher: details.cipher,
    alpn: details.alpn,
    ...(details.servername ? { servername: details.servername } : {}),
    verified: details.authorized,
    ...(details.authorizationError && !details.authorized ? { verifyError: details.authorizationError } : {}),
    ...(details.keyExchange ? { keyExchange: details.keyExchange } : {}),
    ...(leaf ? { certificate: leaf } : {}),
    chainLength: details.chain.length,
    spkiPin: `sha256//${pin}`,
    pinned,
  };
}

/**
 * Opens TCP (through `dial`, so a SOCKS proxy applies) and TLS to an encrypted nameserver, offering the ALPN of the
 * transport (`dot`, `h2`). Verifies the certificate for `tlsHostname` or the host (unless `insecure`), then the pins.
 * Throws a {@link SecureDnsError} naming the stage: `connect` (refused, timeout, proxy), `tls` (handshake,
 * certificate — the cause is then a `TlsVerificationError` —, pin mismatch).
 */
export async function openSecureLink(ns: Nameserver, alpn: string, opts: SecureOpenOptions): Promise<SecureLink> {
  const protocol = ns.protocol === 'https' ? 'https' : 'tls';
  const where = `${ns.host.includes(':') ? `[${ns.host}]` : ns.host}:${ns.port}`;
  const label = `${transportLabel(protocol)} to ${protocol === 'https' ? dohUrl(ns) : where}`;
  const pins = opts.pin !== undefined ? parsePins(opts.pin) : undefined;
  const deadline = nowMs() + opts.timeout;
  let dialed;
  try {
    dialed = await dial(ns.host, ns.port, { timeout: opts.timeout, signal: opts.signal, ...(opts.proxy ? { proxy: opts.proxy } : {}) });
  } catch (e) {
    if (!(e instanceof NetProbeError) || e.code === 'aborted' || e.code === 'invalid-input') throw e;
    throw new SecureDnsError(e.code, 'connect', `${label}: the TCP connection failed: ${e.message}`, e.errno, { cause: e });
  }
  dialed.socket.setNoDelay(true);
  let connected;
  try {
    connected = await startTls(dialed.socket, ns.host, {
      alpn: [alpn],
      insecure: opts.insecure === true,
      timeout: Math.max(1, deadline - nowMs()),
      signal: opts.signal,
      ...(opts.tlsHostname ? { servername: opts.tlsHostname } : {}),
      ...(opts.caFile ? { caFile: opts.caFile } : {}),
      ...(opts.ca ? { ca: opts.ca } : {}),
      ...(opts.clientCert ? { clientCert: opts.clientCert } : {}),
      ...(opts.keylog ? { keylog: opts.keylog } : {}),
      ...(opts.clientCertificates ? { clientCertificates: opts.clientCertificates } : {}),
    });
  } catch (e) {
    if (!(e instanceof NetProbeError) || e.code === 'aborted' || e.code === 'invalid-input') throw e;
    const why = /no application protocol/i.test(e.message) ? `the server refused the ALPN protocol "${alpn}" (it does not speak it on this port).` : e.message;
    throw new SecureDnsError(e.code, 'tls', `${label}: the TLS handshake failed: ${why}`, e.errno, { cause: e });
  }
  const { socket, details, handshakeMs } = connected;
  const raw = socket.getPeerCertificate().raw as Buffer | undefined;
  const pin = raw ? spkiSha256(raw) : '';
  if (pins && !pins.includes(pin)) {
    socket.destroy();
    throw new SecureDnsError('tls', 'tls', `${label}: the server's certificate public key does not match the pin (it is sha256//${pin}).`);
  }
  return {
    socket,
    info: {
      protocol,
      where,
      address: opts.proxy ? ns.host : dialed.remoteAddress,
      port: ns.port,
      tls: tlsInfo(details, pin, pins !== undefined),
      resolveMs: dialed.dnsMs,
      connectMs: dialed.connectMs,
      tlsMs: roundMs(handshakeMs),
    },
  };
}
