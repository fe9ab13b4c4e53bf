import { hostNameProblem } from '../../address/host-name';
import { parseHostPort } from '../../address/host-port';
import { parseAddressLiteral } from '../../address/literal';
import { NetProbeError } from '../../errors';
import type { Nameserver } from '../types';

/** Default ports: 853 for DNS over TLS (RFC 7858), 443 for DNS over HTTPS. */
export const DOT_PORT = 853;
export const DOH_PORT = 443;
/** The path a DoH URL without one gets (RFC 8484's example, what most servers use). */
export const DOH_DEFAULT_PATH = '/dns-query';

/** True when the spec names an encrypted transport (`tls://…`, `https://…`). */
export function isEncryptedSpec(spec: string): boolean {
  return /^@?(tls|https):\/\//i.test(spec.trim());
}

/** An address literal (canonical form, IPv6 zone kept) or a host name (core's one rule); throws `invalid-input` otherwise. */
function checkHost(host: string, spec: string): string {
  if (host === '') throw new NetProbeError('invalid-input', `"${spec}" has no host.`);
  const literal = parseAddressLiteral(host);
  if (literal) return literal.zone ? `${literal.address}%${literal.zone}` : literal.address;
  const problem = hostNameProblem(host);
  if (problem) throw new NetProbeError('invalid-input', `"${spec}": ${problem}`);
  return host;
}

/** `tls://HOST[:PORT]`, `tls://[IPv6][:PORT]` (the one host:port rule, {@link parseHostPort}; 853 by default). */
function parseTls(spec: string, rest: string): Nameserver {
  if (/[/?#]/.test(rest)) throw new NetProbeError('invalid-input', `"${spec}": a tls:// nameserver is HOST[:PORT] with no path.`);
  const { host, port } = parseHostPort(`tls://${rest}`, { defaultPort: DOT_PORT });
  return { spec, host: checkHost(host, spec), port, source: 'user', protocol: 'tls' };
}

/** `https://HOST[:PORT]/PATH[?QUERY]`; `get` in the query (`?get`, `&get`) asks for GET and is not sent. */
function parseHttps(spec: string, text: string): Nameserver {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new NetProbeError('invalid-input', `"${spec}" is not a valid https:// URL.`);
  }
  if (url.username || url.password) throw new NetProbeError('invalid-input', `"${spec}": credentials in a DoH URL are not supported.`);
  if (url.hash) throw new NetProbeError('invalid-input', `"${spec}": a DoH URL has no #fragment.`);
  const { host: rawHost, port } = parseHostPort(text, { defaultPort: DOH_PORT });
  const host = checkHost(rawHost, spec);
  const params = url.search
    .replace(/^\?/, '')
    .split('&')
    .filter(p => p !== '');
  const get = params.some(p => p.toLowerCase() === 'get' || p.toLowerCase() === 'get=1');
  if (params.some(p => /^dns=/i.test(p))) throw new NetProbeError('invalid-input', `"${spec}": leave the dns= parameter out; NetProbe adds it for GET.`);
  const kept = params.filter(p => p.toLowerCase() !== 'get' && p.toLowerCase() !== 'get=1');
  const hasPath = text
    .slice('https://'.length)
    .replace(/^[^/?#]*/, '')
    .startsWith('/');
  const pathname = hasPath ? url.pathname : DOH_DEFAULT_PATH;
  return {
    spec,
    host,
    port,
    source: 'user',
    protocol: 'https',
    path: `${pathname}${kept.length ? `?${kept.join('&')}` : ''}`,
    method: get ? 'GET' : 'POST',
  };
}

/**
 * Reads an encrypted nameserver spec: `tls://HOST[:853]` (DNS over TLS) or `https://HOST[:443]/PATH` (DNS over HTTPS,
 * POST; `?get` for GET; no path means `/dns-query`). A leading `@` as in dig is accepted. Throws `invalid-input`.
 */
export function parseEncryptedNameserver(spec: string): Nameserver {
  const trimmed = spec.trim();
  const text = trimmed.replace(/^@/, '');
  const m = /^(tls|https):\/\/(.*)$/i.exec(text);
  if (!m) throw new NetProbeError('invalid-input', `"${spec}" is not a tls:// or https:// nameserver.`);
  const scheme = (m[1] ?? '').toLowerCase();
  return scheme === 'tls' ? parseTls(trimmed, m[2] ?? '') : parseHttps(trimmed, `https://${m[2] ?? ''}`);
}

/** The URL of a DoH nameserver (`https://host:port/path`), IPv6 in brackets, the port left out when 443. */
export function dohUrl(ns: Nameserver): string {
  const host = ns.host.includes(':') ? `[${ns.host}]` : ns.host;
  return `https://${host}${ns.port === DOH_PORT ? '' : `:${ns.port}`}${ns.path ?? DOH_DEFAULT_PATH}`;
}
