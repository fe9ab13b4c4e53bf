import * as fs from 'fs';
import { redactHeaders } from '../../core/http/credentials';
import { decodeBody, shownBody } from '../../core/http/decode';
import type { HttpExchange } from '../../core/http/types';
import { hostHeaderValue, prepareRequest } from '../../core/http/request-text';
import type { HttpTarget } from '../../core/http/target';
import { targetFromRequest } from '../../core/http/target';
import type { ResultView } from '../results/view-model';
import type { BodyView, ExchangeView, Http2ExchangeView, HttpView } from '../webviews/http/protocol';
import { formatHostPort } from '../../core/address/host-port';
import { formatByteCount, formatBytes, formatDuration } from '../../core/text/units';

/** Text bodies beyond this many characters are cut in the panel (the full body opens in an editor). */
const TEXT_VIEW_CHARS = 512 * 1024;
/** Bytes of a binary body sent to the hex view. */
const HEX_VIEW_BYTES = 1024 * 1024;
/** Images up to this size are shown inline. */
const IMAGE_VIEW_BYTES = 8 * 1024 * 1024;

function bodyView(ex: HttpExchange): BodyView | undefined {
  const r = ex.response;
  if (!r) return undefined;
  const shown = shownBody(r);
  const b = shown.body;
  const base = { size: b.size, truncated: b.truncated, ...(b.file ? { file: b.file } : {}), ...(r.decoded ? { wireSize: r.body.size } : {}) };
  let bytes = b.data;
  let partial = false;
  if (!bytes && b.file) {
    const fd = fs.openSync(b.file, 'r');
    try {
      const want = Math.min(b.size, HEX_VIEW_BYTES);
      bytes = Buffer.alloc(want);
      fs.readSync(fd, bytes, 0, want, 0);
    } finally {
      fs.closeSync(fd);
    }
    partial = bytes.length < b.size;
  }
  if (!bytes || bytes.length === 0) return { kind: 'empty', partial: false, ...base, ...(shown.notes.length ? { note: shown.notes.join(' ') } : {}) };
  const d = decodeBody(bytes, r.headers);
  const notes = [...shown.notes, ...(d.note ? [d.note] : [])];
  const extra = {
    ...(d.charset ? { charset: d.charset } : {}),
    ...(shown.decompressed ? { decompressed: shown.decompressed } : {}),
    ...(notes.length ? { note: notes.join(' ') } : {}),
  };
  if (d.kind === 'image' && d.bytes.length <= IMAGE_VIEW_BYTES && !partial) {
    return { kind: 'image', base64: d.bytes.toString('base64'), ...(d.mimeType ? { mimeType: d.mimeType } : {}), partial, ...base, ...extra };
  }
  if ((d.kind === 'text' || d.kind === 'json') && d.text !== undefined) {
    const cut = d.text.length > TEXT_VIEW_CHARS;
    return { kind: d.kind, text: cut ? d.text.slice(0, TEXT_VIEW_CHARS) : d.text, partial: partial || cut, ...base, ...extra };
  }
  const hex = d.bytes.subarray(0, HEX_VIEW_BYTES);
  return { kind: 'binary', base64: hex.toString('base64'), partial: partial || hex.length < d.bytes.length, ...base, ...extra };
}

/** The HTTP/2 facts of an exchange (its stream, timing, its connection's settings and frame counts). */
function http2View(ex: HttpExchange): Http2ExchangeView | undefined {
  const s = ex.http2;
  const h = ex.connection.http2;
  if (!s || !h) return undefined;
  let streamFrames = 0;
  for (const f of h.frames) if (f.streamId === s.streamId || f.streamId === 0) streamFrames++;
  const settings = (list: typeof h.localSettings): Array<[string, number]> => list.map(p => [p.name, p.value]);
  return {
    streamId: s.streamId,
    ...(s.headersSentMs !== undefined ? { headersSentMs: s.headersSentMs } : {}),
    ...(s.firstByteMs !== undefined ? { firstByteMs: s.firstByteMs } : {}),
    ...(s.lastByteMs !== undefined ? { lastByteMs: s.lastByteMs } : {}),
    requestHeaderBytes: s.requestHeaderBytes,
    ...(ex.response ? { responseHeaderBytes: ex.response.headBytes } : {}),
    ...(s.reset ? { reset: s.reset } : {}),
    framesSent: s.framesSent,
    framesReceived: s.framesReceived,
    connectionFrames: h.frames.length,
    streamFrames,
    framesDropped: h.framesDropped,
    localSettings: settings(h.localSettings),
    remoteSettings: settings(h.remoteSettings),
    ...(h.goaway
      ? { goaway: { lastStreamId: h.goaway.lastStreamId, errorName: h.goaway.errorName, ...(h.goaway.debugData ? { debugData: h.goaway.debugData } : {}) } }
      : {}),
    connectionBytesSent: h.bytesSent,
    connectionBytesReceived: h.bytesReceived,
  };
}

/** One exchange as the panel shows it; `notes` are shown first among the changes made to the request. */
export function exchangeView(ex: HttpExchange, notes: readonly string[] = []): ExchangeView {
  const r = ex.response;
  const c = ex.connection;
  const hostPort = (a: string, p: number | undefined): string => formatHostPort(a, p ?? '?');
  const body = bodyView(ex);
  const h2 = http2View(ex);
  return {
    label: `${ex.request.method} ${ex.url}${r ? ` → ${r.statusCode} ${r.statusText}` : ex.error ? ' → failed' : ''}`,
    url: ex.url,
    method: ex.request.method,
    hop: ex.hop,
    ...(r ? { statusCode: r.statusCode, statusText: r.statusText, httpVersion: r.httpVersion } : {}),
    headers: r?.headers ?? [],
    requestHeaders: ex.request.headers,
    informational: r?.informational.map(i => ({ statusCode: i.statusCode, statusText: i.statusText })) ?? [],
    ...(body ? { body } : {}),
    // HTTP/2 bytes reach the Wire tab frame by frame, in pages (the `frames` action), not as one block.
    wire: {
      sent: h2 ? '' : ex.wire.sent.toString('base64'),
      received: h2 ? '' : ex.wire.received.toString('base64'),
      sentTruncated: ex.wire.sentTruncated,
      receivedTruncated: ex.wire.receivedTruncated,
      bytesSent: ex.bytesSent,
      bytesReceived: ex.bytesReceived,
    },
    timings: ex.timings,
    curl: ex.curl,
    ...(c.tls ? { tls: c.tls } : {}),
    connection: {
      id: c.id,
      remote: c.remoteAddress ? hostPort(c.remoteAddress, c.remotePort) : 'not reached',
      local: hostPort(c.localAddress ?? '?', c.localPort),
      via: c.via,
      reused: ex.reused,
      ...(ex.closed ? { closed: `by the ${ex.closed.by} (${ex.closed.how.toUpperCase()})` } : {}),
    },
    warnings: ex.warnings,
    changes: [...notes, ...ex.request.changes],
    violations: ex.violations.map(v => ({ code: v.code, offset: v.offset, message: v.message, framing: v.framing })),
    ...(ex.error ? { error: ex.error.message } : {}),
    ...(ex.error?.phase ? { failedPhase: ex.error.phase } : {}),
    ...(ex.error?.unsent ? { unsent: true } : {}),
    ...(c.negotiation ? { negotiation: c.negotiation } : {}),
    ...(h2 ? { http2: h2 } : {}),
  };
}

/**
 * `METHOD URL` of the first request of a send, from its bytes and the target it goes to (or the one its URL or
 * Host header names): what a send is called even when it failed before any exchange.
 */
export function requestLabel(first: Buffer | undefined, target: HttpTarget | undefined): string {
  if (!first) return 'HTTP request';
  try {
    const req = prepareRequest(first);
    if (/^https?:\/\//i.test(req.target) && !target) return `${req.method} ${req.target}`;
    const t = target ?? targetFromRequest(req);
    const path = /^https?:\/\//i.test(req.target) ? new URL(req.target).pathname : req.target;
    return `${req.method} ${t.tls ? 'https' : 'http'}://${hostHeaderValue(t.host, t.port, t.tls)}${path}`;
  } catch {
    return first.toString('latin1').split(/\r?\n/)[0]?.slice(0, 200) || 'HTTP request';
  }
}

/**
 * The panel view of a send (successful or failed part way); `notes[i]` belong to request `i` as the file gave it;
 * `target` names where it went (a send that failed before any exchange is titled with it).
 */
export function httpView(
  id: string,
  exchanges: HttpExchange[],
  error?: string,
  notes: ReadonlyArray<readonly string[]> = [],
  target?: HttpView['target'],
): HttpView {
  const final = exchanges[exchanges.length - 1];
  const r = final?.response;
  const unverified = exchanges.find(e => e.response && e.connection.tls && !e.connection.tls.authorized)?.connection.tls;
  const status: HttpView['status'] = error
    ? 'error'
    : !r
      ? 'error'
      : r.statusCode >= 400 || unverified || exchanges.some(e => e.warnings.length || e.violations.length)
        ? 'warning'
        : 'ok';
  const title = final ? `${final.request.method} ${final.url}` : (target?.label ?? 'HTTP request');
  const summary = error
    ? error
    : r
      ? `HTTP/${r.httpVersion} ${r.statusCode} ${r.statusText} — ${formatByteCount(r.body.size)} in ${formatDuration(final.timings.total)}${exchanges.length > 1 ? ` (${exchanges.length} exchanges)` : ''}${unverified ? ` — TLS not verified${unverified.authorizationError ? ` (${unverified.authorizationError})` : ''}` : ''}`
      : 'No response.';
  return {
    id,
    title,
    status,
    summary,
    exchanges: exchanges.map(e => exchangeView(e, e.hop === 0 ? notes[e.index] : undefined)),
    ...(target ? { target } : {}),
  };
}

/**
 * A compact ResultView of a send, for History and the log. Credentials in request and response headers are
 * redacted unless `keepSecrets` (an explicit copy by the user).
 */
export function httpResultView(view: HttpView, rerun?: ResultView['rerun'], keepSecrets = false): ResultView {
  const where = view.target
    ? [
        {
          type: 'kv' as const,
          heading: 'Request',
          rows: [['Request', view.target.label], ...(view.target.via ? [['Through', view.target.via]] : [])] as Array<[string, string]>,
        },
      ]
    : [];
  const headers = (h: Array<[string, string]>): Array<[string, string]> => (keepSecrets ? h : redactHeaders(h));
  return {
    id: view.id,
    kind: 'http',
    title: view.title,
    summary: view.summary,
    status: view.status,
    createdAt: Date.now(),
    ...(view.exchanges.length ? { elapsedMs: view.exchanges.reduce((n, e) => n + e.timings.total, 0) } : {}),
    sections: [
      ...where,
      {
        type: 'table',
        heading: 'Exchanges',
        columns: ['Request', 'Status', 'Connection', 'Sent', 'Received', 'Total'],
        rows: view.exchanges.map(e => [
          `${e.method} ${e.url}`,
          e.statusCode ? `${e.statusCode} ${e.statusText ?? ''}` : (e.error ?? 'failed'),
          `#${e.connection.id} ${e.connection.remote}${e.connection.reused ? ' (reused)' : ''}`,
          formatBytes(e.wire.bytesSent),
          formatBytes(e.wire.bytesReceived),
          formatDuration(e.timings.total),
        ]),
      },
      ...view.exchanges.slice(-1).map(e => ({
        type: 'kv' as const,
        heading: 'Timing',
        rows: Object.entries(e.timings as unknown as Record<string, number>).map(([k, v]): [string, string] => [k, formatDuration(v)]),
      })),
    ],
    data: {
      title: view.title,
      summary: view.summary,
      exchanges: view.exchanges.map(e => ({
        ...e,
        headers: headers(e.headers),
        requestHeaders: headers(e.requestHeaders),
        wire: { bytesSent: e.wire.bytesSent, bytesReceived: e.wire.bytesReceived },
        body: e.body ? { kind: e.body.kind, size: e.body.size } : undefined,
      })),
    },
    ...(rerun ? { rerun } : {}),
    model: { panel: 'http', view },
  };
}
