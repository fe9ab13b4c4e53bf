import type { OperationOptions } from '../errors';
import type { ProxyConfig } from '../proxy/types';
import type { DnsConnectionPool } from './encrypted/pool';
import type { DnsHttpExchange, DnsTimings, DnsTlsInfo, SecureDnsOptions } from './encrypted/types';

/** A nameserver to ask: where it was written, and the address and port queries go to. */
export interface Nameserver {
  /** As given or configured (`127.0.0.1`, `ns1.example:5353`, `[::1]:53`). */
  spec: string;
  /** Host part: an address literal or a host name. */
  host: string;
  port: number;
  /** Where it came from: `/etc/resolv.conf` for the system's, `user` otherwise. */
  source: 'system' | 'user';
  /** `dns` (UDP with TCP fallback), `tls` (DNS over TLS, `tls://`) or `https` (DNS over HTTPS, `https://`). */
  protocol: 'dns' | 'tls' | 'https';
  /** DNS over HTTPS: the URL path with its query (`/dns-query`), without the `?get` switch. */
  path?: string;
  /** DNS over HTTPS: `POST` (default) or `GET` (`?get` in the spec). */
  method?: 'GET' | 'POST';
}

/** One resource record, with its data in presentation form (as `dig +short` prints it). */
export interface DnsRecord {
  /** Owner name, fully qualified with the trailing dot. */
  name: string;
  /** Mnemonic (`A`, `HTTPS`) or `TYPEnnn` for types without one. */
  type: string;
  typeCode: number;
  class: string;
  ttl: number;
  data: string;
}

/** One EDNS option of an answer. */
export interface EdnsOption {
  code: number;
  /** `NSID`, `COOKIE`, `CLIENT-SUBNET`, `EDE`, or `OPTnnn`. */
  name: string;
  /** Readable value: NSID as hex and text, cookie hex, subnet `addr/source/scope`, EDE `code (text)`. */
  value: string;
  hex: string;
}

/** The EDNS (OPT) part of an answer. */
export interface EdnsInfo {
  version: number;
  udpSize: number;
  /** The DNSSEC OK bit. */
  do: boolean;
  options: EdnsOption[];
}

/** What actually went over the wire for one answer: plain UDP or TCP, DNS over TLS, DNS over HTTPS. */
export type DnsTransport = 'udp' | 'tcp' | 'tls' | 'https';

/** A parsed DNS answer with how it was obtained. JSON-serialisable. */
export interface DnsResponse {
  question: { name: string; type: string; class: string };
  id: number;
  opcode: string;
  /** Response code mnemonic, including extended ones (`BADCOOKIE`). */
  rcode: string;
  rcodeCode: number;
  /** Header flags that are set, lower case as dig prints them: `qr aa tc rd ra ad cd`. */
  flags: string[];
  answers: DnsRecord[];
  authority: DnsRecord[];
  additional: DnsRecord[];
  edns?: EdnsInfo;
  /** Server asked, and the address and port the answer came from. */
  server: { spec: string; address: string; port: number };
  transport: DnsTransport;
  /** The UDP answer was truncated (TC) and the query was repeated over TCP. */
  retriedOverTcp?: boolean;
  /** The first answer was BADCOOKIE and the query was repeated with the server cookie it gave. */
  retriedWithServerCookie?: boolean;
  /** Datagrams or messages that did not match the query (wrong id, wrong question, unparsable) and were ignored. */
  ignored?: number;
  /** Size of the answer message in bytes. */
  sizeBytes: number;
  rttMs: number;
  /** The answer message as lowercase hex. */
  rawHex: string;
  /** When the answer was received (epoch ms). */
  receivedAt: number;
  /** DNS over TLS/HTTPS: the TLS session the answer came over (version, cipher, ALPN, certificate). */
  tls?: DnsTlsInfo;
  /** DNS over TLS/HTTPS: the phases this answer took (connect and TLS are 0 on a reused connection). */
  timings?: DnsTimings;
  /** DNS over TLS/HTTPS: the answer came over a connection opened for an earlier query. */
  connectionReused?: boolean;
  /** DNS over HTTPS: the HTTP/2 exchange (method, URL, status). */
  http?: DnsHttpExchange;
}

/**
 * What to ask and how. Defaults follow `dig`: recursion desired, EDNS0 with a 1232-byte buffer. The
 * {@link SecureDnsOptions} apply to `tls://` and `https://` nameservers.
 */
export interface DnsQueryOptions extends OperationOptions, SecureDnsOptions {
  /**
   * Nameserver (`IP`, `IP:port`, `[IPv6]:port`, `IPv6%zone`, host name, `tls://HOST[:853]`,
   * `https://HOST[:443]/PATH[?get]`); the system's when absent or `system`.
   */
  server?: string;
  /** Record type mnemonic or `TYPEnnn` (default `A`). */
  type?: string;
  /** Class (default `IN`). */
  class?: string;
  /** Query over TCP only. */
  tcp?: boolean;
  /** Do not retry over TCP when the UDP answer is truncated. */
  ignoreTruncation?: boolean;
  /** Recursion desired (RD), default true. */
  recurse?: boolean;
  /** Set the DNSSEC OK bit (DO) to get RRSIG and friends. */
  dnssec?: boolean;
  /** Checking disabled (CD). */
  checkingDisabled?: boolean;
  /** Authentic data (AD) in the query, asking whether the answer is validated. Default false. */
  authenticData?: boolean;
  /** Send EDNS0 (default true). */
  edns?: boolean;
  /** EDNS UDP buffer size (default 1232). */
  bufferSize?: number;
  /** Ask for the server's NSID. */
  nsid?: boolean;
  /** Send a DNS cookie: `true` for a fresh client cookie, or hex of a cookie to send. */
  cookie?: boolean | string;
  /** EDNS client subnet, e.g. `192.0.2.0/24`. */
  clientSubnet?: string;
  /** UDP attempts before giving up (default 3); the timeout is shared among them. */
  tries?: number;
  /** System nameserver configuration file (default `/etc/resolv.conf`). */
  resolvConf?: string;
  /** Send the query through this SOCKS proxy (implies TCP: a proxy never carries the UDP queries). */
  proxy?: ProxyConfig;
  /** Keeps DNS-over-TLS/HTTPS connections open for later queries (without one, each query opens and closes its own). */
  pool?: DnsConnectionPool;
}
