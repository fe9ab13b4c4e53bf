import type * as net from 'net';
import { formatHostPort } from '../address/host-port';
import type { NetProbeErrorCode } from '../errors';
import { nowMs, roundMs } from '../errors';
import { ProxyError } from './errors';
import type { HandshakeResult } from './handshake';
import type { ProxyHop, ProxyStage, ProxyStageTiming } from './types';

/** The most bytes of a proxy's answer to CONNECT read before its blank line; more is refused as hostile. */
export const MAX_CONNECT_RESPONSE_HEAD = 16 * 1024;
/** The most characters of a status line or header value quoted in a message. */
const MAX_QUOTED = 200;

const NAMED_ESCAPES: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0d: '\\r', 0x0a: '\\n', 0x09: '\\t' };

/**
 * Bytes from the network as a quoted one-line text: printable ASCII as is; `"`, `\`, CR, LF and tab as `\"`, `\\`,
 * `\r`, `\n`, `\t`; every other byte as `\xNN`; at most {@link MAX_QUOTED} characters, then `…`.
 */
export function quoteProxyText(bytes: Buffer): string {
  let out = '';
  const n = Math.min(bytes.length, MAX_QUOTED);
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0;
    out += NAMED_ESCAPES[b] ?? (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`);
  }
  return `"${out}${bytes.length > MAX_QUOTED ? '…' : ''}"`;
}

/** The authority a CONNECT request names: `host:port`, `[v6]:port`. Throws for a name that cannot go in a request line. */
function authorityOf(dest: { host: string; port: number }, hopIndex: number): string {
  const host = dest.host;
  if (!/^[A-Za-z0-9._-]+$/.test(host) && !/^[0-9A-Fa-f:.]+$/.test(host)) {
    throw new ProxyError(
      'invalid-input',
      'request',
      hopIndex,
      `"${host}" cannot be sent in a CONNECT request (only host names and IP addresses; a scoped IPv6 address has no meaning to a proxy).`,
    );
  }
  return formatHostPort(host, dest.port);
}

/**
 * The CONNECT request for `dest`, with `Proxy-Authorization: Basic` when the hop names a user (RFC 9110 §9.3.6,
 * RFC 7617). Nothing else is sent: a tunnel carries the caller's bytes unchanged.
 */
export function connectRequest(hop: ProxyHop, dest: { host: string; port: number }, hopIndex = 0): Buffer {
  const authority = authorityOf(dest, hopIndex);
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (hop.username !== undefined) {
    const token = Buffer.from(`${hop.username}:${hop.password ?? ''}`, 'utf8').toString('base64');
    lines.push(`Proxy-Authorization: Basic ${token}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** A proxy's answer to CONNECT: status, the status line quoted for messages, and the headers that explain a failure. */
export interface ConnectResponse {
  status: number;
  /** The status line as sent, quoted and escaped (`"HTTP/1.1 407 Proxy Authentication Required"`). */
  statusLine: string;
  /** `Proxy-Authenticate` schemes offered (`Basic`, `NTLM`, …). */
  authSchemes: string[];
  /** Why the proxy could not connect, from `Proxy-Status` (RFC 9209) `error=` or squid's `X-Squid-Error`. */
  proxyError?: string;
}

/** Splits a header value at the commas that are not inside a quoted string. */
function splitOutsideQuotes(value: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** Parses a complete response head (status line and header lines, without the blank line). */
export function parseConnectResponse(head: Buffer): ConnectResponse | undefined {
  const lines = head.toString('latin1').split(/\r?\n/);
  const first = lines[0] ?? '';
  const m = /^HTTP\/\d\.\d (\d{3})(?:[ \t]|$)/.exec(first);
  if (!m) return undefined;
  const authSchemes: string[] = [];
  let proxyError: string | undefined;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'proxy-authenticate') {
      // A part that starts `token=` is a parameter of the scheme before it; any other part starts with a scheme.
      for (const part of splitOutsideQuotes(value)) {
        const m2 = /^\s*([A-Za-z][\w.~+/-]*)(\s*=)?/.exec(part);
        if (m2?.[1] && m2[2] === undefined) authSchemes.push(m2[1]);
      }
    } else if (name === 'proxy-status') {
      proxyError ??= /;\s*error=("?)([A-Za-z0-9_.-]+)\1/.exec(value)?.[2];
    } else if (name === 'x-squid-error') {
      proxyError ??= value.slice(0, 64);
    }
  }
  return {
    status: Number(m[1]),
    statusLine: quoteProxyText(Buffer.from(first, 'latin1')),
    authSchemes,
    ...(proxyError !== undefined ? { proxyError } : {}),
  };
}

/** What a failed CONNECT means: the error code, the stage, and a sentence. */
function meaning(r: ConnectResponse, hop: ProxyHop, port: number): { code: NetProbeErrorCode; stage: ProxyStage; text: string } {
  const why = r.proxyError?.toLowerCase() ?? '';
  const detail = r.proxyError !== undefined ? ` (${quoteProxyText(Buffer.from(r.proxyError, 'latin1'))})` : '';
  // 401 is what some proxies (tinyproxy) answer to wrong credentials, where RFC 9110 says 407.
  if (r.status === 407 || r.status === 401) {
    const basic = r.authSchemes.length === 0 || r.authSchemes.some(s => s.toLowerCase() === 'basic');
    const offered = basic ? '' : ` It offers ${r.authSchemes.join(', ')} only; NetProbe speaks Basic.`;
    return {
      code: 'proxy',
      stage: 'auth',
      text:
        hop.username === undefined
          ? `it requires authentication: give a user name and password (${hop.protocol}://user:pass@host:port).${offered}`
          : `it rejected the user name or password${hop.password === undefined ? ' (no password was given)' : ''}.${offered}`,
    };
  }
  if (/connection_refused|err_connect_fail 111\b/.test(why))
    return { code: 'refused', stage: 'request', text: `connection refused by the target: nothing listens there${detail}.` };
  if (r.status === 504 || /timeout|err_connect_fail 110\b|err_read_timeout/.test(why))
    return { code: 'timeout', stage: 'request', text: `the proxy's connection to the target timed out${detail}.` };
  if (/dns|err_dns_fail/.test(why)) return { code: 'unreachable', stage: 'request', text: `the proxy could not resolve the target's name${detail}.` };
  if (/unroutable|unreachable|err_connect_fail 11[03]\b|err_connect_fail 101\b/.test(why))
    return { code: 'unreachable', stage: 'request', text: `the target is unreachable from the proxy${detail}.` };
  if (r.status === 403 || r.status === 405) {
    const only443 = port !== 443 ? " Many proxies allow CONNECT to port 443 only (squid's SSL_ports rule, tinyproxy's ConnectPort)." : '';
    return { code: 'proxy', stage: 'request', text: `the proxy's rules forbid this connection${detail}.${only443}` };
  }
  if (r.status === 500 || r.status === 502 || r.status === 503) {
    return {
      code: 'refused',
      stage: 'request',
      text: `the proxy could not connect to the target${detail}: refused, unreachable or not resolvable from the proxy (HTTP proxies rarely say which).`,
    };
  }
  if (r.status >= 400 && r.status < 500) return { code: 'proxy', stage: 'request', text: `the proxy refused the request${detail}.` };
  return { code: 'proxy', stage: 'request', text: `that is not a 2xx answer, so no tunnel was opened${detail}.` };
}

const HTTP_PREFIX = Buffer.from('HTTP/', 'latin1');

/** Where the head ends (the index after its blank line) and where the blank line starts, or undefined. */
function headEnd(b: Buffer): { head: number; next: number } | undefined {
  const crlf = b.indexOf('\r\n\r\n', 0, 'latin1');
  const lf = b.indexOf('\n\n', 0, 'latin1');
  if (crlf < 0 && lf < 0) return undefined;
  if (lf >= 0 && (crlf < 0 || lf < crlf)) return { head: lf, next: lf + 2 };
  return { head: crlf, next: crlf + 4 };
}

/**
 * Runs HTTP CONNECT on an open socket to `hop` (plain TCP, or TLS for `https://`), asking it to connect to `dest`.
 * Reads the answer's head only (at most {@link MAX_CONNECT_RESPONSE_HEAD} bytes); bytes after it belong to the
 * tunnel and stay in the socket. A 2xx opens the tunnel; anything else is a {@link ProxyError} quoting the status
 * line (escaped, bounded) with what it means (`auth` for 407). `signal` aborts with reason `'timeout'` or `'aborted'`.
 */
export function httpConnectHandshake(
  socket: net.Socket,
  hop: ProxyHop,
  hopIndex: number,
  dest: { host: string; port: number },
  signal: AbortSignal,
  where = `proxy ${formatHostPort(hop.host, hop.port)}`,
): Promise<HandshakeResult> {
  const target = formatHostPort(dest.host, dest.port);
  const started = nowMs();
  let request: Buffer;
  try {
    request = connectRequest(hop, dest, hopIndex);
  } catch (e) {
    socket.destroy();
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
  return new Promise<HandshakeResult>((resolve, reject) => {
    let settled = false;
    let buffered: Buffer = Buffer.alloc(0);
    const cleanup = (): void => {
      socket.removeListener('readable', onReadable);
      socket.removeListener('end', onEnd);
      socket.removeListener('close', onEnd);
      socket.removeListener('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (code: NetProbeErrorCode, stage: ProxyStage, message: string, reply?: number, errno?: string, statusLine?: string): void => {
      if (settled) return;
      settled = true;
      cleanup();
      socket.destroy();
      const e = new ProxyError(code, stage, hopIndex, message, reply, errno);
      if (statusLine !== undefined) e.statusLine = statusLine;
      reject(e);
    };
    const onHead = (headBytes: Buffer, rest: Buffer): void => {
      const r = parseConnectResponse(headBytes);
      if (!r) {
        const line = headBytes.subarray(0, Math.max(0, headBytes.indexOf(0x0a)) || headBytes.length);
        return fail('proxy', 'request', `The ${where} sent a malformed status line ${quoteProxyText(line)} in answer to CONNECT ${target}.`);
      }
      if (r.status < 200 || r.status > 299) {
        const m = meaning(r, hop, dest.port);
        return fail(m.code, m.stage, `The ${where} answered CONNECT ${target} with ${r.statusLine}: ${m.text}`, r.status, undefined, r.statusLine);
      }
      settled = true;
      cleanup();
      if (rest.length > 0) socket.unshift(rest);
      const auth = hop.username !== undefined ? `, Basic auth as ${hop.username}` : '';
      const stage: ProxyStageTiming = { stage: 'request', hop: hopIndex, elapsedMs: roundMs(nowMs() - started), detail: `${r.statusLine.slice(1, -1)}${auth}` };
      resolve({ stages: [stage] });
    };
    const onReadable = (): void => {
      for (;;) {
        if (settled) return;
        const chunk = socket.read() as Buffer | null;
        if (chunk === null) return;
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        const prefix = buffered.subarray(0, HTTP_PREFIX.length);
        if (!HTTP_PREFIX.subarray(0, prefix.length).equals(prefix)) {
          const socks = buffered[0] === 0x05 || buffered[0] === 0x00 ? ' (this looks like a SOCKS proxy: use socks5:// or socks4://)' : '';
          return fail(
            'proxy',
            'request',
            `The ${where} is not an HTTP proxy: its answer to CONNECT starts with ${quoteProxyText(buffered.subarray(0, 16))}${socks}.`,
          );
        }
        const end = headEnd(buffered);
        if (end && end.head <= MAX_CONNECT_RESPONSE_HEAD) return onHead(buffered.subarray(0, end.head), buffered.subarray(end.next));
        if (buffered.length > MAX_CONNECT_RESPONSE_HEAD) {
          const nl = buffered.indexOf(0x0a);
          const line = buffered.subarray(0, Math.min(nl >= 0 ? (buffered[nl - 1] === 0x0d ? nl - 1 : nl) : buffered.length, MAX_QUOTED));
          return fail(
            'proxy',
            'request',
            `The ${where} sent more than ${MAX_CONNECT_RESPONSE_HEAD / 1024} KiB of response head to CONNECT ${target} without ending it (it starts ${quoteProxyText(line)}); NetProbe stops reading there.`,
          );
        }
      }
    };
    const onEnd = (): void => {
      const so = buffered.length > 0 ? `; its partial answer starts ${quoteProxyText(buffered.subarray(0, 64))}` : '';
      fail('proxy', 'request', `The ${where} closed the connection before answering CONNECT ${target}${so}.`);
    };
    const onError = (e: Error & { code?: string }): void =>
      fail('proxy', 'request', `The connection to the ${where} failed during the CONNECT request: ${e.code ?? e.message}.`, undefined, e.code);
    const onAbort = (): void => {
      if (signal.reason === 'timeout') fail('timeout', 'request', `The ${where} did not answer CONNECT ${target} in time.`);
      else fail('aborted', 'request', 'The proxied connection was cancelled.');
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('readable', onReadable);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
    socket.write(request);
    onReadable();
  });
}
