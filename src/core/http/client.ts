import { DEFAULT_TIMEOUT_MS, NetProbeError, errorMessage, nowMs, roundMs } from '../errors';
import type { HttpConnection, OpenConnectionOptions } from './connection';
import { HttpError } from './http-error';
import type { HttpRequestOptions } from './options';
import type { sendHttp2 as SendHttp2 } from './http2/client';
import { openConnection } from './connection';
import type { ExchangeOptions, ExchangeOutcome } from './exchange';
import { runExchange, sendExchangeOptions } from './exchange';
import { exchangeTimings } from './timings';
import { nextHop, requestUrl } from './redirect';
import type { PreparedRequest } from './request-text';
import { hostHeaderValue, prepareRequest } from './request-text';
import type { HttpTarget } from './target';
import { targetFromRequest } from './target';
import type { HttpExchange, HttpLimits, HttpResult } from './types';
import { decodeContent } from './content-decoding';
import { ConnectionFailure, exchangePhase, unsentExchange } from './failure';

export type { HttpRequestOptions };
export { HttpError };

const DEFAULT_LIMITS: Required<HttpLimits> = {
  maxHeaderBytes: 64 * 1024,
  maxBodyBytes: 1024 * 1024 * 1024,
  memoryBodyBytes: 8 * 1024 * 1024,
  wireCaptureBytes: 1024 * 1024,
  maxFrames: 10_000,
};

function sameTarget(a: HttpTarget, b: HttpTarget): boolean {
  return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port && a.tls === b.tls;
}

function toExchange(
  index: number,
  hop: number,
  url: string,
  conn: HttpConnection,
  reused: boolean,
  req: PreparedRequest,
  o: ExchangeOutcome,
  t0: number,
  wireCap: number,
): HttpExchange {
  const dns = reused ? 0 : conn.dnsMs;
  const connect = reused ? 0 : conn.connectMs;
  const tls = reused ? 0 : conn.tlsMs;
  const sentAt = o.sentAt ?? o.doneAt;
  const firstAt = o.firstByteAt ?? o.doneAt;
  const send = Math.max(0, sentAt - o.startedAt);
  const wait = o.firstByteAt !== undefined ? Math.max(0, firstAt - sentAt) : 0;
  const download = o.firstByteAt !== undefined ? Math.max(0, o.doneAt - firstAt) : 0;
  const total = reused ? o.doneAt - o.startedAt : o.doneAt - t0;
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
    bytesSent: o.bytesSent,
    bytesReceived: o.bytesReceived,
    wire: {
      sent: req.bytes.subarray(0, wireCap),
      received: o.wireReceived,
      sentTruncated: req.bytes.length > wireCap,
      receivedTruncated: o.wireReceivedTruncated,
    },
    warnings: req.warnings.length ? [...req.warnings, ...o.warnings] : o.warnings,
    violations: o.violations,
  };
  if (o.response) ex.response = o.response;
  if (o.error)
    ex.error = {
      code: o.error.code,
      message: o.error.message,
      ...(o.error.errno ? { errno: o.error.errno } : {}),
      phase: exchangePhase(ex, o.sentAt !== undefined),
    };
  return ex;
}

/** Removes Content-Encoding from every body when `opts.decode` asks for it (a failure becomes a warning). */
async function decodeBodies(exchanges: HttpExchange[], opts: HttpRequestOptions, memoryBytes: number): Promise<void> {
  if (!opts.decode) return;
  for (const ex of exchanges) {
    const r = ex.response;
    if (!r || r.decoded) continue;
    try {
      const d = await decodeContent(r.body, r.headers, {
        memoryBytes,
        ...(opts.decode.maxBytes !== undefined ? { maxBytes: opts.decode.maxBytes } : {}),
        ...(opts.tempDir ? { tempDir: opts.tempDir } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      if (d) r.decoded = d;
    } catch (e) {
      ex.warnings.push(`The body could not be decoded: ${errorMessage(e)}`);
    }
  }
}

/**
 * Sends raw HTTP/1.1 requests exactly as given (see {@link prepareRequest}) over TCP or TLS, one after
 * another on one keep-alive connection when the server allows it, and reads each response leniently (as curl
 * would), reporting every HTTP/1.1 violation with its byte offset.
 * Follows redirects hop by hop when asked, never after a response whose framing is ambiguous (a framing
 * violation), and never reuses that connection. Every connection goes through `dial()` (proxies apply).
 * Throws {@link HttpError} (a NetProbeError) with the partial exchanges when a request fails.
 */
export async function sendHttp(requests: string | Buffer | Array<string | Buffer>, opts: HttpRequestOptions = {}): Promise<HttpResult> {
  const list = Array.isArray(requests) ? requests : [requests];
  if (list.length === 0) throw new NetProbeError('invalid-input', 'No request to send.');
  const limits = opts.limits ? { ...DEFAULT_LIMITS, ...opts.limits } : DEFAULT_LIMITS;
  if (opts.http2) {
    // Loaded on first use: HTTP/1.1 never pays for Node's http2 module.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { sendHttp2 } = require('./http2/client') as { sendHttp2: typeof SendHttp2 };
    const buffers = list.map(r => (typeof r === 'string' ? Buffer.from(r, 'utf8') : r));
    try {
      const result = await sendHttp2(buffers, opts.http2, opts, limits, (reqs, o) => sendHttp(reqs, o));
      await decodeBodies(result.exchanges, opts, limits.memoryBodyBytes);
      return result;
    } catch (e) {
      if (e instanceof HttpError) await decodeBodies(e.partial, opts, limits.memoryBodyBytes);
      throw e;
    }
  }
  const started = nowMs();
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const deadline = opts.maxTime !== undefined ? started + opts.maxTime : undefined;
  const exchanges: HttpExchange[] = [];
  const prepareOpts = {
    ...(opts.target ? { host: hostHeaderValue(opts.target.host, opts.target.port, opts.target.tls) } : {}),
    ...(opts.addContentLength ? { addContentLength: true } : {}),
  };
  const exchangeOpts: ExchangeOptions = { ...sendExchangeOptions(limits, opts, timeout, deadline), wireCaptureBytes: limits.wireCaptureBytes };
  const lastExchangeOpts: ExchangeOptions = opts.bodyFile ? { ...exchangeOpts, bodyFile: opts.bodyFile } : exchangeOpts;
  let conn: HttpConnection | undefined = opts.connection;
  /** The given connection has not carried a request yet (its set-up times belong to the first exchange). */
  let fresh = opts.connection;
  let connections = opts.connection ? 1 : 0;
  try {
    for (let index = 0; index < list.length; index++) {
      const raw = list[index] ?? '';
      let target = opts.target;
      let req = prepareRequest(raw, prepareOpts);
      target ??= targetFromRequest(req);
      let url = requestUrl(target, req);
      for (let hop = 0; ; hop++) {
        const isLast = index === list.length - 1;
        const ex = await exchangeWithRetry(index, hop, url, target, req, isLast);
        exchanges.push(ex);
        if (ex.error)
          throw new HttpError(new NetProbeError(ex.error.code as NetProbeError['code'], ex.error.message, ex.error.errno), exchanges, {
            phase: ex.error.phase ?? 'wait',
            sent: true,
            exchange: ex,
          });
        if (hop >= (opts.followRedirects ?? 0)) break;
        const next = nextHop(ex, url, req, target, opts.secrets);
        if (!next) break;
        ({ target, url, req } = next);
      }
    }
  } catch (e) {
    conn?.close();
    if (opts.decode) await decodeBodies(exchanges, opts, limits.memoryBodyBytes);
    if (e instanceof HttpError) throw e;
    if (e instanceof NetProbeError) throw new HttpError(e, exchanges);
    throw e;
  }
  conn?.close();
  if (opts.decode) await decodeBodies(exchanges, opts, limits.memoryBodyBytes);
  const final = exchanges[exchanges.length - 1];
  if (!final) throw new NetProbeError('invalid-input', 'No request to send.');
  return { exchanges, final, connections, totalMs: roundMs(nowMs() - started) };

  async function exchangeWithRetry(index: number, hop: number, url: string, target: HttpTarget, req: PreparedRequest, isLast: boolean): Promise<HttpExchange> {
    for (let attempt = 0; ; attempt++) {
      let reused = conn !== fresh;
      // A connection opened by the caller: its set-up happened just before and belongs to this exchange's total.
      const t0 = nowMs() - (conn && !reused ? conn.dnsMs + conn.connectMs + conn.tlsMs : 0);
      fresh = undefined;
      if (!conn || !conn.reusable || conn.peerClosed || conn.socket.destroyed || !sameTarget(conn.info.target, target)) {
        conn?.close();
        conn = undefined;
        reused = false;
        const remaining = deadline !== undefined ? Math.max(1, deadline - nowMs()) : Infinity;
        const openOpts: OpenConnectionOptions = { timeout: Math.min(opts.connectTimeout ?? timeout, remaining), maxHeaderBytes: limits.maxHeaderBytes };
        if (opts.signal) openOpts.signal = opts.signal;
        if (opts.tls) openOpts.tls = opts.tls;
        if (opts.proxy) openOpts.proxy = opts.proxy;
        if (opts.family) openOpts.family = opts.family;
        if (!target.tls) openOpts.earlyRequest = req.bytes;
        const id = ++connections;
        try {
          conn = await openConnection(id, target, openOpts);
        } catch (e) {
          if (!(e instanceof ConnectionFailure)) throw e;
          const exchange = unsentExchange(e, { index, hop, url, id, target, request: req, wireCap: limits.wireCaptureBytes });
          throw new HttpError(e.original, exchanges, { phase: e.phase, sent: false, exchange });
        }
      }
      const o = await runExchange(conn, req, isLast ? lastExchangeOpts : exchangeOpts);
      if (o.staleConnection && reused && attempt === 0) {
        conn.close();
        continue;
      }
      const ex = toExchange(index, hop, url, conn, reused, req, o, t0, limits.wireCaptureBytes);
      if (conn.peerClosed) ex.closed = { by: 'server', how: conn.peerClosed };
      return ex;
    }
  }
}
