import * as http2 from 'http2';
import { NetProbeError, errorMessage, isErrnoException, nowMs } from '../../errors';
import { BodySink } from '../body-sink';
import type { ExchangeOptions } from '../exchange';
import type { BodyInfo, HttpResponseInfo, InformationalResponse } from '../types';
import type { Http2Connection } from './connection';
import { describeErrorCode } from './constants';
import type { Http2Request } from './request';
import { nodeHeaders } from './request';
import { formatDuration } from '../../text/units';

/**
 * How a stream reads its response: the limits, timeouts and body file of an HTTP/1.1 exchange (the frames are
 * the wire capture here), and the largest header list accepted (for the message when Node refuses a bigger one).
 */
export type StreamOptions = Omit<ExchangeOptions, 'wireCaptureBytes'> & { maxHeaderBytes: number };

/** What happened on one stream; `error` is set when it failed part way. Never rejected. */
export interface StreamOutcome {
  streamId?: number;
  startedAt: number;
  doneAt: number;
  response?: HttpResponseInfo;
  trailers?: Array<[string, string]>;
  warnings: string[];
  error?: NetProbeError;
}

type RawHeaders = string[] | undefined;

/** Node's flat raw header list as pairs, without pseudo-headers. */
function fields(raw: RawHeaders, headers: http2.IncomingHttpHeaders): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (raw) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const k = raw[i] ?? '';
      if (!k.startsWith(':')) out.push([k, raw[i + 1] ?? '']);
    }
    return out;
  }
  for (const [k, v] of Object.entries(headers)) {
    if (k.startsWith(':') || v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [String(v)]) out.push([k, one]);
  }
  return out;
}

function statusOf(headers: http2.IncomingHttpHeaders): number {
  return Number(headers[':status'] ?? 0);
}

/**
 * Sends one request as a stream of an open HTTP/2 connection and reads its response (interim 1xx, final
 * headers, body with back-pressure and a size limit, trailers). Timeouts and cancellation reset the stream
 * (RST_STREAM CANCEL). Failures are named from the frames: the server's RST_STREAM or GOAWAY, Node's own
 * reset (a header list over the limit), or the connection's failure.
 */
export function runStream(conn: Http2Connection, req: Http2Request, opts: StreamOptions): Promise<StreamOutcome> {
  const startedAt = nowMs();
  const warnings: string[] = [];
  return new Promise<StreamOutcome>(resolve => {
    let stream: http2.ClientHttp2Stream;
    try {
      stream = conn.session.request(nodeHeaders(req.headers), { endStream: req.body.length === 0 });
    } catch (e) {
      const msg = errorMessage(e);
      const closed = conn.session.closed || conn.session.destroyed;
      resolve({
        startedAt,
        doneAt: nowMs(),
        warnings,
        error:
          conn.failure ??
          (closed
            ? new NetProbeError('protocol', `The HTTP/2 connection was already closed; the request was not sent (${msg}).`)
            : new NetProbeError('invalid-input', `HTTP/2 cannot send this request: ${msg}.`, isErrnoException(e) ? e.code : undefined)),
      });
      return;
    }
    let status = 0;
    let headers: Array<[string, string]> | undefined;
    // Node may deliver a DATA frame read in the same chunk as the HEADERS before it emits 'response'.
    const sink = new BodySink(
      opts.bodyFile || opts.tempDir
        ? { memoryBytes: opts.memoryBodyBytes, ...(opts.bodyFile ? { file: opts.bodyFile } : {}), ...(opts.tempDir ? { tempDir: opts.tempDir } : {}) }
        : { memoryBytes: opts.memoryBodyBytes },
    );
    let truncated = false;
    let finished = false;
    let cancelled: NetProbeError | 'limit' | undefined;
    let frameHeaders: Array<[string, string]> | undefined;
    let streamError: unknown;

    const stage = (): string => {
      if (!headers) return 'before the response headers';
      const expected = headers.find(([k]) => k === 'content-length')?.[1];
      return `after ${sink.bytes}${expected ? ` of ${expected}` : ''} body bytes`;
    };
    const cancel = (why: NetProbeError | 'limit', code: number = http2.constants.NGHTTP2_CANCEL): void => {
      if (finished || cancelled) return;
      cancelled = why;
      if (!stream.closed) stream.close(code);
    };
    // One timer watches the headers, then (refreshed by each DATA) the body, when both limits are the same.
    let waitingForHeaders = true;
    const sameLimit = opts.headersTimeout === opts.idleTimeout;
    const onTimer = (): void => {
      cancel(
        new NetProbeError(
          'timeout',
          waitingForHeaders
            ? `No response headers within ${formatDuration(opts.headersTimeout)}: the server accepted the stream but never answered.`
            : `The server sent nothing for ${formatDuration(opts.idleTimeout)} in the middle of the body (${sink.bytes} body bytes received).`,
        ),
      );
    };
    const timer = setTimeout(onTimer, opts.headersTimeout);
    let idleTimer: NodeJS.Timeout | undefined;
    const armIdle = (): void => {
      if (sameLimit) {
        timer.refresh();
        return;
      }
      if (idleTimer) {
        idleTimer.refresh();
        return;
      }
      clearTimeout(timer);
      idleTimer = setTimeout(onTimer, opts.idleTimeout);
    };
    const deadlineTimer =
      opts.deadline === undefined
        ? undefined
        : setTimeout(
            () => {
              cancel(new NetProbeError('timeout', `The request did not finish within the overall time limit (${stage()}).`));
            },
            Math.max(0, opts.deadline - nowMs()),
          );
    const onAbort = (): void => cancel(new NetProbeError('aborted', 'The request was cancelled.'));
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });

    stream.on('response', (h: http2.IncomingHttpHeaders, _flags: number, raw?: RawHeaders) => {
      const rec = stream.id !== undefined ? conn.log.stream(stream.id) : undefined;
      const block = rec?.responseBlocks[rec.responseBlocks.length - 1];
      // Node applies SETTINGS_MAX_HEADER_LIST_SIZE only once acknowledged: the limit is checked here from the first stream.
      if (block && block.listSize > opts.maxHeaderBytes) {
        cancel(
          new NetProbeError(
            'protocol',
            `The server's response header list is ${block.listSize} bytes, which is over the limit of ${opts.maxHeaderBytes} bytes; NetProbe refused it and reset stream ${stream.id} (RST_STREAM ENHANCE_YOUR_CALM).`,
            'ENHANCE_YOUR_CALM',
          ),
          http2.constants.NGHTTP2_ENHANCE_YOUR_CALM,
        );
        return;
      }
      status = statusOf(h);
      waitingForHeaders = false;
      armIdle();
      // The list as the frames carried it (pseudo-headers aside), when the frame log decoded it; else Node's.
      const sent = block?.headers;
      const pairs = raw ? raw.length / 2 : -1;
      if (sent && sent.length === pairs) {
        headers = sent[0]?.[0] === ':status' && !(sent[1]?.[0] ?? '').startsWith(':') ? sent.slice(1) : sent.filter(([k]) => !k.startsWith(':'));
        return;
      }
      headers = fields(raw, h);
      if (sent && sent.length > headers.length + 1) {
        // Node leaves out fields its HTTP/2 layer finds invalid; the frame log has the list as sent.
        const own = sent.filter(([k]) => !k.startsWith(':'));
        const kept = new Set(headers.map(([k, v]) => `${k}\0${v}`));
        const ignored = own.filter(([k, v]) => !kept.has(`${k}\0${v}`)).map(([k]) => k);
        if (ignored.length) {
          warnings.push(
            `The server sent ${ignored.length} header field${ignored.length === 1 ? '' : 's'} HTTP/2 does not allow (${[...new Set(ignored)].slice(0, 5).join(', ')}): Node's HTTP/2 layer ignored ${ignored.length === 1 ? 'it' : 'them'}; the list shows them as sent.`,
          );
          frameHeaders = own;
        }
      }
    });
    stream.on('data', (chunk: Buffer) => {
      if (cancelled) return;
      armIdle();
      const room = opts.maxBodyBytes - sink.bytes;
      if (chunk.length > room) {
        if (room > 0) sink.write(chunk.subarray(0, room));
        truncated = true;
        warnings.push(`The body was cut at the limit of ${opts.maxBodyBytes} bytes; the stream was reset (RST_STREAM CANCEL).`);
        cancel('limit');
        return;
      }
      try {
        if (!sink.write(chunk)) {
          stream.pause();
          sink.onDrain(() => {
            if (!finished) stream.resume();
          });
        }
      } catch (e) {
        cancel(e instanceof NetProbeError ? e : new NetProbeError('os-error', String(e)));
      }
    });
    stream.on('error', (e: unknown) => {
      streamError ??= e;
    });
    stream.once('close', () => {
      finished = true;
      clearTimeout(timer);
      clearTimeout(idleTimer);
      clearTimeout(deadlineTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      const streamId = stream.id;
      const rec = streamId !== undefined ? conn.log.stream(streamId) : undefined;
      const ended = rec ? rec.endedByServer : stream.readableEnded;
      const error =
        cancelled === 'limit'
          ? undefined
          : (cancelled ?? (ended && headers ? undefined : failure(conn, streamId, stage(), stream.rstCode, streamError, opts.maxHeaderBytes)));
      if (!error && stream.rstCode && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR && cancelled !== 'limit') {
        warnings.push(`The stream ended with RST_STREAM ${describeErrorCode(stream.rstCode)} after a complete response.`);
      }
      // Interim (1xx) responses and trailers, as the frames carried them.
      const informational: InformationalResponse[] = [];
      let trailers: Array<[string, string]> | undefined;
      let headBytes = 0;
      let final = false;
      for (const b of rec?.responseBlocks ?? []) {
        if (final) {
          trailers = b.headers;
          continue;
        }
        const first = b.headers[0];
        const code = first?.[0] === ':status' ? Number(first[1]) : 0;
        if (code >= 100 && code < 200) {
          informational.push({ statusCode: code, statusText: '', headers: b.headers.filter(([k]) => !k.startsWith(':')) });
          continue;
        }
        final = true;
        headBytes = b.encodedBytes;
      }
      const done = (response?: HttpResponseInfo, err?: NetProbeError): void => {
        const out: StreamOutcome = { startedAt, doneAt: nowMs(), warnings };
        if (streamId !== undefined) out.streamId = streamId;
        if (response) out.response = response;
        if (trailers) out.trailers = trailers;
        if (err) out.error = err;
        resolve(out);
      };
      if (!headers) {
        sink.end(truncated).catch(() => undefined);
        done(undefined, error);
        return;
      }
      const head = frameHeaders ?? headers;
      const response = (b: BodyInfo): HttpResponseInfo => {
        const r: HttpResponseInfo = {
          statusCode: status,
          statusText: '',
          httpVersion: '2',
          headers: head,
          informational,
          body: b,
          framing: 'end-stream',
          keepAlive: !conn.failure && !conn.log.goaway,
          headBytes,
        };
        if (trailers) r.trailers = trailers;
        return r;
      };
      // A body kept in memory is complete now; one in a file once the file is written.
      const memory = sink.inMemory(truncated);
      if (memory) {
        done(response(memory), error);
        return;
      }
      sink.end(truncated).then(
        b => done(response(b), error),
        (e: unknown) => done(undefined, e instanceof NetProbeError ? e : new NetProbeError('os-error', String(e))),
      );
    });
    if (req.body.length > 0) stream.end(req.body);
  });
}
/** Names why a stream ended without a complete response, from what the frames say. */
function failure(
  conn: Http2Connection,
  streamId: number | undefined,
  stage: string,
  rstCode: number,
  streamError: unknown,
  maxHeaderBytes: number,
): NetProbeError {
  const log = conn.log;
  const rec = streamId !== undefined ? log.stream(streamId) : undefined;
  const name = streamId !== undefined ? `stream ${streamId}` : 'the stream';
  if (rec?.reset?.by === 'server') {
    return new NetProbeError('protocol', `The server reset ${name} (RST_STREAM ${describeErrorCode(rec.reset.errorCode)}) ${stage}.`, 'RST_STREAM');
  }
  if (rec?.reset?.by === 'client' && rec.reset.errorCode === http2.constants.NGHTTP2_ENHANCE_YOUR_CALM) {
    const size = rec.responseBlocks[rec.responseBlocks.length - 1]?.listSize;
    return new NetProbeError(
      'protocol',
      `The server's response header list${size ? ` is ${size} bytes, which` : ''} is over the limit of ${maxHeaderBytes} bytes; NetProbe refused it and reset ${name} (RST_STREAM ENHANCE_YOUR_CALM).`,
      'ENHANCE_YOUR_CALM',
    );
  }
  const g = log.goaway;
  if (g) {
    const what = `GOAWAY (${describeErrorCode(g.errorCode)}, last stream ${g.lastStreamId}${g.debugData ? `, "${g.debugData}"` : ''})`;
    if (streamId !== undefined && streamId > g.lastStreamId) {
      return new NetProbeError('protocol', `The server sent ${what} and did not process ${name}: it is safe to send it again on a new connection.`, 'GOAWAY');
    }
    return new NetProbeError('protocol', `The server sent ${what} and closed the connection ${stage} of ${name}.`, 'GOAWAY');
  }
  if (conn.failure) return new NetProbeError(conn.failure.code, `${conn.failure.message.replace(/\.$/, '')} (${name}, ${stage}).`, conn.failure.errno);
  if (rec?.reset?.by === 'client') {
    return new NetProbeError(
      'protocol',
      `NetProbe's HTTP/2 layer reset ${name} (RST_STREAM ${describeErrorCode(rec.reset.errorCode)}) ${stage}: the server's frames broke the protocol.`,
      'RST_STREAM',
    );
  }
  const msg = streamError instanceof Error ? streamError.message : undefined;
  if (rstCode)
    return new NetProbeError(
      'protocol',
      `${name[0]?.toUpperCase()}${name.slice(1)} closed with ${describeErrorCode(rstCode)} ${stage}${msg ? ` (${msg})` : ''}.`,
    );
  return new NetProbeError(
    'protocol',
    `The connection closed ${stage} of ${name}${msg ? ` (${msg})` : ''}.`,
    isErrnoException(streamError) ? streamError.code : undefined,
  );
}
