import type { HttpError } from '../../core/http/http-error';
import type { ConnectionInfo, HttpExchange, HttpResult } from '../../core/http/types';
import type { Http2FrameJson } from '../../core/http/http2/frame-view';
import { describeConnection, escapeControl, frameJson } from '../../core/http/http2/frame-view';
import type { TlsDetails } from '../../core/http/tls-info';
import { ms } from '../format';

/** `curl -v`-style lines for one exchange's connection, request and response head. */
export function verboseLines(ex: HttpExchange, showConnection: boolean): string[] {
  const out: string[] = [];
  const c = ex.connection;
  if (showConnection) {
    out.push(`* Connected to ${c.target.host} (${c.remoteAddress}) port ${c.remotePort}${c.via !== 'direct' ? ` via ${c.via}` : ''}, from ${c.localAddress ?? '?'}:${c.localPort ?? '?'}`);
    if (c.tls) out.push(...tlsLines(c.tls));
  } else {
    out.push(`* Re-using connection #${c.id} to ${c.target.host}:${c.target.port}`);
  }
  for (const ch of ex.request.changes) out.push(`* Changed: ${ch}`);
  const h2 = ex.http2;
  if (h2) {
    // HTTP/2: the header lists; the frames that carried them are listed per connection (verboseReport).
    out.push(`* Stream ${h2.streamId}${h2.headersSentMs !== undefined ? `: headers sent at ${ms(h2.headersSentMs)}` : ''}${h2.firstByteMs !== undefined ? `, first byte at ${ms(h2.firstByteMs)}` : ''}${h2.lastByteMs !== undefined ? `, last byte at ${ms(h2.lastByteMs)}` : ''}`);
    for (const [k, v] of h2.requestHeaders) out.push(`> ${escapeControl(k)}: ${escapeControl(v)}`);
    if (ex.request.bodyBytes) out.push(`* ${ex.request.bodyBytes} bytes of request body`);
    const r = ex.response;
    if (r) {
      for (const i of r.informational) out.push(`< :status: ${i.statusCode}`, ...i.headers.map(([k, v]) => `< ${escapeControl(k)}: ${escapeControl(v)}`), '<');
      out.push(`< :status: ${r.statusCode}`, ...r.headers.map(([k, v]) => `< ${escapeControl(k)}: ${escapeControl(v)}`), '<');
    }
    if (h2.trailers) out.push(...h2.trailers.map(([k, v]) => `< (trailer) ${escapeControl(k)}: ${escapeControl(v)}`));
    if (h2.reset) out.push(`* Stream reset by the ${h2.reset.by}: ${h2.reset.errorName}`);
  }
  if (!h2) {
    for (const line of ex.request.bytes.subarray(0, ex.request.headBytes).toString('latin1').split('\r\n').slice(0, -1)) out.push(`> ${line}`);
    if (ex.request.bodyBytes) out.push(`* ${ex.request.bodyBytes} bytes of request body`);
  }
  const r = ex.response;
  if (r && !h2) {
    for (const i of r.informational) out.push(`< HTTP/1.1 ${i.statusCode} ${i.statusText}`, ...i.headers.map(([k, v]) => `< ${k}: ${v}`), '<');
    out.push(`< HTTP/${r.httpVersion} ${r.statusCode} ${r.statusText}`, ...r.headers.map(([k, v]) => `< ${k}: ${v}`), '<');
  }
  for (const w of ex.warnings) out.push(`* Warning: ${w}`);
  const t = ex.timings;
  out.push(`* Timing: dns ${ms(t.dns)}, connect ${ms(t.connect)}, tls ${ms(t.tls)}, send ${ms(t.send)}, wait ${ms(t.wait)}, download ${ms(t.download)}, total ${ms(t.total)}`);
  out.push(`* ${ex.bytesSent} bytes sent, ${ex.bytesReceived} bytes received${ex.closed ? `; connection closed by the ${ex.closed.by} (${ex.closed.how.toUpperCase()})` : ''}`);
  return out;
}

/** The TLS session and certificate chain, one item per line. */
export function tlsLines(t: TlsDetails): string[] {
  const out = [`* TLS ${t.protocol}, ${t.cipher}${t.alpn ? `, ALPN ${t.alpn}` : ''}${t.servername ? `, SNI ${t.servername}` : ''}${t.keyExchange ? `, ${t.keyExchange}` : ''}`];
  out.push(`* Certificate ${t.authorized ? 'verified' : `NOT verified: ${t.authorizationError ?? 'unknown reason'}`}`);
  t.chain.forEach((c, i) => {
    out.push(`*  [${i}] subject: ${c.subject}`);
    if (c.subjectAltNames.length) out.push(`*      SAN: ${c.subjectAltNames.join(', ')}`);
    out.push(`*      issuer: ${c.issuer}`);
    out.push(`*      valid: ${c.validFrom} → ${c.validTo} (${c.daysLeft < 0 ? `expired ${-c.daysLeft} days ago` : `${c.daysLeft} days left`})`);
    out.push(`*      key: ${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ''}${c.curve ? ` (${c.curve})` : ''}, serial ${c.serialNumber}`);
    out.push(`*      SHA-256: ${c.fingerprintSha256}`);
  });
  return out;
}

/** The distinct connections of some exchanges, in order. */
function connectionsOf(exchanges: HttpExchange[]): ConnectionInfo[] {
  const out: ConnectionInfo[] = [];
  for (const e of exchanges) if (!out.includes(e.connection)) out.push(e.connection);
  return out;
}

/** `-v` lines for a whole run: each exchange as {@link verboseLines}, then each HTTP/2 connection's frames. */
export function verboseReport(exchanges: HttpExchange[]): string[] {
  const out: string[] = [];
  for (const ex of exchanges) out.push(...verboseLines(ex, !ex.reused));
  for (const c of connectionsOf(exchanges)) if (c.http2) out.push(...describeConnection(c.http2).map(l => `* ${l}`));
  return out;
}

/** Notes to print when HTTP/2 was asked for and HTTP/1.1 was used (the server refused h2, or no TLS for ALPN). */
export function negotiationNotes(exchanges: HttpExchange[]): string[] {
  return connectionsOf(exchanges).flatMap(c => (c.negotiation?.used === '1.1' && c.negotiation.note ? [c.negotiation.note] : []));
}

/** Every HTTP/2 frame of the exchanges' connections, in JSON form (`connection` names the connection). */
export function framesJson(exchanges: HttpExchange[]): Http2FrameJson[] {
  return connectionsOf(exchanges).flatMap(c => (c.http2 ? c.http2.frames.map(f => frameJson(f, c.id)) : []));
}

/** The `http2` object of `--json`: negotiation per connection, both sides' settings, GOAWAY, frames not kept. */
export function http2Json(exchanges: HttpExchange[]): Record<string, unknown> | undefined {
  const conns = connectionsOf(exchanges).filter(c => c.negotiation);
  if (conns.length === 0) return undefined;
  return {
    connections: conns.map(c => ({
      connection: c.id, ...c.negotiation,
      ...(c.http2 ? {
        localSettings: c.http2.localSettings, remoteSettings: c.http2.remoteSettings, framesDropped: c.http2.framesDropped,
        bytesSent: c.http2.bytesSent, bytesReceived: c.http2.bytesReceived, ...(c.http2.goaway ? { goaway: c.http2.goaway } : {}),
      } : {}),
    })),
  };
}

function exchangeHttp2Json(e: HttpExchange): Record<string, unknown> {
  const h = e.http2;
  if (!h) return {};
  return {
    http2: {
      streamId: h.streamId, headersSentMs: h.headersSentMs, firstByteMs: h.firstByteMs, lastByteMs: h.lastByteMs,
      requestHeaders: h.requestHeaders, requestHeaderBytes: h.requestHeaderBytes, framesSent: h.framesSent, framesReceived: h.framesReceived,
      ...(h.trailers ? { trailers: h.trailers } : {}), ...(h.reset ? { reset: h.reset } : {}),
    },
  };
}

/** The JSON of a failed `netprobe http --json`: the error, what each exchange got, and the HTTP/2 frames seen. */
export function httpErrorJson(e: HttpError): Record<string, unknown> {
  const h2 = http2Json(e.partial);
  const frames = framesJson(e.partial);
  return {
    error: { code: e.code, message: e.message, ...(e.errno ? { errno: e.errno } : {}) },
    exchanges: e.partial.map(x => ({ url: x.url, status: x.response?.statusCode, httpVersion: x.response?.httpVersion, bytesReceived: x.bytesReceived, error: x.error, ...exchangeHttp2Json(x) })),
    ...(h2 ? { http2: h2 } : {}), ...(frames.length ? { frames } : {}),
  };
}

/** The JSON shape of `netprobe http --json` (issue contract: status, headers, timings, tls, bytes, body). */
export function httpJson(result: HttpResult, includeBody: boolean): Record<string, unknown> {
  const f = result.final;
  const r = f.response;
  const body = r?.body;
  const h2 = http2Json(result.exchanges);
  const frames = framesJson(result.exchanges);
  return {
    url: f.url,
    status: r?.statusCode,
    statusText: r?.statusText,
    httpVersion: r?.httpVersion,
    headers: r?.headers,
    timings: f.timings,
    curlTimings: f.curl,
    tls: f.connection.tls ?? null,
    remoteAddress: f.connection.remoteAddress,
    remotePort: f.connection.remotePort,
    bytesSent: f.bytesSent,
    bytesReceived: f.bytesReceived,
    ...(body?.file ? { bodyFile: body.file, bodySize: body.size } : includeBody && body?.data ? { bodyBase64: body.data.toString('base64'), bodySize: body.size } : { bodySize: body?.size ?? 0 }),
    bodyTruncated: body?.truncated ?? false,
    warnings: f.warnings,
    requestChanges: f.request.changes,
    connections: result.connections,
    exchanges: result.exchanges.map(e => ({
      index: e.index, hop: e.hop, url: e.url, method: e.request.method, status: e.response?.statusCode, reused: e.reused,
      connection: e.connection.id, bytesSent: e.bytesSent, bytesReceived: e.bytesReceived, timings: e.timings, ...(e.error ? { error: e.error } : {}),
      ...exchangeHttp2Json(e),
    })),
    totalMs: result.totalMs,
    ...(h2 ? { http2: h2 } : {}),
    ...(frames.length ? { frames } : {}),
  };
}
