import { errorMessage, isErrnoException, NetProbeError, nowMs } from '../errors';
import { tlsFailureText } from '../tls/connect';
import { BodySink } from './body-sink';
import type { EarlyWrite, HttpConnection } from './connection';
import type { ParsedHead } from './response-head';
import { HttpParseError } from './response-head';
import type { PreparedRequest } from './request-text';
import type { HttpRequestOptions } from './options';
import type { ReaderHandlers } from './response-reader';
import type { BodyFraming, BodyInfo, HttpResponseInfo, InformationalResponse } from './types';
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
  return new Promise<ExchangeOutcome>(resolve => {
    new Exchange(conn, req, opts, resolve).start();
  });
}

const EMPTY_BODY = (): BodyInfo => ({ size: 0, data: Buffer.alloc(0), truncated: false });

/**
 * One request and its response on a connection: the reader's handlers and the socket's listeners in one object
 * (one allocation per exchange instead of a closure each), settling as soon as the response is complete.
 */
class Exchange implements ReaderHandlers {
  private readonly socket: HttpConnection['socket'];
  private readonly method: string;
  private readonly startedAt = nowMs();
  private readonly warnings: string[] = [];
  private readonly informational: InformationalResponse[] = [];
  private readonly violations: HttpViolation[] = [];
  private readonly wire: Buffer[] = [];
  private wireSize = 0;
  private wireTruncated = false;
  private received = 0;
  private sentAt: number | undefined;
  private firstByteAt: number | undefined;
  private head: ParsedHead | undefined;
  private trailers: Array<[string, string]> = [];
  private sink: BodySink | undefined;
  private truncated = false;
  private finished = false;
  private needPause = false;
  private readonly reused: boolean;
  /** The request went out as the connection opened: not written again. */
  private readonly early: EarlyWrite | undefined;
  private headersTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly conn: HttpConnection,
    private readonly req: PreparedRequest,
    private readonly opts: ExchangeOptions,
    private readonly settle: (o: ExchangeOutcome) => void,
  ) {
    this.socket = conn.socket;
    this.method = req.method.toUpperCase();
    this.early = conn.earlyWrite?.bytes === req.bytes ? conn.earlyWrite : undefined;
    this.reused = conn.socket.bytesWritten > (this.early ? req.bytes.length : 0);
  }

  start(): void {
    const { conn, opts, socket } = this;
    conn.parser.setHandlers(this);
    this.headersTimer = setTimeout(this.onHeadersTimeout, opts.headersTimeout);
    if (opts.deadline !== undefined) this.deadlineTimer = setTimeout(this.onDeadline, Math.max(0, opts.deadline - nowMs()));
    if (opts.signal?.aborted) {
      this.onAbort();
      return;
    }
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onEnd);
    conn.parser.resume();
    const early = this.early;
    if (early) {
      conn.earlyWrite = undefined;
      if (early.error) {
        this.onError(early.error);
        return;
      }
      if (socket.destroyed) {
        this.onEnd();
        return;
      }
    } else socket.write(this.req.bytes, this.onWritten);
    socket.resume();
  }

  private cleanup(): void {
    const socket = this.socket;
    this.finished = true;
    clearTimeout(this.headersTimer);
    clearTimeout(this.idleTimer);
    clearTimeout(this.deadlineTimer);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    socket.removeListener('data', this.onData);
    socket.removeListener('end', this.onEnd);
    socket.removeListener('error', this.onError);
    socket.removeListener('close', this.onEnd);
    socket.pause();
  }

  private outcome(response: HttpResponseInfo | undefined, error: NetProbeError | undefined, stale: boolean): ExchangeOutcome {
    const wire = this.wire;
    const o: ExchangeOutcome = {
      startedAt: this.startedAt,
      doneAt: nowMs(),
      bytesSent: this.req.bytes.length,
      bytesReceived: this.received,
      wireReceived: wire.length === 1 && wire[0] ? wire[0] : Buffer.concat(wire),
      wireReceivedTruncated: this.wireTruncated,
      warnings: this.warnings,
      violations: this.violations,
    };
    // An early request went out during the connect phase: its wait counts from here, so the phases do not overlap.
    const early = this.early?.sentAt;
    const sentAt = this.sentAt ?? (early !== undefined ? Math.max(early, this.startedAt) : undefined);
    if (sentAt !== undefined) o.sentAt = sentAt;
    if (this.firstByteAt !== undefined) o.firstByteAt = this.firstByteAt;
    if (response) o.response = response;
    if (error) o.error = error;
    if (stale) o.staleConnection = true;
    return o;
  }

  private responseOf(head: ParsedHead, body: BodyInfo): HttpResponseInfo {
    const r: HttpResponseInfo = {
      statusCode: head.statusCode,
      statusText: head.statusText,
      httpVersion: head.httpVersion,
      headers: head.headers,
      informational: this.informational,
      body,
      framing: framingOf(head, this.method),
      keepAlive: head.keepAlive && !this.truncated,
      headBytes: head.size,
    };
    if (this.trailers.length) r.trailers = this.trailers;
    return r;
  }

  /** Settles with the response read so far: at once when the body is in memory, else once its file is written. */
  private finishWith(error: NetProbeError | undefined, stale: boolean, onFileError: (e: unknown) => NetProbeError): void {
    const head = this.head;
    if (!head) {
      this.settle(this.outcome(undefined, error, stale));
      return;
    }
    const sink = this.sink;
    const body = sink ? sink.inMemory(this.truncated) : EMPTY_BODY();
    if (body) {
      this.settle(this.outcome(this.responseOf(head, body), error, stale));
      return;
    }
    (sink as BodySink).end(this.truncated).then(
      b => this.settle(this.outcome(this.responseOf(head, b), error, stale)),
      (e: unknown) => this.settle(this.outcome(undefined, onFileError(e), false)),
    );
  }

  private fail(error: NetProbeError, stale = false): void {
    if (this.finished) return;
    this.cleanup();
    this.conn.reusable = false;
    this.finishWith(error, stale, e => (e instanceof NetProbeError ? e : error));
  }

  private complete(): void {
    if (this.finished) return;
    this.cleanup();
    if (!this.head?.keepAlive || this.truncated) this.conn.reusable = false;
    this.finishWith(undefined, false, e => (e instanceof NetProbeError ? e : new NetProbeError('os-error', String(e))));
  }

  private violation(v: HttpViolation): void {
    if (this.violations.length < MAX_VIOLATIONS) this.violations.push(v);
    if (v.framing) this.conn.reusable = false;
  }

  private parseError(e: HttpParseError, message = e.message): NetProbeError {
    this.violation({ code: e.violation, offset: e.offset, message, framing: true });
    return new NetProbeError('protocol', message, e.violation);
  }

  private stage(): string {
    if (!this.head) return this.received ? `after ${this.received} bytes of incomplete headers` : 'before any response byte';
    return `after ${this.sink?.bytes ?? 0} body bytes`;
  }

  private armIdle(): void {
    if (this.idleTimer) {
      this.idleTimer.refresh();
      return;
    }
    this.idleTimer = setTimeout(this.onIdleTimeout, this.opts.idleTimeout);
  }

  // Response reader handlers.

  onHead(h: ParsedHead): 'skip-body' | 'upgrade' | undefined {
    if (h.statusCode < 200 && h.statusCode !== 101) {
      this.informational.push({ statusCode: h.statusCode, statusText: h.statusText, headers: h.headers });
      return undefined;
    }
    const opts = this.opts;
    this.head = h;
    clearTimeout(this.headersTimer);
    this.sink = new BodySink(
      opts.bodyFile || opts.tempDir
        ? { memoryBytes: opts.memoryBodyBytes, ...(opts.bodyFile ? { file: opts.bodyFile } : {}), ...(opts.tempDir ? { tempDir: opts.tempDir } : {}) }
        : { memoryBytes: opts.memoryBodyBytes },
    );
    if (this.method === 'HEAD') return 'skip-body';
    if (h.statusCode === 101 || (this.method === 'CONNECT' && h.statusCode < 300)) return 'upgrade';
    return undefined;
  }

  onBody(chunk: Buffer): void {
    const sink = this.sink;
    if (!sink) return;
    const max = this.opts.maxBodyBytes;
    const room = max - sink.bytes;
    if (chunk.length > room) {
      if (room > 0) sink.write(chunk.subarray(0, room));
      this.truncated = true;
      this.warnings.push(`The body was cut at the limit of ${max} bytes; the connection was closed.`);
      throw new BodyLimitReached();
    }
    if (!sink.write(chunk)) this.needPause = true;
  }

  onComplete(h: ParsedHead, t: Array<[string, string]>): void {
    if (h === this.head) this.trailers = t;
  }

  onViolation(v: HttpViolation): void {
    this.violation(v);
  }

  // Socket and timer events (arrow functions: passed as listeners as they are).

  private readonly onWritten = (err?: Error | null): void => {
    if (!err) this.sentAt ??= nowMs();
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.finished) return;
    const conn = this.conn;
    this.firstByteAt ??= nowMs();
    this.received += chunk.length;
    if (!this.wireTruncated) {
      const room = this.opts.wireCaptureBytes - this.wireSize;
      if (chunk.length > room) this.wireTruncated = true;
      // Socket chunks are fresh buffers Node never reuses: keep a view, no copy.
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.wire.push(part);
      this.wireSize += part.length;
    }
    let r;
    try {
      r = conn.parser.execute(chunk);
    } catch (e) {
      if (e instanceof BodyLimitReached) {
        conn.reusable = false;
        this.complete();
        return;
      }
      if (e instanceof HttpParseError) {
        this.fail(this.parseError(e));
        return;
      }
      this.fail(e instanceof NetProbeError ? e : new NetProbeError('os-error', String(e)));
      return;
    }
    const head = this.head;
    const method = this.method;
    if (r.completed) {
      const rest = chunk.length - r.consumed;
      if (rest > 0 && head && !(head.statusCode === 101 || method === 'CONNECT')) {
        this.warnings.push(
          `The server sent ${rest} more bytes after the end of the response (the body is longer than its Content-Length, or data was sent unasked); they were not parsed.`,
        );
        const at = this.received - rest;
        this.violation({ code: 'data-after-response', offset: at, message: explain.dataAfterResponse(at, rest), framing: true });
        conn.reusable = false;
      } else if (rest > 0) {
        this.warnings.push(`${rest} bytes of the upgraded protocol followed the response; NetProbe does not read them.`);
        conn.reusable = false;
      }
      if (head && (head.statusCode === 101 || (method === 'CONNECT' && head.statusCode < 300))) conn.reusable = false;
      this.complete();
      return;
    }
    if (this.finished) return;
    if (head) this.armIdle();
    const sink = this.sink;
    if (this.needPause && sink) {
      this.needPause = false;
      this.socket.pause();
      sink.onDrain(() => {
        if (!this.finished) {
          this.armIdle();
          this.socket.resume();
        }
      });
    }
  };

  private readonly onEnd = (): void => {
    const conn = this.conn;
    conn.peerClosed ??= 'fin';
    conn.reusable = false;
    if (this.finished) return;
    if (this.received === 0) {
      this.fail(new NetProbeError('protocol', 'The server closed the connection without sending a response.'), this.reused);
      return;
    }
    try {
      if (conn.parser.finish().completed) {
        this.complete();
        return;
      }
    } catch (e) {
      if (e instanceof HttpParseError && (e.violation === 'incomplete-body' || e.violation === 'incomplete-headers')) {
        const head = this.head;
        const expected = head?.framing.kind === 'content-length' ? head.framing.length : undefined;
        const detail = head ? ` after ${this.sink?.bytes ?? 0}${expected !== undefined ? ` of ${expected}` : ''} body bytes` : ` ${this.stage()}`;
        this.fail(this.parseError(e, `The server closed the connection before the response was complete (${detail.trim()}).`));
        return;
      }
      if (e instanceof HttpParseError) {
        this.fail(this.parseError(e));
        return;
      }
    }
    this.fail(new NetProbeError('protocol', `The server closed the connection ${this.stage()}.`));
  };

  private readonly onError = (e: unknown): void => {
    const code = isErrnoException(e) ? e.code : undefined;
    if (code === 'ECONNRESET' || code === 'EPIPE') {
      this.conn.peerClosed = 'rst';
      this.fail(new NetProbeError('os-error', `The server reset the connection (RST) ${this.stage()}.`, code), this.reused && this.received === 0);
      return;
    }
    const conn = this.conn;
    const text = conn.info.tls ? tlsFailureText(e, conn.info.tls.clientCertificate !== undefined) : errorMessage(e);
    this.fail(new NetProbeError(text === errorMessage(e) ? 'os-error' : 'tls', `The connection failed ${this.stage()}: ${text}.`, code));
  };

  private readonly onAbort = (): void => this.fail(new NetProbeError('aborted', 'The request was cancelled.'));

  private readonly onHeadersTimeout = (): void => {
    const { opts, received } = this;
    this.fail(
      new NetProbeError(
        'timeout',
        received === 0
          ? `No response within ${formatDuration(opts.headersTimeout)}: the server accepted the request but never answered.`
          : `The response headers were still incomplete after ${formatDuration(opts.headersTimeout)} (${received} bytes received): the server sends them too slowly.`,
      ),
    );
  };

  private readonly onIdleTimeout = (): void => {
    this.fail(
      new NetProbeError(
        'timeout',
        `The server sent nothing for ${formatDuration(this.opts.idleTimeout)} in the middle of the body (${this.sink?.bytes ?? 0} body bytes received).`,
      ),
    );
  };

  private readonly onDeadline = (): void => {
    this.fail(
      new NetProbeError(
        'timeout',
        `The request did not finish within the overall time limit (${this.head ? `${this.sink?.bytes ?? 0} body bytes received` : this.stage()}).`,
      ),
    );
  };
}

/**
 * The options every exchange of one send shares, HTTP/1.1 and HTTP/2 alike: body limits, timeouts (each defaulting
 * to the send's `timeout`), the deadline, cancel and where large bodies spill.
 */
export function sendExchangeOptions(
  limits: { maxBodyBytes: number; memoryBodyBytes: number },
  opts: Pick<HttpRequestOptions, 'headersTimeout' | 'idleTimeout' | 'signal' | 'tempDir'>,
  timeout: number,
  deadline: number | undefined,
): Omit<ExchangeOptions, 'wireCaptureBytes'> {
  return {
    maxBodyBytes: limits.maxBodyBytes,
    memoryBodyBytes: limits.memoryBodyBytes,
    headersTimeout: opts.headersTimeout ?? timeout,
    idleTimeout: opts.idleTimeout ?? timeout,
    ...(deadline !== undefined ? { deadline } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.tempDir ? { tempDir: opts.tempDir } : {}),
  };
}
