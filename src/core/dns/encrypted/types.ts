import type { ClientCertificate, ClientCertificateRule } from '../../tls/client-cert';
import type { CertificateInfo } from '../../tls/info';
import type { KeyLog } from '../../tls/keylog';

/** Settings of DNS over TLS (`tls://`) and DNS over HTTPS (`https://`); ignored for plain nameservers. */
export interface SecureDnsOptions {
  /** Name the certificate must be valid for, also sent as SNI (default: the host of the spec when it is a name). */
  tlsHostname?: string;
  /** PEM file with the CA certificates to trust instead of the built-in list. */
  caFile?: string;
  /** PEM text of CA certificates to trust instead of the built-in list. */
  ca?: string;
  /** Accept an untrusted, expired or mismatched certificate (the problem is still reported in `tls.verifyError`). */
  insecure?: boolean;
  /**
   * SHA-256 pins of the server's public key (SPKI) as curl writes them: `sha256//BASE64` (`sha256/BASE64` accepted),
   * several separated by `;`. Checked in addition to verification (with `insecure`, the pin alone authenticates).
   */
  pin?: string;
  /** DNS over HTTPS: `GET` (the query in `?dns=`) instead of the default `POST`. Overrides `?get` in the spec. */
  dohMethod?: 'GET' | 'POST';
  /** EDNS padding (RFC 7830) of queries to a multiple of 128 bytes (RFC 8467); default on for encrypted transports. */
  padding?: boolean;
  /** A client certificate to present when the server asks for one. */
  clientCert?: ClientCertificate;
  /** Client certificates by server name (the editor's settings); `clientCert` wins. */
  clientCertificates?: ClientCertificateRule[];
  /** Receives the TLS secrets of each connection opened (SSLKEYLOGFILE format). */
  keylog?: KeyLog;
}

/** The TLS session an encrypted DNS answer came over. */
export interface DnsTlsInfo {
  /** `TLSv1.3`, `TLSv1.2`. */
  version: string;
  cipher: string;
  /** Negotiated ALPN protocol (`dot`, `h2`), or false when none was agreed. */
  alpn: string | false;
  /** SNI sent (none for an IP address without `tlsHostname`). */
  servername?: string;
  /** The chain verified against the trusted CAs (false only with `insecure`). */
  verified: boolean;
  /** Why verification failed, in plain language (set with `insecure`). */
  verifyError?: string;
  keyExchange?: string;
  /** The server's certificate (leaf). */
  certificate?: CertificateInfo;
  /** Certificates in the chain, leaf first (as verified, up to the trusted CA). */
  chainLength: number;
  /** The SHA-256 pin of the server's public key, as `--pin` takes it: `sha256//BASE64`. */
  spkiPin: string;
  /** A pin was given and it matched. */
  pinned: boolean;
}

/** Phases of one encrypted query in ms: TCP connect (and proxy), TLS handshake, the DNS exchange itself. */
export interface DnsTimings {
  /** 0 when the connection was reused. */
  connectMs: number;
  /** 0 when the connection was reused. */
  tlsMs: number;
  /** Query sent to answer complete (DoH: the HTTP/2 stream). */
  queryMs: number;
  totalMs: number;
}

/** The HTTP/2 exchange of a DNS-over-HTTPS answer. */
export interface DnsHttpExchange {
  method: 'GET' | 'POST';
  /** The URL asked (for GET with the `dns=` parameter). */
  url: string;
  status: number;
  contentType?: string;
  /** HTTP/2 stream id on the connection. */
  streamId?: number;
}

/** What an encrypted connection is, once open. */
export interface SecureConnectionInfo {
  protocol: 'tls' | 'https';
  /** `host:port` as written (IPv6 in brackets), for messages. */
  where: string;
  /** Address connected to (the host name when a proxy resolved it) and port. */
  address: string;
  port: number;
  tls: DnsTlsInfo;
  /** Nameserver host name resolution on this machine (0 for literals or through a proxy). */
  resolveMs: number;
  connectMs: number;
  tlsMs: number;
}
