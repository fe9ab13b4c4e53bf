import { isCredentialName } from './credentials';
import type { PreparedRequest } from './request-text';
import { hostHeaderValue, prepareRequest } from './request-text';
import type { HttpTarget } from './target';
import type { HttpExchange } from './types';
import { parseHttpUrl } from './target';

const SIMPLE_HOST = /^([a-z0-9][a-z0-9.-]*)(?::(\d{1,5}))?$/i;
/** The URL standard reads a host whose last label is a number (decimal or 0x hex) as an IPv4 address. */
const ENDS_IN_NUMBER = /(?:^|\.)(?:\d+|0x[0-9a-f]*)\.?$/i;
const CANONICAL_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * The URL a request on `target` stands for: the Host header's name with the port actually connected to
 * (so a relative redirect stays on the same server).
 */
export function requestUrl(target: HttpTarget, req: Pick<PreparedRequest, 'target' | 'headers'>): string {
  if (/^https?:\/\//i.test(req.target)) return req.target;
  const scheme = target.tls ? 'https' : 'http';
  const hostHeader = req.headers.find(([k]) => k.toLowerCase() === 'host')?.[1];
  let authority = hostHeaderValue(target.host, target.port, target.tls);
  const simple = hostHeader ? SIMPLE_HOST.exec(hostHeader) : null;
  if (simple && (!ENDS_IN_NUMBER.test(simple[1] ?? '') || CANONICAL_IPV4.test(simple[1] ?? '')) && Number(simple[2] ?? 0) <= 65535) {
    // What the URL parser gives for a plain name or dotted quad, without building a URL: lower case, and the port
    // connected to when the Host header has none (or the scheme's default, which URL drops).
    const given = simple[2] ? Number(simple[2]) : undefined;
    const port = given === undefined || given === (target.tls ? 443 : 80) ? target.port : given;
    authority = hostHeaderValue((simple[1] ?? '').toLowerCase(), port, target.tls);
  } else if (hostHeader) {
    try {
      const u = new URL(`${scheme}://${hostHeader}`);
      authority = hostHeaderValue(u.hostname.replace(/^\[|\]$/g, ''), u.port ? Number(u.port) : target.port, target.tls);
    } catch {
      // An unparsable Host header: name the server by the address connected to.
    }
  }
  return `${scheme}://${authority}${req.target.startsWith('/') ? req.target : `/${req.target}`}`;
}

/** The next hop of a redirect chain and what was not carried over to it. */
export interface RedirectHop {
  target: HttpTarget;
  url: string;
  raw: Buffer;
  /** Headers left out because they carry credentials and the redirect goes to another origin. */
  droppedHeaders: string[];
  /** Request body bytes left out. */
  droppedBodyBytes: number;
  /** The redirect goes to another origin (scheme, host or port differ). */
  crossOrigin: boolean;
}

/**
 * The next request of a redirect chain: 303 (and 301/302 after a POST) become a GET; 307/308 repeat the method.
 * The body is sent again only on a 307/308 to the same origin. Across origins every credential-like header
 * ({@link isCredentialName}: Authorization, Cookie, X-Api-Key, Private-Token, …) is dropped, and so is every header
 * whose value holds one of `secrets` (values from `{{$processEnv}}`). Returns undefined when the response is not a
 * redirect with a usable Location.
 */
export function redirectRequest(
  statusCode: number,
  location: string | undefined,
  fromUrl: string,
  req: PreparedRequest,
  fromTarget: HttpTarget,
  secrets: readonly string[] = [],
): RedirectHop | undefined {
  if (![301, 302, 303, 307, 308].includes(statusCode) || !location) return undefined;
  let next: URL;
  try {
    next = new URL(location, fromUrl);
  } catch {
    return undefined;
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return undefined;
  const parsed = parseHttpUrl(next.href);
  const path = parsed.path;
  const from = new URL(fromUrl);
  // Same origin: stay on the server connected to (it may be an address serving that name).
  const sameOrigin = from.origin === next.origin;
  const target = sameOrigin ? fromTarget : parsed.target;
  const hostLine = sameOrigin
    ? (req.headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? next.host)
    : hostHeaderValue(target.host, target.port, target.tls);
  const repeat = statusCode === 307 || statusCode === 308;
  const method = repeat
    ? req.method
    : statusCode === 303 || req.method.toUpperCase() === 'POST'
      ? req.method.toUpperCase() === 'HEAD'
        ? 'HEAD'
        : 'GET'
      : req.method;
  const body = req.bytes.subarray(req.headBytes);
  const dropBody = !(repeat && sameOrigin) && (body.length > 0 || req.headers.some(([k]) => /^(content-length|transfer-encoding)$/i.test(k)));
  const holdsSecret = (v: string): boolean => secrets.some(x => x !== '' && v.includes(x));
  const dropped = sameOrigin ? [] : req.headers.filter(([k, v]) => isCredentialName(k) || holdsSecret(v)).map(([k]) => k);
  const skip = new Set(['host', ...(dropBody ? ['content-length', 'transfer-encoding', 'content-type'] : []), ...dropped.map(k => k.toLowerCase())]);
  const headers = req.headers.filter(([k]) => !skip.has(k.toLowerCase()));
  const head = [`${method} ${path} HTTP/${req.httpVersion}`, `Host: ${hostLine}`, ...headers.map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  return {
    target,
    url: next.href,
    raw: Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), dropBody ? Buffer.alloc(0) : body]),
    droppedHeaders: dropped,
    droppedBodyBytes: dropBody ? body.length : 0,
    crossOrigin: !sameOrigin,
  };
}

/** Re-prepares redirect bytes (they are already well-formed, so nothing changes). */
export function prepareRedirect(raw: Buffer): PreparedRequest {
  return prepareRequest(raw);
}

const REDIRECT_NOTE = 'Redirect';

/** True for the change {@link nextHop} notes on a redirected request (kept when HTTP/2 restates the changes). */
export function isRedirectNote(change: string): boolean {
  return change.startsWith(`${REDIRECT_NOTE}:`) || change.startsWith(`${REDIRECT_NOTE} to another origin:`);
}

/** Where a redirect chain goes next: the target, URL and prepared request of the following hop. */
export interface NextHop {
  target: HttpTarget;
  url: string;
  req: PreparedRequest;
}

/**
 * The hop after `ex` (sent as `req` to `url` on `target`) when its response is a redirect to follow, the one rule
 * for HTTP/1.1 and HTTP/2: {@link redirectRequest}'s next request, with what it no longer sends (credentials and
 * headers holding one of `secrets` across origins, a body) noted in its changes. Undefined when there is nothing to follow, or when the response's framing
 * is ambiguous (then `ex` gets a warning saying why the redirect is not followed).
 */
export function nextHop(ex: HttpExchange, url: string, req: PreparedRequest, target: HttpTarget, secrets: readonly string[] = []): NextHop | undefined {
  const res = ex.response;
  if (!res) return undefined;
  const location = res.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
  const next = redirectRequest(res.statusCode, location, url, req, target, secrets);
  if (!next) return undefined;
  const framing = ex.violations.filter(v => v.framing);
  if (framing.length > 0) {
    ex.warnings.push(
      `Not following the redirect to ${next.url}: this response's framing is ambiguous (${[...new Set(framing.map(v => v.code))].join(', ')}), ` +
        'so another reader could see a different response; the connection is not reused either.',
    );
    return undefined;
  }
  const nextReq = prepareRedirect(next.raw);
  if (next.droppedHeaders.length || next.droppedBodyBytes) {
    const what = [...next.droppedHeaders, ...(next.droppedBodyBytes ? [`the ${next.droppedBodyBytes}-byte body`] : [])].join(', ');
    nextReq.changes.unshift(`${REDIRECT_NOTE}${next.crossOrigin ? ' to another origin' : ''}: not sent again: ${what}.`);
  }
  return { target: next.target, url: next.url, req: nextReq };
}
