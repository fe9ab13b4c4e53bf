import { NetProbeError, nowMs, roundMs } from '../../errors';
import type { HttpRequestOptions } from '../options';
import type { HttpConnection } from '../connection';
import { sendExchangeOptions } from '../exchange';
import { HttpError } from '../http-error';
import { ConnectionFailure, unsentExchange } from '../failure';
import { isRedirectNote, nextHop, requestUrl } from '../redirect';
import type { PreparedRequest } from '../request-text';
import { hostHeaderValue, prepareRequest } from '../request-text';
import type { HttpTarget } from '../target';
import { targetFromRequest } from '../target';
import { exchangeTimings } from '../timings';
import type { ConnectionInfo, HttpExchange, HttpLimits, HttpResult } from '../types';
import type { Http2Connection, Http2Mode, OpenedConnection } from './connection';
import { openHttp2, snapshotHttp2 } from './connection';
import { errorCodeName } from './constants';
import type { Http2Request } from './request';
import { toHttp2Request } from './request';
import type { StreamOptions, StreamOutcome } from './stream';
import { runStream } from './stream';
import type { Http2Frame, Http2Negotiation, Http2StreamInfo } from './types';

/** How {@link sendHttp2} hands work to the HTTP/1.1 client (falling back, or a redirect to a server without h2). */
export type SendHttp1 = (requests: Buffer[], opts: HttpRequestOptions & { connection?: HttpConnection }) => Promise<HttpResult>;

function targetKey(t: HttpTarget): string {
  return `${t.host.toLowerCase()}|${t.port}|${t.tls}`;
}

const EMPTY = Buffer.alloc(0);

/** A stream's frames as the exchange's Wire bytes: each direction's frames in order, and whether any was cut. */
function wireOf(frames: Http2Frame[] | undefined): HttpExchange['wire'] {
  const sent: Buffer[] = [];
  const received: Buffer[] = [];
  let sentTruncated = false;
  let receivedTruncated = false;
  for (const f of frames ?? []) {
    if (f.dir === 'out') {
      sent.push(f.bytes);
      sentTruncated ||= f.bytesTruncated === true;
    } else {
      received.push(f.bytes);
      receivedTruncated ||= f.bytesTruncated === true;
    }
  }
  const join = (parts: Buffer[]): Buffer => (parts.length === 0 ? EMPTY : parts.length === 1 ? (parts[0] ?? EMPTY) : Buffer.concat(parts));
  return { sent: join(sent), received: join(received), sentTruncated, receivedTruncated };
}

/** Marks every connection of a result (or of a failure's exchanges) with why HTTP/1.1 was used. */
function annotate(exchanges: HttpExchange[], negotiation: Http2Negotiation): void {
  const seen = new Set<ConnectionInfo>();
  for (const e of exchanges) {
    if (seen.has(e.connection)) continue;
    seen.add(e.connection);
    e.connection.negotiation ??= negotiation;
  }
}

async function viaHttp1(
  send: SendHttp1,
  list: Buffer[],
  opts: HttpRequestOptions,
  negotiation: Http2Negotiation,
  connection?: HttpConnection,
): Promise<HttpResult> {
  const { http2: _http2, concurrent: _concurrent, ...rest } = opts;
  try {
    const result = await send(list, { ...rest, ...(connection ? { connection } : {}) });
    annotate(result.exchanges, negotiation);
    return result;
  } catch (e) {
    if (e instanceof HttpError) annotate(e.partial, negotiation);
    throw e;
  }
}

/**
 * Sends requests over HTTP/2 (see `HttpRequestOptions.http2`): on one connection per server, one stream after
 * another in the given order, or up to `concurrent` streams at once. Redirects are followed hop by hop (a new
 * stream on the same connection for the same server). When the server refuses h2 in ALPN, everything goes as
 * HTTP/1.1 on that connection through `sendHttp1`, and each connection says why (`connection.negotiation`).
 */
export async function sendHttp2(
  list: Buffer[],
  mode: Http2Mode,
  opts: HttpRequestOptions,
  limits: Required<HttpLimits>,
  sendHttp1: SendHttp1,
): Promise<HttpResult> {
  const started = nowMs();
  const timeout = opts.timeout ?? 5000;
  const deadline = opts.maxTime !== undefined ? started + opts.maxTime : undefined;
  const prepareOpts = {
    ...(opts.target ? { host: hostHeaderValue(opts.target.host, opts.target.port, opts.target.tls) } : {}),
    ...(opts.addContentLength ? { addContentLength: true } : {}),
  };
  const prepare = (raw: Buffer): PreparedRequest => prepareRequest(raw, prepareOpts);
  const firstReq = prepare(list[0] ?? Buffer.alloc(0));
  const firstTarget = opts.target ?? targetFromRequest(firstReq);
  if (mode === 'alpn' && !firstTarget.tls) {
    return viaHttp1(sendHttp1, list, opts, {
      asked: 'h2',
      used: '1.1',
      note: 'HTTP/2 is negotiated with ALPN, which needs TLS: over plain TCP the request went as HTTP/1.1 (ask for HTTP/2 with prior knowledge, h2c, to speak it at once).',
    });
  }

  let connections = 0;
  const pool = new Map<string, Promise<OpenedConnection>>();
  /** Open HTTP/2 connections by target, to use without waiting. */
  const ready = new Map<string, Http2Connection>();
  const opened: Http2Connection[] = [];
  const open = (target: HttpTarget): Promise<OpenedConnection> => {
    const key = targetKey(target);
    let p = pool.get(key);
    if (!p) {
      const remaining = deadline !== undefined ? Math.max(1, deadline - nowMs()) : Infinity;
      p = openHttp2(++connections, target, {
        mode,
        timeout: Math.min(opts.connectTimeout ?? timeout, remaining),
        maxHeaderBytes: limits.maxHeaderBytes,
        frameLimits: { maxFrames: limits.maxFrames, captureBytes: limits.wireCaptureBytes, maxHeaderListSize: limits.maxHeaderBytes },
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.tls ? { tls: opts.tls } : {}),
        ...(opts.proxy ? { proxy: opts.proxy } : {}),
        ...(opts.family ? { family: opts.family } : {}),
      }).then(
        o => {
          if (o.kind === 'h2') {
            opened.push(o.conn);
            ready.set(key, o.conn);
          } else pool.delete(key);
          return o;
        },
        (e: unknown) => {
          pool.delete(key);
          throw e;
        },
      );
      pool.set(key, p);
    }
    return p;
  };

  const exchanges: HttpExchange[] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.all(opened.map(c => c.close()));
    for (const c of opened) snapshotHttp2(c);
  };

  let first: OpenedConnection;
  try {
    first = await open(firstTarget);
  } catch (e) {
    if (e instanceof ConnectionFailure) {
      const at = { index: 0, hop: 0, url: requestUrl(firstTarget, firstReq), id: 1, target: firstTarget, request: firstReq, wireCap: limits.wireCaptureBytes };
      throw new HttpError(e.original, [], { phase: e.phase, sent: false, exchange: unsentExchange(e, at) });
    }
    if (e instanceof NetProbeError) throw new HttpError(e, []);
    throw e;
  }
  if (first.kind === 'http/1.1') {
    const negotiation = first.conn.info.negotiation ?? { asked: 'h2', used: '1.1' };
    return viaHttp1(sendHttp1, list, opts, negotiation, first.conn);
  }

  /** One request and its redirects; resolves with the failure, if any. */
  const chain = async (index: number): Promise<NetProbeError | undefined> => {
    let target = opts.target;
    let req = index === 0 ? firstReq : prepare(list[index] ?? Buffer.alloc(0));
    target ??= targetFromRequest(req);
    let url = requestUrl(target, req);
    for (let hop = 0; ; hop++) {
      const isLast = index === list.length - 1;
      const ex = await oneHop(index, hop, url, target, req, isLast);
      exchanges.push(ex);
      if (ex.error) return new NetProbeError(ex.error.code as NetProbeError['code'], ex.error.message, ex.error.errno);
      if (hop >= (opts.followRedirects ?? 0)) return undefined;
      const next = nextHop(ex, url, req, target, opts.secrets);
      if (!next) return undefined;
      ({ target, url, req } = next);
    }
  };

  const oneHop = (index: number, hop: number, url: string, target: HttpTarget, req: PreparedRequest, isLast: boolean): Promise<HttpExchange> => {
    const t0 = nowMs();
    const conn = ready.get(targetKey(target));
    if (conn && !conn.failure && !conn.session.closed && !conn.session.destroyed) return onHttp2(conn, index, hop, url, target, req, isLast, t0);
    return open(target).then(
      o => (o.kind === 'h2' ? onHttp2(o.conn, index, hop, url, target, req, isLast, t0) : onHttp1(o.conn, index, hop, url, target, req, isLast)),
      (e: unknown) => {
        throw e instanceof NetProbeError ? new HttpError(e, exchanges) : e;
      },
    );
  };

  const onHttp1 = async (
    conn: HttpConnection,
    index: number,
    hop: number,
    url: string,
    target: HttpTarget,
    req: PreparedRequest,
    isLast: boolean,
  ): Promise<HttpExchange> => {
    const { bodyFile, ...rest } = opts;
    const hopOpts: HttpRequestOptions = { ...rest, target, followRedirects: 0, ...(isLast && bodyFile ? { bodyFile } : {}) };
    const r = await viaHttp1(sendHttp1, [req.bytes], hopOpts, conn.info.negotiation ?? { asked: 'h2', used: '1.1' }, conn).catch((e: unknown) => {
      if (e instanceof HttpError && e.partial[0]) return { exchanges: e.partial };
      throw e;
    });
    const ex = r.exchanges[0];
    if (!ex) throw new NetProbeError('protocol', 'The HTTP/1.1 fallback returned no exchange.');
    return { ...ex, index, hop, url };
  };

  const streamOpts: StreamOptions = { ...sendExchangeOptions(limits, opts, timeout, deadline), maxHeaderBytes: limits.maxHeaderBytes };
  const lastStreamOpts: StreamOptions = opts.bodyFile ? { ...streamOpts, bodyFile: opts.bodyFile } : streamOpts;

  const onHttp2 = (
    conn: Http2Connection,
    index: number,
    hop: number,
    url: string,
    target: HttpTarget,
    req: PreparedRequest,
    isLast: boolean,
    t0: number,
  ): Promise<HttpExchange> => {
    let h2req: Http2Request;
    try {
      h2req = toHttp2Request(req, target);
    } catch (e) {
      return Promise.reject(e instanceof NetProbeError ? new HttpError(e, exchanges) : e instanceof Error ? e : new Error(String(e)));
    }
    const reused = conn.used;
    conn.used = true;
    return runStream(conn, h2req, isLast ? lastStreamOpts : streamOpts).then(outcome => toExchange(index, hop, url, conn, reused, req, h2req, outcome, t0));
  };

  const concurrent = Math.max(1, Math.floor(opts.concurrent ?? 1));
  let failure: NetProbeError | undefined;
  try {
    if (concurrent === 1) {
      for (let i = 0; i < list.length && !failure; i++) failure = await chain(i);
    } else {
      let next = 0;
      const failures: Array<[number, NetProbeError]> = [];
      const worker = async (): Promise<void> => {
        while (next < list.length) {
          const i = next++;
          const f = await chain(i);
          if (f) failures.push([i, f]);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrent, list.length) }, worker));
      failure = failures.sort((a, b) => a[0] - b[0])[0]?.[1];
      exchanges.sort((a, b) => a.index - b.index || a.hop - b.hop);
    }
  } catch (e) {
    await closeAll();
    if (e instanceof HttpError) throw e;
    if (e instanceof NetProbeError) throw new HttpError(e, exchanges);
    throw e;
  }
  await closeAll();
  if (failure) throw new HttpError(failure, exchanges);
  const final = exchanges[exchanges.length - 1];
  if (!final) throw new NetProbeError('invalid-input', 'No request to send.');
  return { exchanges, final, connections, totalMs: roundMs(nowMs() - started) };
}

function toExchange(
  index: number,
  hop: number,
  url: string,
  conn: Http2Connection,
  reused: boolean,
  req: PreparedRequest,
  h2req: Http2Request,
  o: StreamOutcome,
  t0: number,
): HttpExchange {
  const rec = o.streamId !== undefined ? conn.log.stream(o.streamId) : undefined;
  const base = conn.log.startedAt;
  const dns = reused ? 0 : conn.dnsMs;
  const connect = reused ? 0 : conn.connectMs;
  const tls = reused ? 0 : conn.tlsMs;
  const sentAt = rec?.headersSentAt ?? o.startedAt;
  const firstAt = rec?.firstByteAt;
  const lastAt = rec?.lastByteAt ?? o.doneAt;
  const r = roundMs;
  const send = Math.max(0, sentAt - o.startedAt);
  const wait = firstAt !== undefined ? Math.max(0, firstAt - sentAt) : 0;
  const download = firstAt !== undefined ? Math.max(0, lastAt - firstAt) : 0;
  // The first exchange on a connection counts from the start of dialing (the connection may open before its hop).
  const total = reused ? o.doneAt - o.startedAt : o.doneAt - Math.min(t0, conn.startedAt);
  // The request as prepared is this exchange's own: it takes the HTTP/2 view of what changed (and what a redirect dropped).
  req.changes = [...req.changes.filter(isRedirectNote), ...h2req.changes];
  req.warnings = h2req.warnings;
  const info: Http2StreamInfo = {
    streamId: o.streamId ?? 0,
    requestHeaders: rec?.requestHeaders ?? h2req.headers,
    requestHeaderBytes: rec?.requestHeaderBytes ?? 0,
    framesSent: rec?.framesSent ?? 0,
    framesReceived: rec?.framesReceived ?? 0,
  };
  if (rec?.headersSentAt !== undefined) info.headersSentMs = r(rec.headersSentAt - base);
  if (rec?.firstByteAt !== undefined) info.firstByteMs = r(rec.firstByteAt - base);
  if (rec?.lastByteAt !== undefined) info.lastByteMs = r(rec.lastByteAt - base);
  if (o.trailers) info.trailers = o.trailers;
  if (rec?.reset) info.reset = { by: rec.reset.by, errorCode: rec.reset.errorCode, errorName: errorCodeName(rec.reset.errorCode) };
  const { timings, curl } = exchangeTimings({ dns, connect, tls, send, wait, download, total });
  const ex: HttpExchange = {
    index,
    hop,
    url,
    connection: conn.info,
    reused,
    request: req,
    timings,
    curl,
    bytesSent: rec?.bytesSent ?? 0,
    bytesReceived: rec?.bytesReceived ?? 0,
    wire: wireOf(rec?.frames),
    // HTTP/1.1 violations: HTTP/2 framing is checked by Node's HTTP/2 layer and named in `problem` on a frame.
    violations: [],
    warnings: h2req.warnings.length ? [...h2req.warnings, ...o.warnings] : o.warnings,
    http2: info,
  };
  if (o.response) ex.response = o.response;
  if (o.error) ex.error = { code: o.error.code, message: o.error.message, ...(o.error.errno ? { errno: o.error.errno } : {}) };
  if (conn.log.goaway || conn.failure) ex.closed = { by: conn.log.goaway ? 'server' : 'client', how: 'fin' };
  if (o.streamId !== undefined) conn.log.release(o.streamId);
  return ex;
}
