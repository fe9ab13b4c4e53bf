import type { ConnectionInfo, HttpExchange, HttpPhase, HttpResult } from '../../core/http/types';
import type { HttpFailure } from '../../core/http/failure';
import type { Http2FrameJson } from '../../core/http/http2/frame-view';
import { describeConnection, fieldText, frameJson } from '../../core/http/http2/frame-view';
import type { HttpViolation } from '../../core/http/violations';
import type { DecodedContent } from '../../core/http/types';
import { decodedTruncationNote } from '../../core/http/content-decoding';
import type { TlsDetails } from '../../core/tls/info';
import { connectedTo } from '../../core/route/describe';
import { ms } from '../format';

/** `curl -v`-style lines for one exchange's connection, request and response head. */
export function verboseLines(ex: HttpExchange, showConnection: boolean): string[] {
  const out: string[] = [];
  const c = ex.connection;
  if (showConnection) {
    // Through a proxy the peer is the proxy: name the target and the proxy (core's connectedTo), not the proxy as the target.
    out.push(
      c.via !== 'direct'
        ? `* Connected to ${connectedTo({ ...c.target, remoteAddress: c.remoteAddress, remotePort: c.remotePort, via: c.via })}, from ${c.localAddress ?? '?'}:${c.localPort ?? '?'}`
        : `* Connected to ${c.target.host} (${c.remoteAddress}) port ${c.remotePort}, from ${c.localAddress ?? '?'}:${c.localPort ?? '?'}`,
    );
    if (c.tls) out.push(...tlsLines(c.tls));
  } else {
    out.push(`* Re-using connection #${c.id} to ${c.target.host}:${c.target.port}`);
  }
  for (const ch of ex.request.changes) out.push(`* Changed: ${ch}`);
  const r = ex.response;
  const h2 = ex.http2;
  if (h2) {
    // HTTP/2: the header lists; the frames that carried them are listed per connection (verboseReport).
    out.push(
      `* Stream ${h2.streamId}${h2.headersSentMs !== undefined ? `: headers sent at ${ms(h2.headersSentMs)}` : ''}${h2.firstByteMs !== undefined ? `, first byte at ${ms(h2.firstByteMs)}` : ''}${h2.lastByteMs !== undefined ? `, last byte at ${ms(h2.lastByteMs)}` : ''}`,
    );
    for (const [k, v] of h2.requestHeaders) out.push(`> ${fieldText(k)}: ${fieldText(v)}`);
    if (ex.request.bodyBytes) out.push(`* ${ex.request.bodyBytes} bytes of request body`);
    if (r) {
      for (const i of r.informational) out.push(`< :status: ${i.statusCode}`, ...i.headers.map(([k, v]) => `< ${fieldText(k)}: ${fieldText(v)}`), '<');
      out.push(`< :status: ${r.statusCode}`, ...r.headers.map(([k, v]) => `< ${fieldText(k)}: ${fieldText(v)}`), '<');
    }
    if (h2.trailers) out.push(...h2.trailers.map(([k, v]) => `< (trailer) ${fieldText(k)}: ${fieldText(v)}`));
    if (h2.reset) out.push(`* Stream reset by the ${h2.reset.by}: ${h2.reset.errorName}`);
    for (const w of ex.warnings) out.push(`* Warning: ${w}`);
  } else {
    out.push(...requestLines(ex));
    if (r) {
      for (const i of r.informational) out.push(`< HTTP/1.1 ${i.statusCode} ${i.statusText}`, ...i.headers.map(([k, v]) => `< ${k}: ${v}`), '<');
      out.push(`< HTTP/${r.httpVersion} ${r.statusCode} ${r.statusText}`, ...r.headers.map(([k, v]) => `< ${k}: ${v}`), '<');
    }
    for (const w of ex.warnings) out.push(`* Warning: ${w}`);
    out.push(...receivedLines(ex));
  }
  const t = ex.timings;
  out.push(
    `* Timing: dns ${ms(t.dns)}, connect ${ms(t.connect)}, tls ${ms(t.tls)}, send ${ms(t.send)}, wait ${ms(t.wait)}, download ${ms(t.download)}, total ${ms(t.total)}`,
  );
  out.push(
    `* ${ex.bytesSent} bytes sent, ${ex.bytesReceived} bytes received${ex.closed ? `; connection closed by the ${ex.closed.by} (${ex.closed.how.toUpperCase()})` : ''}`,
  );
  return out;
}

/** An HTTP/1.1 request as `-v` shows it: its head, `> ` per line (escaped by the CLI's output), and its body's size. */
function requestLines(ex: HttpExchange): string[] {
  const out = ex.request.bytes
    .subarray(0, ex.request.headBytes)
    .toString('latin1')
    .split('\r\n')
    .slice(0, -1)
    .map(line => `> ${line}`);
  if (ex.request.bodyBytes) out.push(`* ${ex.request.bodyBytes} bytes of request body`);
  return out;
}

const PHASES: readonly HttpPhase[] = ['dns', 'connect', 'tls', 'send', 'wait', 'download'];

/**
 * `-v` lines for a failed send, as curl -v shows one: for a connection that failed before the request went out,
 * the addresses tried, the chain the server presented and why it was not trusted, and the request that was not
 * sent; then the phase that failed with the timings up to it. (An exchange that was sent is in verboseReport.)
 */
export function failureLines(f: HttpFailure): string[] {
  const ex = f.exchange;
  const c = ex.connection;
  const out: string[] = [];
  if (!f.sent) {
    const via = c.via !== 'direct' ? ` via ${c.via}` : '';
    if (c.attempts.length === 0) out.push(`* Connecting to ${c.target.host} port ${c.target.port}${via}`);
    for (const a of c.attempts)
      out.push(
        `*   Trying ${a.family === 6 ? `[${a.address}]` : a.address}:${a.port}${via}: ${a.outcome}${a.errno ? ` (${a.errno})` : ''} after ${ms(a.elapsedMs)}`,
      );
    if (c.remoteAddress && f.phase === 'tls')
      out.push(
        `* Connected to ${c.target.host} (${c.remoteAddress}) port ${c.remotePort}${via}${c.localPort ? `, from ${c.localAddress ?? '?'}:${c.localPort}` : ''}`,
      );
    if (c.tls) out.push(...tlsLines(c.tls));
    out.push(`* Request not sent (${ex.request.bytes.length} bytes):`, ...requestLines(ex));
  }
  const t = ex.timings;
  const upTo = PHASES.slice(0, PHASES.indexOf(f.phase) + 1).map(p => `${p} ${ms(t[p])}`);
  out.push(
    `* Failed in the ${f.phase} phase${f.sent ? '' : ', before the request was sent'}${ex.error ? `: ${ex.error.message}` : ''}`,
    `* Timing up to the failure: ${upTo.join(', ')}, total ${ms(t.total)}`,
  );
  return out;
}

/** The TLS session and certificate chain, one item per line. */
export function tlsLines(t: TlsDetails): string[] {
  const out = [
    `* TLS ${t.protocol}, ${t.cipher}${t.alpn ? `, ALPN ${t.alpn}` : ''}${t.servername ? `, SNI ${t.servername}` : ''}${t.keyExchange ? `, ${t.keyExchange}` : ''}`,
  ];
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

/** Received bytes shown by `-v`: at most this many (the panel's Wire tab and `--json` have all that was kept). */
const VERBOSE_WIRE_BYTES = 16 * 1024;

/** One byte as printable ASCII: `\r`, `\n`, `\t`, `\\`, `\xHH` for anything else that is not printable. */
function escapeByte(c: number): string {
  if (c === 0x0d) return '\\r';
  if (c === 0x0a) return '\\n';
  if (c === 0x09) return '\\t';
  if (c === 0x5c) return '\\\\';
  if (c >= 0x20 && c < 0x7f) return String.fromCharCode(c);
  return `\\x${c.toString(16).padStart(2, '0')}`;
}

/**
 * The bytes received for an exchange, escaped (no control character reaches the terminal), one line per LF in
 * the data, each with its offset; a caret line under each byte where a violation was found.
 */
export function receivedLines(ex: HttpExchange): string[] {
  const bytes = ex.wire.received;
  if (bytes.length === 0) return [];
  const shown = Math.min(bytes.length, VERBOSE_WIRE_BYTES);
  const out = [`* Received bytes${shown < ex.bytesReceived ? ` (first ${shown} of ${ex.bytesReceived})` : ''}, escaped, with offsets:`];
  const width = Math.max(4, shown.toString().length);
  let start = 0;
  while (start < shown) {
    let end = bytes.indexOf(0x0a, start);
    end = end < 0 || end >= shown ? shown : end + 1;
    if (end - start > 128) end = start + 128;
    const columns: number[] = [];
    let text = '';
    for (let i = start; i < end; i++) {
      columns.push(text.length);
      text += escapeByte(bytes[i] ?? 0);
    }
    const prefix = `< ${start.toString().padStart(width, '0')}  `;
    out.push(`${prefix}${text}`);
    const marks = ex.violations.filter(v => v.offset >= start && v.offset < end);
    for (const v of marks) out.push(`${' '.repeat(prefix.length + (columns[v.offset - start] ?? 0))}^ ${v.code}`);
    start = end;
  }
  return out;
}

/** Each violation as one line for stderr. */
export function violationLines(ex: HttpExchange): string[] {
  return ex.violations.map(v => `violation at byte ${v.offset} [${v.code}]: ${v.message}`);
}

function decodedJson(d: DecodedContent, includeBody: boolean): Record<string, unknown> {
  const b = d.body;
  return {
    encoding: d.encoding,
    size: b.size,
    wireSize: d.wireBytes,
    truncated: b.truncated,
    maxBytes: d.maxBytes,
    ...(b.truncated ? { note: decodedTruncationNote(d) } : {}),
    ...(d.error ? { error: d.error } : {}),
    ...(includeBody && b.data ? { bodyBase64: b.data.toString('base64') } : {}),
  };
}

function violationJson(v: HttpViolation): Record<string, unknown> {
  return { code: v.code, offset: v.offset, message: v.message, framing: v.framing };
}

/** The distinct connections of some exchanges, in order. */
function connectionsOf(exchanges: readonly HttpExchange[]): ConnectionInfo[] {
  const out: ConnectionInfo[] = [];
  for (const e of exchanges) if (!out.includes(e.connection)) out.push(e.connection);
  return out;
}

/** `-v` lines for a whole run: each exchange as {@link verboseLines}, then each HTTP/2 connection's frames. */
export function verboseReport(exchanges: readonly HttpExchange[]): string[] {
  const out: string[] = [];
  for (const ex of exchanges) out.push(...verboseLines(ex, !ex.reused));
  for (const c of connectionsOf(exchanges)) if (c.http2) out.push(...describeConnection(c.http2).map(l => `* ${l}`));
  return out;
}

/** Notes to print when HTTP/2 was asked for and HTTP/1.1 was used (the server refused h2, or no TLS for ALPN). */
export function negotiationNotes(exchanges: readonly HttpExchange[]): string[] {
  return connectionsOf(exchanges).flatMap(c => (c.negotiation?.used === '1.1' && c.negotiation.note ? [c.negotiation.note] : []));
}

/** Every HTTP/2 frame of the exchanges' connections, in JSON form (`connection` names the connection). */
export function framesJson(exchanges: readonly HttpExchange[]): Http2FrameJson[] {
  return connectionsOf(exchanges).flatMap(c => (c.http2 ? c.http2.frames.map(f => frameJson(f, c.id)) : []));
}

/** The `http2` object of `--json`: negotiation per connection, both sides' settings, GOAWAY, frames not kept. */
export function http2Json(exchanges: readonly HttpExchange[]): Record<string, unknown> | undefined {
  const conns = connectionsOf(exchanges).filter(c => c.negotiation);
  if (conns.length === 0) return undefined;
  return {
    connections: conns.map(c => ({
      connection: c.id,
      ...c.negotiation,
      ...(c.http2
        ? {
            localSettings: c.http2.localSettings,
            remoteSettings: c.http2.remoteSettings,
            framesDropped: c.http2.framesDropped,
            bytesSent: c.http2.bytesSent,
            bytesReceived: c.http2.bytesReceived,
            ...(c.http2.goaway ? { goaway: c.http2.goaway } : {}),
          }
        : {}),
    })),
  };
}

/** `http2` and `frames` for the top level of `--json`, when HTTP/2 was asked for. */
function http2Fields(exchanges: readonly HttpExchange[]): Record<string, unknown> {
  const h2 = http2Json(exchanges);
  const frames = framesJson(exchanges);
  return { ...(h2 ? { http2: h2 } : {}), ...(frames.length ? { frames } : {}) };
}

function exchangeHttp2Json(e: HttpExchange): Record<string, unknown> {
  const h = e.http2;
  if (!h) return {};
  return {
    http2: {
      streamId: h.streamId,
      headersSentMs: h.headersSentMs,
      firstByteMs: h.firstByteMs,
      lastByteMs: h.lastByteMs,
      requestHeaders: h.requestHeaders,
      requestHeaderBytes: h.requestHeaderBytes,
      framesSent: h.framesSent,
      framesReceived: h.framesReceived,
      ...(h.trailers ? { trailers: h.trailers } : {}),
      ...(h.reset ? { reset: h.reset } : {}),
    },
  };
}

/** One exchange's response in the JSON shape (the top level describes the final exchange). */
function responseJson(f: HttpExchange, includeBody: boolean): Record<string, unknown> {
  const r = f.response;
  const body = r?.body;
  return {
    url: f.url,
    status: r?.statusCode,
    statusText: r?.statusText,
    httpVersion: r?.httpVersion,
    headers: r?.headers,
    ...(r?.trailers ? { trailers: r.trailers } : {}),
    timings: f.timings,
    curlTimings: f.curl,
    tls: f.connection.tls ?? null,
    remoteAddress: f.connection.remoteAddress,
    remotePort: f.connection.remotePort,
    bytesSent: f.bytesSent,
    bytesReceived: f.bytesReceived,
    ...(body?.file && !body.temporary
      ? { bodyFile: body.file, bodySize: body.size }
      : includeBody && body?.data
        ? { bodyBase64: body.data.toString('base64'), bodySize: body.size }
        : { bodySize: body?.size ?? 0, ...(body?.temporary ? { bodyNotKept: 'larger than the in-memory limit; use -o FILE to keep it' } : {}) }),
    bodyTruncated: body?.truncated ?? false,
    ...(r?.decoded ? { decoded: decodedJson(r.decoded, includeBody) } : {}),
    warnings: f.warnings,
    violations: f.violations.map(violationJson),
    requestChanges: f.request.changes,
  };
}

function exchangesJson(list: readonly HttpExchange[]): Array<Record<string, unknown>> {
  return list.map(e => ({
    index: e.index,
    hop: e.hop,
    url: e.url,
    method: e.request.method,
    status: e.response?.statusCode,
    reused: e.reused,
    connection: e.connection.id,
    bytesSent: e.bytesSent,
    bytesReceived: e.bytesReceived,
    timings: e.timings,
    violations: e.violations.map(violationJson),
    ...(e.error ? { error: e.error } : {}),
    ...exchangeHttp2Json(e),
  }));
}

/** The JSON shape of `netprobe http --json` (issue contract: status, headers, timings, tls, bytes, body, violations). */
export function httpJson(result: HttpResult, includeBody: boolean): Record<string, unknown> {
  return {
    ...responseJson(result.final, includeBody),
    connections: result.connections,
    exchanges: exchangesJson(result.exchanges),
    totalMs: result.totalMs,
    ...http2Fields(result.exchanges),
  };
}

/** `--json` when the operation failed: the error, and what the last exchange received until then. */
export function httpFailureJson(
  error: { code: string; message: string; errno?: string | undefined; failure?: HttpFailure | undefined },
  partial: readonly HttpExchange[],
  includeBody: boolean,
): Record<string, unknown> {
  const last = partial[partial.length - 1];
  return {
    error: { code: error.code, message: error.message, ...(error.errno ? { errno: error.errno } : {}) },
    ...(last ? responseJson(last, includeBody) : {}),
    exchanges: exchangesJson(partial),
    ...http2Fields(partial),
    ...(error.failure ? { failure: failureJson(error.failure) } : {}),
  };
}

/** `failure` in `--json`: the phase that failed and what was learned until then (also when nothing was sent). */
function failureJson(f: HttpFailure): Record<string, unknown> {
  const ex = f.exchange;
  const c = ex.connection;
  return {
    phase: f.phase,
    sent: f.sent,
    url: ex.url,
    ...(c.remoteAddress ? { remoteAddress: c.remoteAddress, remotePort: c.remotePort } : {}),
    timings: ex.timings,
    ...(c.tls ? { tls: c.tls } : {}),
    bytesSent: ex.bytesSent,
    bytesReceived: ex.bytesReceived,
    requestBytes: ex.request.bytes.length,
  };
}
