import { formatHost, parseHostPort } from '../address/host-port';
import { errorMessage } from '../errors';
import { WebSocketError } from './errors';

/** Where a `ws://`/`wss://` URL points. */
export interface WebSocketTarget {
  /** The URL normalised (`http:`/`https:` given as `ws:`/`wss:`, the default port left out). */
  url: string;
  secure: boolean;
  /** Host name or address, IPv6 without brackets (with its `%zone` when it has one). */
  host: string;
  port: number;
  /** Path and query sent in the request line. */
  path: string;
  /** The Host header's value: host, and port unless it is the scheme's default. */
  authority: string;
  /** `user:password` from the URL, decoded, when it has them (sent as Basic authorization). */
  userinfo?: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const SECURE: Readonly<Record<string, boolean>> = { ws: false, http: false, wss: true, https: true };

function invalid(detail: string): WebSocketError {
  return new WebSocketError('url', 'invalid-input', detail);
}

/**
 * Parses a WebSocket URL: `ws://` or `wss://` (`http://`/`https://` are taken as them), default ports 80/443, no
 * fragment (RFC 6455 §3); the host and port read by core's one rule (`parseHostPort`: `[IPv6]:port`, zones, legacy
 * IPv4 forms). Throws an `invalid-input` {@link WebSocketError} naming the problem.
 */
export function parseWebSocketUrl(text: string): WebSocketTarget {
  const trimmed = text.trim();
  if (trimmed === '') throw invalid('Enter a WebSocket URL, for example ws://localhost:8080/ or wss://example.com/chat.');
  const m = SCHEME.exec(trimmed);
  if (!m) throw invalid(`"${trimmed}" is not a WebSocket URL: write ws://HOST[:PORT]/PATH or wss://HOST[:PORT]/PATH.`);
  const given = (m[1] ?? '').toLowerCase();
  const secure = SECURE[given];
  if (secure === undefined) throw invalid(`The URL's scheme is ${given}; a WebSocket URL starts with ws:// or wss://.`);
  const rest = trimmed.slice(m[0].length);
  if (rest.includes('#')) throw invalid('A WebSocket URL cannot have a fragment (#…).');
  const cut = rest.search(/[/?]/);
  const authority = cut < 0 ? rest : rest.slice(0, cut);
  const tail = cut < 0 ? '' : rest.slice(cut);
  const at = authority.lastIndexOf('@');
  const hostPort = authority.slice(at + 1);
  if (hostPort === '') throw invalid('The URL has no host.');
  let host: string;
  let port: number;
  try {
    ({ host, port } = parseHostPort(hostPort, { defaultPort: secure ? 443 : 80 }));
  } catch (e) {
    throw invalid(errorMessage(e));
  }
  const defaultPort = secure ? 443 : 80;
  const scheme = secure ? 'wss' : 'ws';
  const portPart = port === defaultPort ? '' : `:${port}`;
  // The URL parser writes the path, query and userinfo as they go on the wire (percent-encoded) and lower-cases
  // names; a zone (fe80::1%eth0) is not a URL host, so it stands in for one there.
  const zone = host.includes('%');
  let u: URL;
  try {
    u = new URL(`${scheme}://${at >= 0 ? `${authority.slice(0, at)}@` : ''}${zone ? 'zone.invalid' : formatHost(host)}${portPart}${tail}`);
  } catch {
    throw invalid(`"${trimmed}" is not a valid URL.`);
  }
  if (!zone) host = u.hostname.replace(/^\[|\]$/g, '');
  const hostAuthority = `${formatHost(host)}${portPart}`;
  const path = `${u.pathname || '/'}${u.search}`;
  const userinfo = u.username || u.password ? `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` : undefined;
  const credentials = u.username || u.password ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  return {
    url: `${scheme}://${credentials}${hostAuthority}${path}`,
    secure,
    host,
    port,
    path,
    authority: hostAuthority,
    ...(userinfo !== undefined ? { userinfo } : {}),
  };
}
