import { formatHostPort } from '../address/host-port';
import { NetProbeError } from '../errors';
import type { NameResolver, ProxyConfig, ProxyHop, ProxyProtocol, ProxyTlsOptions } from './types';

const PROTOCOLS: readonly ProxyProtocol[] = ['socks4', 'socks4a', 'socks5', 'socks5h', 'http', 'https'];
/** The port of a SOCKS proxy URL without one. */
export const DEFAULT_PROXY_PORT = 1080;
/** The port of an `http://` or `https://` proxy URL without one: the scheme's, as URLs (and Go, Python) read it; curl assumes 1080. */
const DEFAULT_HTTP_PROXY_PORT: Record<string, number> = { http: 80, https: 443 };
/** Longest HTTP Basic user name or password accepted (SOCKS5 allows 255 bytes). */
const MAX_HTTP_CREDENTIAL_BYTES = 1024;
const MASK = '****';
/** Where a chain splits into hops: a comma followed by the next URL's scheme (a comma inside a password does not split). */
const HOP_SPLIT = /,(?=\s*[a-z][a-z0-9+.-]*:\/\/)/i;

export interface ParseProxyOptions {
  /** Password for a URL that names a user but no password (e.g. from `NETPROBE_PROXY_PASSWORD`). */
  password?: string;
  /** TLS settings for every `https://` proxy in the URL (a private CA, `insecure`). */
  tls?: ProxyTlsOptions;
}

/** Whether the scheme speaks HTTP CONNECT (`http`, `https`) rather than SOCKS. */
export function isHttpProxy(protocol: ProxyProtocol): protocol is 'http' | 'https' {
  return protocol === 'http' || protocol === 'https';
}

/** Whether a proxy of this scheme takes a password with its user name (SOCKS5 username/password, HTTP Basic). */
export function takesPassword(protocol: ProxyProtocol): boolean {
  return protocol === 'socks5' || protocol === 'socks5h' || isHttpProxy(protocol);
}

function bad(text: string, why: string): NetProbeError {
  return new NetProbeError('invalid-input', `Proxy "${redactProxyUrls(text)}" is not valid: ${why}`);
}

function decode(part: string, text: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw bad(text, `the ${what} has a broken %-escape.`);
  }
}

/**
 * Parses one proxy URL: `socks5h://user:pass@host:port` (port defaults to 1080) or `http://user:pass@host:port`
 * (HTTP CONNECT; `https://` over TLS; ports default to 80 and 443).
 */
export function parseProxyHop(input: string, opts: ParseProxyOptions = {}): ProxyHop {
  const text = input.trim();
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (!scheme) throw bad(text, 'write it as a URL such as socks5h://host:1080 or http://host:3128 (schemes: socks4, socks4a, socks5, socks5h, http, https).');
  if (!(PROTOCOLS as readonly string[]).includes(scheme)) {
    throw bad(text, `"${scheme}://" is not a proxy scheme; use socks4://, socks4a://, socks5://, socks5h:// (remote DNS), http:// or https:// (HTTP CONNECT).`);
  }
  const protocol = scheme as ProxyProtocol;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad(text, 'it is not a well-formed URL (an IPv6 proxy address goes in brackets: socks5://[::1]:1080).');
  }
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
    throw bad(text, 'a proxy URL has no path, query or fragment.');
  }
  let host = url.hostname;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === '') throw bad(text, 'the proxy host is missing.');
  const port = url.port === '' ? (DEFAULT_HTTP_PROXY_PORT[protocol] ?? DEFAULT_PROXY_PORT) : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad(text, 'the port must be 1–65535.');
  const hop: ProxyHop = { protocol, host, port };
  const username = url.username === '' ? undefined : decode(url.username, text, 'user name');
  const password = url.password === '' ? undefined : decode(url.password, text, 'password');
  if (username !== undefined) hop.username = username;
  if (password !== undefined) hop.password = password;
  else if (username !== undefined && opts.password !== undefined && takesPassword(protocol)) hop.password = opts.password;
  if (protocol === 'https' && opts.tls) hop.tls = opts.tls;
  validateHop(hop, text);
  return hop;
}

function validateHop(hop: ProxyHop, text: string): void {
  if (hop.protocol.startsWith('socks4') && hop.password !== undefined) {
    throw bad(text, 'SOCKS4 has no passwords (only a user id); use socks5:// or socks5h:// for username/password.');
  }
  if (hop.password !== undefined && hop.username === undefined) throw bad(text, `a password needs a user name (${hop.protocol}://user:pass@host).`);
  if (isHttpProxy(hop.protocol)) {
    if (hop.username?.includes(':')) throw bad(text, 'an HTTP Basic user name cannot contain ":".');
    for (const [what, v] of [
      ['user name', hop.username],
      ['password', hop.password],
    ] as const) {
      if (v !== undefined && Buffer.byteLength(v) > MAX_HTTP_CREDENTIAL_BYTES)
        throw bad(text, `the ${what} is longer than ${MAX_HTTP_CREDENTIAL_BYTES} bytes.`);
      // eslint-disable-next-line no-control-regex
      if (v !== undefined && /[\x00-\x1f\x7f]/.test(v)) throw bad(text, `the ${what} holds a control character.`);
    }
    return;
  }
  for (const [what, v] of [
    ['user name', hop.username],
    ['password', hop.password],
  ] as const) {
    if (v !== undefined && Buffer.byteLength(v) > 255) throw bad(text, `the ${what} is longer than the 255 bytes SOCKS5 allows.`);
  }
}

/**
 * Parses a proxy URL or a comma-separated chain of them (`socks5://a:1080,socks5h://b:1080`: connect to `a`,
 * which connects to `b`, which reaches the target). Throws `invalid-input` naming the problem; passwords
 * are never echoed.
 */
export function parseProxyUrl(input: string, opts: ParseProxyOptions = {}): ProxyConfig {
  const parts = input
    .split(HOP_SPLIT)
    .map(p => p.trim().replace(/^[\s,]+|[\s,]+$/g, ''))
    .filter(p => p !== '');
  const [first, ...rest] = parts.map(p => parseProxyHop(p, opts));
  if (!first) throw new NetProbeError('invalid-input', 'No proxy URL given.');
  return rest.length > 0 ? { ...first, chain: rest } : first;
}

/** The hops of a proxy config in connection order (each without `chain`). */
export function proxyHops(config: ProxyConfig): ProxyHop[] {
  const { chain, noProxy: _noProxy, ...first } = config;
  return [first, ...(chain ?? [])];
}

/** A hop as a URL; the password is always replaced by `****`. */
export function formatProxyHop(hop: ProxyHop): string {
  const user = hop.username !== undefined ? `${encodeURIComponent(hop.username)}${hop.password !== undefined ? `:${MASK}` : ''}@` : '';
  return `${hop.protocol}://${user}${formatHostPort(hop.host, hop.port)}`;
}

/** A config as URLs (a chain joined with `,`), passwords redacted: safe to log, show and export. */
export function formatProxyUrl(config: ProxyConfig): string {
  return proxyHops(config).map(formatProxyHop).join(',');
}

/**
 * Replaces the password in every URL inside `text` by `****` (for echoing user input): everything from the
 * user name's `:` up to the LAST `@` of the hop, decided before anything else splits the text, so a password
 * holding `@`, `,` or `/` never shows in part.
 */
export function redactProxyUrls(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, urls =>
    urls
      .split(HOP_SPLIT)
      .map(hop => hop.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/[^:@\s]*):\S*@/i, `$1:${MASK}@`))
      .join(','),
  );
}

/** Who resolves a target name with this protocol (for a name; IP literals need no resolution). HTTP CONNECT sends the name. */
export function nameResolverOf(protocol: ProxyProtocol): Exclude<NameResolver, 'none'> {
  return protocol === 'socks4a' || protocol === 'socks5h' || isHttpProxy(protocol) ? 'proxy' : 'client';
}

/** One sentence for the UI: who resolves host names through this proxy. */
export function describeNameResolution(config: ProxyConfig): string {
  const hops = proxyHops(config);
  const last = hops[hops.length - 1] ?? config;
  return nameResolverOf(last.protocol) === 'proxy'
    ? `${last.protocol}: the proxy resolves target host names (${isHttpProxy(last.protocol) ? 'CONNECT sends the name; ' : ''}this machine's DNS is not used for them).`
    : `${last.protocol}: this machine resolves target host names and sends the proxy an IP address.`;
}

/**
 * curl options reproducing this proxy, password redacted as `****` (curl takes one proxy: a chain yields
 * `[]`). For "Copy as curl": `['--proxy', 'socks5h://alice:****@proxy:1080']`; an HTTP proxy adds `--proxytunnel`
 * (NetProbe tunnels plain HTTP through CONNECT too) and its TLS trust options.
 */
export function curlProxyArgs(config: ProxyConfig): string[] {
  if (config.chain?.length) return [];
  const tls = config.protocol === 'https' ? config.tls : undefined;
  return [
    '--proxy',
    formatProxyHop(config),
    ...(isHttpProxy(config.protocol) ? ['--proxytunnel'] : []),
    ...(tls?.caFile ? ['--proxy-cacert', tls.caFile] : []),
    ...(tls?.insecure ? ['--proxy-insecure'] : []),
  ];
}
