import { hostNameProblem } from './host-name';
import * as net from 'net';
import { domainToASCII } from 'url';
import { NetProbeError, problemOf } from '../errors';
import { parseAddressLiteral } from './literal';

/** A host (name or address, IPv6 without brackets) and a port. */
export interface HostPort {
  host: string;
  port: number;
}

/** What {@link parseHostPort} read, with the URL scheme when the text was a URL. */
export interface ParsedHostPort extends HostPort {
  /** Lower-case scheme without `://` (`https`), when the text was a URL. */
  scheme?: string;
}

export interface ParseHostPortOptions {
  /** Port for a text that names none (`example.com`, `::1`, `[::1]`); without it a port is required. */
  defaultPort?: number;
}

/** Ports a URL scheme stands for when its URL names none. */
export const SCHEME_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  dns: 53,
  tls: 853,
  imap: 143,
  imaps: 993,
  pop3: 110,
  pop3s: 995,
  ldap: 389,
  ldaps: 636,
  redis: 6379,
  mysql: 3306,
  postgres: 5432,
  postgresql: 5432,
  mongodb: 27017,
  socks: 1080,
  socks4: 1080,
  socks4a: 1080,
  socks5: 1080,
  socks5h: 1080,
};

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

function invalid(message: string): NetProbeError {
  return new NetProbeError('invalid-input', message);
}

/** Validates a TCP/UDP port number (1–65535), throwing `invalid-input` with the reason. */
export function parsePort(value: string | number): number {
  const text = String(value).trim();
  if (!/^[0-9]+$/.test(text)) throw invalid(`Port "${text}" is not a number.`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw invalid(`Port ${port} is out of range (1–65535).`);
  return port;
}

/** True for an IPv6 address as written in host:port text, with an optional `%zone`. */
function isIpv6Host(host: string): boolean {
  const pct = host.indexOf('%');
  return net.isIPv6(pct >= 0 ? host.slice(0, pct) : host) && (pct < 0 || pct < host.length - 1);
}

/** Throws unless `host` is an IP address or a host name ({@link hostNameProblem}: the one rule for names). */
function checkHost(host: string, text: string): string {
  if (host === '') throw invalid(`"${text}" has no host.`);
  if (net.isIPv4(host) || isIpv6Host(host)) return host;
  // Numbers and dots (or 0x…) can only be an IPv4 address: 10.0.0.256 is an error, not a name.
  if (/^(0x[0-9a-f]+|[0-9.]+)$/i.test(host)) {
    if (parseAddressLiteral(host)) return host;
  }
  const problem = hostNameProblem(host);
  if (problem) throw invalid(problem);
  return host;
}

function needPort(text: string, opts: ParseHostPortOptions, v6: boolean): number {
  if (opts.defaultPort !== undefined) return opts.defaultPort;
  if (!v6) throw invalid(`"${text}" has no port (write host:port, for example localhost:8080).`);
  const bare = text.replace(/^\[|\]$/g, '');
  const last = bare.lastIndexOf(':');
  const maybe =
    /^[0-9]{1,5}$/.test(bare.slice(last + 1)) && isIpv6Host(bare.slice(0, last))
      ? ` (or [${bare.slice(0, last)}]:${bare.slice(last + 1)} if ${bare.slice(last + 1)} is the port)`
      : '';
  throw invalid(`"${text}" has no port: write an IPv6 address with its port in brackets, [${bare}]:PORT${maybe}.`);
}

/**
 * A URL host as it goes on the wire: a non-special scheme (`tls://`) leaves an internationalised name
 * percent-encoded, where `https://` gives its IDNA (punycode) form; both become the punycode form here.
 */
function asciiHost(hostname: string, text: string): string {
  if (!/%|[^ -~]/.test(hostname)) return hostname;
  let decoded: string;
  try {
    decoded = decodeURIComponent(hostname);
  } catch {
    throw invalid(`"${text}" has a host name that is not valid.`);
  }
  const ascii = domainToASCII(decoded);
  if (ascii === '') throw invalid(`"${text}" has a host name that is not a valid (internationalised) domain name.`);
  return ascii;
}

function fromUrl(text: string, scheme: string, opts: ParseHostPortOptions): ParsedHostPort {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`"${text}" is not a valid URL (an IPv6 address goes in brackets: http://[::1]:8080/).`);
  }
  const bracketed = url.hostname.startsWith('[');
  const host = bracketed ? url.hostname.slice(1, -1) : asciiHost(url.hostname, text);
  if (host === '') throw invalid(`"${text}" has no host.`);
  if (url.port !== '') return { host, port: parsePort(url.port), scheme };
  const port = SCHEME_PORTS[scheme] ?? opts.defaultPort;
  if (port === undefined) throw invalid(`"${text}" has no port, and ${scheme}:// has no usual one: add :PORT.`);
  return { host, port, scheme };
}

/**
 * Reads a host and port the way a person writes them, the one rule for every prompt, flag and file:
 * `host:port`, `[IPv6]:port`, `[IPv6]`, a bare IPv6 address (never with a port; one whose last group could be
 * a port, like `::1:80`, must be written in brackets), `host` alone when `defaultPort` is given, and URLs (`https://host/path`: the scheme's usual
 * port when none is written). IPv6 zones (`fe80::1%eth0`) are kept. Throws `invalid-input` with the reason.
 */
export function parseHostPort(input: string, opts: ParseHostPortOptions = {}): ParsedHostPort {
  const text = input.trim();
  if (text === '') throw invalid('Enter a host and port, for example localhost:8080 or [::1]:22.');
  const scheme = URL_SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme) return fromUrl(text, scheme, opts);
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracket) {
    const host = bracket[1] ?? '';
    if (!isIpv6Host(host)) throw invalid(`"${text}": only IPv6 addresses go in brackets.`);
    if (bracket[2] !== undefined) return { host, port: parsePort(bracket[2]) };
    return { host, port: needPort(text, opts, true) };
  }
  if (text.indexOf(':') !== text.lastIndexOf(':')) {
    const last = text.lastIndexOf(':');
    if (isIpv6Host(text) && /^[0-9]{1,5}$/.test(text.slice(last + 1)) && isIpv6Host(text.slice(0, last))) {
      throw invalid(
        `"${text}" could be the IPv6 address ${text} or [${text.slice(0, last)}]:${text.slice(last + 1)}: write it in brackets, [${text}]:PORT or [${text.slice(0, last)}]:${text.slice(last + 1)}.`,
      );
    }
    if (isIpv6Host(text)) return { host: text, port: needPort(text, opts, true) };
    throw invalid(`"${text}" is not host:port (write an IPv6 address with a port in brackets: [::1]:443).`);
  }
  const colon = text.indexOf(':');
  if (colon < 0) return { host: checkHost(text, text), port: needPort(text, opts, false) };
  return { host: checkHost(text.slice(0, colon), text), port: parsePort(text.slice(colon + 1)) };
}

/**
 * Reads a host alone: an IP address (IPv6 with or without brackets, legacy IPv4 forms such as `127.1`) or a
 * host name. Throws `invalid-input` with the reason.
 */
export function parseHost(input: string): string {
  const text = input.trim();
  if (text === '') throw invalid('Enter a host name or an IP address.');
  const bare = /^\[(.*)\]$/.exec(text)?.[1] ?? text;
  if (bare.includes(':')) {
    if (!isIpv6Host(bare)) throw invalid(`"${text}" is not a valid IPv6 address.`);
    return bare;
  }
  return checkHost(bare, text);
}

/** Why `text` is not a host and port, or undefined (for input boxes). */
export function hostPortProblem(text: string, opts: ParseHostPortOptions = {}): string | undefined {
  return problemOf(() => parseHostPort(text, opts));
}

/** A host as it goes before `:port` or into a URL: IPv6 addresses in brackets. */
export function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** `host:port`, with an IPv6 host in brackets (`[::1]:53`): the one way NetProbe writes an endpoint. */
export function formatHostPort(host: string, port: number | string): string {
  return `${formatHost(host)}:${port}`;
}

/** What a person typed where a host is asked: the host, and the port when the text named one. */
export interface HostInput {
  host: string;
  /** From `host:port`, `[IPv6]:port` or a URL (its port, or its scheme's usual one). */
  port?: number;
  /** Lower-case scheme of a URL (`https`). */
  scheme?: string;
}

/**
 * Reads a host the way a person types it where a host is asked — the one rule for every host prompt and CLI
 * host argument: a name or address (`example.com`, `127.1`, `::1`, `[::1]`, `fe80::1%eth0`), or with a port
 * (`host:port`, `[IPv6]:port`), or a URL (`https://host:8443/path`; the scheme's usual port when none is
 * written, no port for a scheme without one). A bare IPv6 address is always an address (never address:port).
 * Throws `invalid-input` with the reason.
 */
export function parseHostInput(input: string): HostInput {
  const text = input.trim();
  if (text === '') throw invalid('Enter a host name or an IP address (host:port and URLs work too).');
  const scheme = URL_SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme) {
    // Port 0 stands for "none" here: a written port is 1–65535, and a scheme without a usual one gives none.
    const r = fromUrl(text, scheme, { defaultPort: 0 });
    return r.port === 0 ? { host: r.host, scheme } : r;
  }
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  if (bare !== text || isIpv6Host(text)) return { host: parseHost(text) };
  if (text.startsWith('[') || (text.includes(':') && text.indexOf(':') === text.lastIndexOf(':'))) {
    const hp = parseHostPort(text);
    return { host: hp.host, port: hp.port };
  }
  return { host: parseHost(text) };
}

/** Why `text` is not a host (with an optional port, or a URL), or undefined (for input boxes). */
export function hostInputProblem(text: string): string | undefined {
  return problemOf(() => parseHostInput(text));
}
