import { parseHostPort, parsePort } from '../address/host-port';
import { NetProbeError } from '../errors';
import type { PreparedRequest } from './request-text';
import { hostHeaderValue } from './request-text';

/** Where a request goes: host, port and whether TLS is layered on the TCP connection. */
export interface HttpTarget {
  host: string;
  port: number;
  tls: boolean;
}

/** Parses `http://…` / `https://…` into a target and the origin-form path. */
export function parseHttpUrl(url: string): { target: HttpTarget; path: string; url: URL } {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`);
  } catch {
    throw new NetProbeError('invalid-input', `"${url}" is not a valid URL.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new NetProbeError('invalid-input', `Only http:// and https:// URLs are supported, not ${u.protocol}//.`);
  const tls = u.protocol === 'https:';
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  if (!host) throw new NetProbeError('invalid-input', `"${url}" has no host.`);
  const port = u.port ? parsePort(u.port) : tls ? 443 : 80;
  return { target: { host, port, tls }, path: `${u.pathname || '/'}${u.search}`, url: u };
}

/**
 * Reads where to send a request: anything {@link parseHostPort} reads (`host:port`, `[v6]:port`, `host`, a URL).
 * TLS when `tls` says so (a flag or an `@target … tls` word), else by the URL scheme, else on port 443; the
 * default port is 443 with TLS, else 80. Throws `invalid-input`.
 */
export function parseHttpTarget(text: string, tls?: boolean): HttpTarget {
  const { host, port, scheme } = parseHostPort(text, { defaultPort: tls ? 443 : 80 });
  const byScheme = scheme === 'https' || scheme === 'wss' ? true : scheme === 'http' || scheme === 'ws' ? false : undefined;
  return { host, port, tls: tls ?? byScheme ?? port === 443 };
}

/** @deprecated Use {@link parseHostPort} (`{ defaultPort }`), the one host:port rule. */
export function splitHostPort(text: string, defaultPort?: number): { host: string; port: number } {
  const { host, port } = parseHostPort(text, defaultPort === undefined ? {} : { defaultPort });
  return { host, port };
}

/** The usual request a URL stands for (what `curl URL` sends), as raw text. */
export function requestForUrl(url: string, method = 'GET', extraHeaders: Array<[string, string]> = []): { target: HttpTarget; raw: string } {
  const { target, path } = parseHttpUrl(url);
  const headers: Array<[string, string]> = [
    ['Host', hostHeaderValue(target.host, target.port, target.tls)],
    ['User-Agent', 'netprobe/0.1'],
    ['Accept', '*/*'],
  ];
  for (const [k, v] of extraHeaders) {
    const i = headers.findIndex(([h]) => h.toLowerCase() === k.toLowerCase());
    if (i >= 0) headers.splice(i, 1);
    headers.push([k, v]);
  }
  return { target, raw: `${method} ${path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n` };
}

/**
 * Where a prepared request should go when no target was given: the absolute-form URL in the request
 * line, else the Host header (port 443 means TLS unless `tls` says otherwise).
 */
export function targetFromRequest(req: Pick<PreparedRequest, 'target' | 'headers'>, tls?: boolean): HttpTarget {
  if (/^https?:\/\//i.test(req.target)) {
    const { target } = parseHttpUrl(req.target);
    return tls === undefined ? target : { ...target, tls };
  }
  const host = req.headers.find(([k]) => k.toLowerCase() === 'host')?.[1];
  if (!host) throw new NetProbeError('invalid-input', 'The request names no server: add a Host header, an absolute URL, or a "# @target host:port" line.');
  const hp = parseHostPort(host, { defaultPort: tls ? 443 : 80 });
  return { host: hp.host, port: hp.port, tls: tls ?? hp.port === 443 };
}
