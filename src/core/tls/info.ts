import * as crypto from 'crypto';
import type * as tls from 'tls';
import { formatIpv6, parseIpv6 } from '../address/ipv6';

/** One certificate of the chain the server presented, in the order sent (leaf first). */
export interface CertificateInfo {
  subject: string;
  /** Subject alternative names, e.g. `DNS:localhost`, `IP Address:127.0.0.1`. */
  subjectAltNames: string[];
  issuer: string;
  validFrom: string;
  validTo: string;
  /** Whole days until expiry (negative when expired). */
  daysLeft: number;
  /** `rsa`, `ec`, `ed25519`, … */
  keyType: string;
  /** Key size in bits (RSA modulus, EC curve size). */
  keyBits?: number;
  curve?: string;
  serialNumber: string;
  fingerprintSha256: string;
  selfSigned: boolean;
  isCA: boolean;
}

/** What the TLS handshake settled on, and the chain. */
export interface TlsDetails {
  /** `TLSv1.3`, `TLSv1.2`. */
  protocol: string;
  cipher: string;
  /** Negotiated ALPN protocol, or false when none was agreed. */
  alpn: string | false;
  servername?: string;
  /** The chain verified against the trusted CAs (false when verification was switched off and failed). */
  authorized: boolean;
  /** Why verification failed, in plain language (also set in insecure mode). */
  authorizationError?: string;
  /** OpenSSL's code for the failure, e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  authorizationCode?: string;
  sessionReused: boolean;
  chain: CertificateInfo[];
  /** Ephemeral key exchange, e.g. `ECDH X25519 253 bits`. */
  keyExchange?: string;
  /** Subject of the client certificate offered when the server asks for one (set only when one was configured). */
  clientCertificate?: string;
}

/** SAN entries as Node gives them, with IPv6 addresses in RFC 5952 form (`IP Address:::1`, not `0:0:0:0:0:0:0:1`). */
function sanEntries(san: string | undefined): string[] {
  if (!san) return [];
  return san.split(', ').map(entry => {
    const m = /^IP Address:(.*:.*)$/.exec(entry);
    if (!m?.[1]) return entry;
    try {
      return `IP Address:${formatIpv6(parseIpv6(m[1]).bytes)}`;
    } catch {
      return entry;
    }
  });
}

function dn(x: string): string {
  return x.split('\n').filter(Boolean).join(', ');
}

/** Describes one X.509 certificate. */
export function describeCertificate(x509: crypto.X509Certificate, now = Date.now()): CertificateInfo {
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails;
  const keyType = key.asymmetricKeyType ?? 'unknown';
  const curveBits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };
  const keyBits =
    details?.modulusLength ??
    (details?.namedCurve ? curveBits[details.namedCurve] : undefined) ??
    (keyType === 'ed25519' ? 256 : keyType === 'ed448' ? 456 : undefined);
  const validTo = new Date(x509.validTo);
  return {
    subject: dn(x509.subject),
    subjectAltNames: sanEntries(x509.subjectAltName),
    issuer: dn(x509.issuer),
    validFrom: new Date(x509.validFrom).toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now) / 86_400_000),
    keyType,
    ...(keyBits !== undefined ? { keyBits } : {}),
    ...(details?.namedCurve ? { curve: details.namedCurve } : {}),
    serialNumber: x509.serialNumber,
    fingerprintSha256: x509.fingerprint256,
    selfSigned: x509.checkIssued(x509),
    isCA: x509.ca,
  };
}

/** The chain as the peer sent it (leaf first), following issuer links in Node's detailed certificate. */
export function peerChain(socket: tls.TLSSocket): CertificateInfo[] {
  return chainOf(socket.getPeerCertificate(true));
}

function chainOf(peer: tls.DetailedPeerCertificate | undefined): CertificateInfo[] {
  const chain: CertificateInfo[] = [];
  let cert: tls.DetailedPeerCertificate | undefined = peer;
  const seen = new Set<string>();
  const now = Date.now();
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(describeCertificate(new crypto.X509Certificate(cert.raw), now));
    cert = cert.issuerCertificate;
  }
  return chain;
}

/**
 * Collects protocol, cipher, ALPN and the chain from a connected TLS socket; `peer` is the detailed
 * certificate when the caller already has it (it is read from the socket otherwise).
 */
export function tlsDetails(socket: tls.TLSSocket, servername: string | undefined, peer = socket.getPeerCertificate(true)): TlsDetails {
  const cipher = socket.getCipher();
  const eph = socket.getEphemeralKeyInfo();
  const err = socket.authorizationError as unknown as Error | string | null | undefined;
  const code = typeof err === 'string' ? err : err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.message) : undefined;
  const details: TlsDetails = {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: cipher.standardName || cipher.name,
    alpn: socket.alpnProtocol ?? false,
    authorized: socket.authorized,
    sessionReused: socket.isSessionReused(),
    chain: [],
  };
  // The certificates are taken now (the socket may be gone later) but described on first use: parsing
  // them costs more than a loopback request, and many callers never look.
  let chain: CertificateInfo[] | undefined;
  Object.defineProperty(details, 'chain', {
    enumerable: true,
    configurable: true,
    get: () => (chain ??= chainOf(peer)),
    set: (v: CertificateInfo[]) => {
      chain = v;
    },
  });
  if (servername) details.servername = servername;
  if (code) {
    details.authorizationCode = code;
    details.authorizationError = explainCertError(code);
  }
  if (eph && 'type' in eph && eph.type) details.keyExchange = `${eph.type}${eph.name ? ` ${eph.name}` : ''}${eph.size ? ` ${eph.size} bits` : ''}`;
  return details;
}

/** Plain-language text for OpenSSL's certificate verification codes. */
export function explainCertError(code: string, host?: string): string {
  const who = host ? ` for ${host}` : '';
  const text: Record<string, string> = {
    DEPTH_ZERO_SELF_SIGNED_CERT: `The server's certificate${who} is self-signed, so nothing vouches for it (not trusted).`,
    SELF_SIGNED_CERT_IN_CHAIN: `The certificate chain${who} ends in a self-signed CA that is not in the trusted list.`,
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: `The certificate${who} was issued by a CA that is not trusted here, or the server did not send the intermediate certificates.`,
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: `The issuer of the certificate${who} is not a trusted CA here (missing intermediate or private CA: pass its CA file).`,
    UNABLE_TO_GET_ISSUER_CERT: `The issuer of the certificate${who} could not be found.`,
    CERT_HAS_EXPIRED: `The server's certificate${who} has expired.`,
    CERT_NOT_YET_VALID: `The server's certificate${who} is not valid yet (check this machine's clock).`,
    ERR_TLS_CERT_ALTNAME_INVALID: `The certificate is not valid for the name${host ? ` "${host}"` : ''}: it was issued for other names (hostname mismatch).`,
    CERT_REVOKED: `The certificate${who} has been revoked.`,
    CERT_SIGNATURE_FAILURE: `The certificate${who} has an invalid signature.`,
  };
  return text[code] ?? `The certificate${who} could not be verified (${code}).`;
}
