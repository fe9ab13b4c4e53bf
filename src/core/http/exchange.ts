import { errorMessage, isErrnoException, NetProbeError, nowMs } from '../errors';
import { BodySink } from './body-sink';
import type { HttpConnection } from './connection';
import type { ParsedHead } from './llhttp';
import { HttpParseError } from './llhttp';
import type { PreparedRequest } from './request-text';
import type { BodyFraming, HttpResponseInfo, InformationalResponse } from './types';

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
  error?: NetProbeError;
  /** The connection was reused and the server had closed it before answering: safe to retry. */
  staleConnection?: boolean;
}

class BodyLimitReached extends Error {}

/** Plain-language text for llhttp's errors. */
function parseFailure(e: HttpParseError, received: number): NetProbeError {
  const text: Record<string, string> = {
    HPE_INVALID_CHUNK_SIZE: 'The server sent an invalid chunk size in its chunked body',
    HPE_INVALID_CONSTANT: received > 0 ? 'The server\'s answer is not HTTP/1.x (it does not start with "HTTP/")' : 'The server\'s answer is not HTTP',
    HPE_INVALID_VERSION: 'The server answered with an invalid HTTP version',
    HPE_INVALID_STATUS: 'The server sent an invalid status code',
    HPE_INVALID_HEADER_TOKEN: 'The server sent a malformed header line',
    HPE_INVALID_CONTENT_LENGTH: 'The server sent an invalid Content-Length',
    HPE_UNEXPECTED_CONTENT_LENGTH: 'The server sent both Content-Length and Transfer-Encoding: chunked (a request-smuggling risk)',
    HPE_INVALID_TRANSFER_ENCODING: 'The server sent an invalid Transfer-Encoding',
    HPE_INVALID_EOF_STATE: 'The server closed the connection before the response was complete',
    HEADERS_TOO_LARGE: e.reason,
  };
  return new NetProbeError('protocol', `${text[e.code] ?? `The response breaks HTTP/1.1 (${e.reason})`} [${e.code}].`, e.code);
}

function framingOf(head: ParsedHead, method: string): BodyFraming {
  if (method === 'HEAD' || head.statusCode === 204 || head.statusCode === 304) return 'none';
  const te = head.headers.find(([k]) => k.toLowerCase() === 'transfer-encoding')?.[1] ?? '';
  if (/chunked\s*$/i.test(te)) return 'chunked';
  if (head.headers.some(([k]) => k.toLowerCase() === 'content-length')) return 'content-length';
  return 'close';
}

function headSize(h: ParsedHead): number {
  return `HTTP/${h.httpVersion} ${h.statusCode} ${h.statusText}\r\n`.length + h.headers.reduce((n, [k, v]) => n + k.length + v.length + 4, 0) + 2;
}

/**
 * Sends one prepared request on an open connection and reads its response with the connection's
 * llhttp parser. Never rejects: a failure is in `error`, with everything received until then.
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
      wireReceived: wire.length === 1 && wire[0] ? wire[0] : Buffer.concat(wire), wireReceivedTruncated: wireTruncated, warnings,
      ...(sentAt !== undefined ? { sentAt } : {}), ...(firstByteAt !== undefined ? { firstByteAt } : {}), ...extra,
    });
    const responseInfo = async (): Promise<HttpResponseInfo | undefined> => {
      if (!head) return undefined;
      const body = sink ? await sink.end(truncated) : { size: 0, data: Buffer.alloc(0), truncated: false };
      return {
        statusCode: head.statusCode, statusText: head.statusText, httpVersion: head.httpVersion, headers: head.headers,
        informational, body, framing: framingOf(head, method), keepAlive: head.keepAlive && !truncated, headBytes: headSize(head),
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
      onComplete: () => undefined,
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
        if (e instanceof HttpParseError) { fail(parseFailure(e, received)); return; }
        fail(e instanceof NetProbeError ? e : new NetProbeError('os-error', String(e)));
        return;
      }
      if (r.completed) {
        const rest = chunk.length - r.consumed;
        if (rest > 0 && head && !(head.statusCode === 101 || method === 'CONNECT')) {
          warnings.push(`The server sent ${rest} more bytes after the end of the response (the body is longer than its Content-Length, or data was sent unasked); they were not parsed.`);
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
        if (e instanceof HttpParseError) {
          const expected = head?.headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1];
          const detail = head ? ` after ${sink?.bytes ?? 0}${expected ? ` of ${expected}` : ''} body bytes` : ` ${stage()}`;
          fail(new NetProbeError('protocol', `The server closed the connection before the response was complete (${detail.trim()}).`, e.code));
          return;
        }
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
      fail(new NetProbeError('os-error', `The connection failed ${stage()}: ${errorMessage(e)}.`, code));
    };
    const onClose = (): void => onEnd();
    const onAbort = (): void => fail(new NetProbeError('aborted', 'The request was cancelled.'));

    const headersTimer = setTimeout(() => {
      fail(new NetProbeError('timeout', received === 0
        ? `No response within ${opts.headersTimeout} ms: the server accepted the request but never answered.`
        : `The response headers were still incomplete after ${opts.headersTimeout} ms (${received} bytes received): the server sends them too slowly.`));
    }, opts.headersTimeout);
    let idleTimer: NodeJS.Timeout | undefined;
    const armIdle = (): void => {
      if (idleTimer) { idleTimer.refresh(); return; }
      idleTimer = setTimeout(() => {
        fail(new NetProbeError('timeout', `The server sent nothing for ${opts.idleTimeout} ms in the middle of the body (${sink?.bytes ?? 0} body bytes received).`));
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
