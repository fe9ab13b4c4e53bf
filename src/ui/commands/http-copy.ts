import { formatHost } from '../../core/address/host-port';
import type { HttpExchange } from '../../core/http/types';
import type { ProxyConfig } from '../../core/proxy/types';
import { curlProxyArgs, formatProxyUrl } from '../../core/proxy/url';

/** What Copy as curl / Python needs besides the exchange (the password of a proxy is never written). */
export interface CopyOptions {
  insecure?: boolean;
  caFile?: string;
  /** The proxy the request went through. */
  proxy?: ProxyConfig;
}

/** Quotes for a POSIX shell (single quotes). */
function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Bytes escaped the same way for a bash `$'…'` string and a Python `b'…'` literal. */
function escapedBytes(b: Buffer): string {
  let out = '';
  for (const c of b) {
    if (c === 0x5c) out += '\\\\';
    else if (c === 0x27) out += "\\'";
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Bytes as a bash $'…' string. */
function bashBytes(b: Buffer): string {
  return `$'${escapedBytes(b)}'`;
}

/** Bytes as a Python bytes literal. */
export function pythonBytes(b: Buffer): string {
  return `b'${escapedBytes(b)}'`;
}

/**
 * A curl command that sends the same request to the same address: method, headers in order (curl's own
 * User-Agent/Accept suppressed when the request has none), body bytes, `--resolve` to pin the address, and
 * `--proxy` (password shown as `****`; curl takes one proxy, so a chain is named in a trailing comment).
 */
export function curlCommand(ex: HttpExchange, opts: CopyOptions = {}): string {
  const req = ex.request;
  const t = ex.connection.target;
  const url = new URL(ex.url);
  const parts = ['curl', '-v', '--http1.1'];
  if (req.method !== 'GET' || req.bodyBytes) parts.push('-X', shQuote(req.method));
  const addr = ex.connection.remoteAddress;
  if (addr && ex.connection.via === 'direct' && url.hostname.replace(/^\[|\]$/g, '') !== addr) {
    parts.push('--resolve', shQuote(`${url.hostname.replace(/^\[|\]$/g, '')}:${url.port || (t.tls ? 443 : 80)}:${formatHost(addr)}`));
  }
  const names = new Set(req.headers.map(([k]) => k.toLowerCase()));
  for (const [k, v] of req.headers) {
    if (k.toLowerCase() === 'host' && v === url.host) continue;
    parts.push('-H', shQuote(`${k}: ${v}`));
  }
  if (!names.has('user-agent')) parts.push('-H', shQuote('User-Agent:'));
  if (!names.has('accept')) parts.push('-H', shQuote('Accept:'));
  if (req.bodyBytes && !names.has('content-type')) parts.push('-H', shQuote('Content-Type:'));
  if (req.bodyBytes) parts.push('--data-binary', bashBytes(req.bytes.subarray(req.headBytes)));
  if (opts.insecure) parts.push('-k');
  if (opts.caFile) parts.push('--cacert', shQuote(opts.caFile));
  const proxyArgs = opts.proxy ? curlProxyArgs(opts.proxy) : [];
  parts.push(...proxyArgs.map(a => (a.startsWith('--') ? a : shQuote(a))));
  parts.push(shQuote(ex.url));
  if (opts.proxy && !proxyArgs.length) parts.push(`# NetProbe went through the proxy chain ${formatProxyUrl(opts.proxy)}; curl takes one proxy`);
  return parts.join(' ');
}

/** The request bytes as text (CRLF line endings kept). */
export function rawRequestText(ex: HttpExchange): string {
  return ex.request.bytes.toString('latin1');
}

/** A standalone Python 3 script that sends the exact bytes over a socket (TLS when used) and prints the reply. */
export function pythonSocketCode(ex: HttpExchange, opts: CopyOptions = {}): string {
  const t = ex.connection.target;
  const lines = [
    ...(opts.proxy ? [`# NetProbe sent this through ${formatProxyUrl(opts.proxy)}; this script connects directly.`] : []),
    'import socket',
    ...(t.tls ? ['import ssl'] : []),
    '',
    `HOST, PORT = ${JSON.stringify(t.host)}, ${t.port}`,
    `REQUEST = ${pythonBytes(ex.request.bytes)}`,
    '',
    'sock = socket.create_connection((HOST, PORT), timeout=10)',
  ];
  if (t.tls) {
    lines.push(opts.caFile ? `ctx = ssl.create_default_context(cafile=${JSON.stringify(opts.caFile)})` : 'ctx = ssl.create_default_context()');
    if (opts.insecure) lines.push('ctx.check_hostname = False', 'ctx.verify_mode = ssl.CERT_NONE');
    lines.push(
      `ctx.set_alpn_protocols(['http/1.1'])`,
      `sock = ctx.wrap_socket(sock, server_hostname=${JSON.stringify(ex.connection.tls?.servername ?? t.host)})`,
    );
  }
  lines.push(
    'sock.sendall(REQUEST)',
    'sock.settimeout(2)  # keep-alive servers do not close: stop after 2 s of silence',
    'chunks = []',
    'try:',
    '    while True:',
    '        data = sock.recv(65536)',
    '        if not data:',
    '            break',
    '        chunks.append(data)',
    'except socket.timeout:',
    '    pass',
    'sock.close()',
    "print(b''.join(chunks).decode('latin-1'))",
  );
  return `${lines.join('\n')}\n`;
}
