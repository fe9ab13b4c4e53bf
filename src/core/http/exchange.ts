import { errorMessage, isErrnoException, NetProbeError, nowMs } from '../errors';
import { tlsFailureText } from '../tls/connect';
import { BodySink } from './body-sink';
import type { HttpConnection } from './connection';
import type { ParsedHead } from './response-head';
import { HttpParseError } from './response-head';
import type { PreparedRequest } from './request-text';
import type { BodyFraming, HttpResponseInfo, InformationalResponse } from './types';
import type { HttpViolation } from './violations';
import { MAX_VIOLATIONS, explain } from './violations';
import { formatDuration } from '../text/units';

export interface ExchangeOptions {
  maxBodyBytes: number;
  memoryBodyBytes: number;
  wireCaptureBytes: number;
  /** ms from sending until the response headers must be complete. */
  headersTimeout: number;
  /** ms of silence allowed while reading the body. */
  idleTimeout: number;
  /** Absolute `nowMs()` time by which everything must be done. */
  deadline?: number;
  signal?: AbortSignal;
  bodyFile?: string;
  tempDir?: string;
}

/** What happened on the wire for one request; `error` is set when it failed part way. */
export interface ExchangeOutcome {
  response?: HttpResponseInfo;
  startedAt: number;
  sentAt?: number;
  firstByteAt?: number;
  doneAt: number;
  bytesSent: number;
  bytesReceived: number;
  wireReceived: Buffer;
  wireReceivedTruncated: boolean;
  warnings: string[];
  /** Where the response breaks HTTP/1.1, in byte order (reading went on leniently unless `error` says otherwise). */
  violations: HttpViolation[];
  error?: NetProbeError;
  /** The connection was reused and the server had closed it before answering: safe to retry. */
  staleConnection?: boolean;
}

class BodyLimitReached extends Error {}

function framingOf(head: ParsedHead, method: string): BodyFraming {
  if (method === 'HEAD' || head.statusCode === 204 || head.statusCode === 304) return 'none';
  return head.framing.kind;
}

/**
 * Sends one prepared request on an open connection and reads its response with the connection's
 * response reader (lenient, every HTTP/1.1 violation reported). Never rejects: a failure is in `error`, with everything received until then.
 */
export function runExchange(conn: HttpConnection, req: PreparedRequest, opts: ExchangeOptions): Promise<ExchangeOutcome> {
  const socket = conn.socket;
  const method = req.method.toUpperCase();
  const startedAt = nowMs();
  const warnings: string[] = [];
  const informational: InformationalResponse[] = [];
  const wire: Buffer[] = [];
  let wireSize = 0;
  let wireTruncated = false;
  let received = 0;
  let sentAt: number | undefined;
  let firstByteAt: number | undefined;
  let head: ParsedHead | undefined;
  let trailers: Array<[string, string]> = [];
  const violations: HttpViolation[] = [];
  let sink: BodySink | undefined;
  let truncated = false;
  let finished = false;
  let needPause = false;
  const reused = conn.socket.bytesWritten > 0;

  return new Promise<ExchangeOutcome>(resolve => {
    const cleanup = (): void => {
      finished = true;
      clearTimeout(headersTimer);
      clearTimeout(idleTimer);
      clearTimeout(deadlineTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      socket.pause();
    };
    const outcome = (extra: Partial<ExchangeOutcome>): ExchangeOutcome => ({
      startedAt, doneAt: nowMs(), bytesSent: req.bytes.length, bytesReceived: received,
      wireReceived: wire.length === 1 && wire[0] ? wire[0] : Buffer.concat(wire), wireReceivedTruncated: wireTruncated, warnings, violations,
      ...(sentAt !== undefined ? { sentAt } : {}), ...(firstByteAt !== undefined ? { firstByteAt } : {}), ...extra,
    });
    const responseInfo = async (): Promise<HttpResponseInfo | undefined> => {
      if (!head) return undefined;
      const body = sink ? await sink.end(truncated) : { size: 0, data: Buffer.alloc(0), truncated: false };
      return {
        statusCode: head.statusCode, statusText: head.statusText, httpVersion: head.httpVersion, headers: head.headers,
        informational, body, framing: framingOf(head, method), keepAlive: head.keepAlive && !truncated, headBytes: head.size,
        ...(trailers.length ? { trailers } : {}),
      };
    };
    const fail = (error: NetProbeError, stale = false): void => {
      if (finished) return;
      cleanup();
      conn.reusable = false;
      responseInfo().then(
        response => resolve(outcome({ error, ...(response ? { response } : {}), ...(stale ? { staleConnection: true } : {}) })),
        (e: unknown) => resolve(outcome({ error: e instanceof NetProbeError ? e : error })),
      );
    };
    const violation = (v: HttpViolation): void => {
      if (violations.length < MAX_VIOLATIONS) violations.push(v);
      if (v.framing) conn.reusable = false;
    };
    const parseError = (e: HttpParseError, message = e.message): NetProbeError => {
      violation({ code: e.violation, offset: e.offset, message, framing: true });
      return new NetProbeError('protocol', message, e.violation);
    };
    const complete = (): void => {
      if (finished) return;
      cleanup();
      if (!head?.keepAlive || truncated) conn.reusable = false;
      responseInfo().then(
        response => resolve(outcome(response ? { response } : {})),
        (e: unknown) => resolve(outcome({ error: e instanceof NetProbeError ? e : new NetProbeError('os-error', String(e)) })),
      );
    };
    const stage = (): string => {
      if (!head) return received ? `after ${received} bytes of incomplete headers` : 'before any response byte';
      return `after ${sink?.bytes ?? 0} body bytes`;
    };

    conn.parser.setHandlers({
      onHead: h => {
        if (h.statusCode < 200 && h.statusCode !== 101) {
          informational.push({ statusCode: h.statusCode, statusText: h.statusText, headers: h.headers });
          return undefined;
        }
        head = h;
        clearTimeout(headersTimer);
        sink = new BodySink({ memoryBytes: opts.memoryBodyBytes, ...(opts.bodyFile ? { file: opts.bodyFile } : {}), ...(opts.tempDir ? { tempDir: opts.tempDir } : {}) });
        if (method === 'HEAD') return 'skip-body';
        if (h.statusCode === 101 || (method === 'CONNECT' && h.statusCode < 300)) return 'upgrade';
        return undefined;
      },
      onBody: chunk => {
        if (!sink) return;
        const room = opts.maxBodyBytes - sink.bytes;
        if (chunk.length > room) {
          if (room > 0) sink.write(chunk.subarray(0, room));
          truncated = true;
          warnings.push(`The body was cut at the limit of ${opts.maxBodyBytes} bytes; the connection was closed.`);
          throw new BodyLimitReached();
        }
        if (!sink.write(chunk)) needPause = true;
      },
      onComplete: (h, t) => { if (h === head) trailers = t; },
      onViolation: violation,
    });

    const onData = (chunk: Buffer): void => {
      if (finished) return;
      firstByteAt ??= nowMs();
      received += chunk.length;
      if (!wireTruncated) {
        const room = opts.wireCaptureBytes - wireSize;
        if (chunk.length > room) wireTruncated = true;
        // Socket chunks are fresh buffers Node never reuses: keep a view, no copy.
        const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
        wire.push(part);
        wireSize += part.length;
      }
      let r;
      try {
        r = conn.parser.execute(chunk);
      } catch (e) {
        if (e instanceof BodyLimitReached) { conn.reusable = false; complete(); return; }
        if (e instanceof HttpParseError) { fail(parseError(e)); return; }
        fail(e instanceof NetProbeError ? e : new NetProbeError('os-error', String(e)));
        return;
      }
      if (r.completed) {
        const rest = chunk.length - r.consumed;
        if (rest > 0 && head && !(head.statusCode === 101 || method === 'CONNECT')) {
          warnings.push(`The server sent ${rest} more bytes after the end of the response (the body is longer than its Content-Length, or data was sent unasked); they were not parsed.`);
          const at = received - rest;
          violation({ code: 'data-after-response', offset: at, message: explain.dataAfterResponse(at, rest), framing: true });
          conn.reusable = false;
        } else if (rest > 0) {
          warnings.push(`${rest} bytes of the upgraded protocol followed the response; NetProbe does not read them.`);
          conn.reusable = false;
        }
        if (head && (head.statusCode === 101 || (method === 'CONNECT' && head.statusCode < 300))) conn.reusable = false;
        complete();
        return;
      }
      if (finished) return;
      if (head) armIdle();
      if (needPause && sink) {
        needPause = false;
        socket.pause();
        sink.onDrain(() => { if (!finished) { armIdle(); socket.resume(); } });
      }
    };
    const onEnd = (): void => {
      conn.peerClosed ??= 'fin';
      conn.reusable = false;
      if (finished) return;
      if (received === 0) {
        fail(new NetProbeError('protocol', 'The server closed the connection without sending a response.'), reused);
        return;
      }
      try {
        if (conn.parser.finish().completed) { complete(); return; }
      } catch (e) {
        if (e instanceof HttpParseError && (e.violation === 'incomplete-body' || e.violation === 'incomplete-headers')) {
          const expected = head?.framing.kind === 'content-length' ? head.framing.length : undefined;
          const detail = head ? ` after ${sink?.bytes ?? 0}${expected !== undefined ? ` of ${expected}` : ''} body bytes` : ` ${stage()}`;
          fail(parseError(e, `The server closed the connection before the response was complete (${detail.trim()}).`));
          return;
        }
        if (e instanceof HttpParseError) { fail(parseError(e)); return; }
      }
      fail(new NetProbeError('protocol', `The server closed the connection ${stage()}.`));
    };
    const onError = (e: unknown): void => {
      const code = isErrnoException(e) ? e.code : undefined;
      if (code === 'ECONNRESET' || code === 'EPIPE') {
        conn.peerClosed = 'rst';
        fail(new NetProbeError('os-error', `The server reset the connection (RST) ${stage()}.`, code), reused && received === 0);
        return;
      }
      const text = conn.info.tls ? tlsFailureText(e, conn.info.tls.clientCertificate !== undefined) : errorMessage(e);
      fail(new NetProbeError(text === errorMessage(e) ? 'os-error' : 'tls', `The connection failed ${stage()}: ${text}.`, code));
    };
    const onClose = (): void => onEnd();
    const onAbort = (): void => fail(new NetProbeError('aborted', 'The request was cancelled.'));

    const headersTimer = setTimeout(() => {
      fail(new NetProbeError('timeout', received === 0
        ? `No response within ${formatDuration(opts.headersTimeout)}: the server accepted the request but never answered.`
        : `The response headers were still incomplete after ${formatDuration(opts.headersTimeout)} (${received} bytes received): the server sends them too slowly.`));
    }, opts.headersTimeout);
    let idleTimer: NodeJS.Timeout | undefined;
    const armIdle = (): void => {
      if (idleTimer) { idleTimer.refresh(); return; }
      idleTimer = setTimeout(() => {
        fail(new NetProbeError('timeout', `The server sent nothing for ${formatDuration(opts.idleTimeout)} in the middle of the body (${sink?.bytes ?? 0} body bytes received).`));
      }, opts.idleTimeout);
    };
    const deadlineTimer = opts.deadline === undefined ? undefined : setTimeout(() => {
      fail(new NetProbeError('timeout', `The request did not finish within the overall time limit (${head ? `${sink?.bytes ?? 0} body bytes received` : stage()}).`));
    }, Math.max(0, opts.deadline - nowMs()));

    if (opts.signal?.aborted) { onAbort(); return; }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.on('error', onError);
    socket.once('close', onClose);
    conn.parser.resume();
    socket.write(req.bytes, err => { if (!err) sentAt ??= nowMs(); });
    socket.resume();
  });
}
