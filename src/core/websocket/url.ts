import { WebSocketError } from './errors';

/** Where a `ws://`/`wss://` URL points. */
export interface WebSocketTarget {
  /** The URL normalised (`http:`/`https:` given as `ws:`/`wss:`). */
  url: string;
  secure: boolean;
  /** Host name or address, IPv6 without brackets. */
  host: string;
  port: number;
  /** Path and query sent in the request line. */
  path: string;
  /** The Host header's value: host, and port unless it is the scheme's default. */
  authority: string;
  /** `user:password` from the URL, decoded, when it has them (sent as Basic authorization). */
  userinfo?: string;
}

/**
 * Parses a WebSocket URL: `ws://` or `wss://` (`http://`/`https://` are taken as them), default ports 80/443,
 * no fragment (RFC 6455 §3). Throws an `invalid-input` {@link WebSocketError} naming the problem.
 */
export function parseWebSocketUrl(text: string): WebSocketTarget {
  const trimmed = text.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new WebSocketError('url', 'invalid-input', `"${trimmed}" is not a WebSocket URL: write ws://HOST[:PORT]/PATH or wss://HOST[:PORT]/PATH.`);
  }
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    throw new WebSocketError('url', 'invalid-input', `"${trimmed}" is not a valid URL.`);
  }
  const scheme = u.protocol === 'http:' ? 'ws:' : u.protocol === 'https:' ? 'wss:' : u.protocol;
  if (scheme !== 'ws:' && scheme !== 'wss:') throw new WebSocketError('url', 'invalid-input', `The URL's scheme is ${u.protocol.slice(0, -1)}; a WebSocket URL starts with ws:// or wss://.`);
  if (u.hash) throw new WebSocketError('url', 'invalid-input', 'A WebSocket URL cannot have a fragment (#…).');
  if (!u.hostname) throw new WebSocketError('url', 'invalid-input', 'The URL has no host.');
  if (u.protocol !== scheme) u.protocol = scheme;
  const secure = scheme === 'wss:';
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  const userinfo = u.username || u.password ? `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` : undefined;
  return {
    url: u.href, secure, host, port: u.port ? Number(u.port) : secure ? 443 : 80, path: `${u.pathname || '/'}${u.search}`, authority: u.host,
    ...(userinfo !== undefined ? { userinfo } : {}),
  };
}
