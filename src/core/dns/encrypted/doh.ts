import * as http from 'http';
import * as http2 from 'http2';
import { NetProbeError, errorMessage, isErrnoException, nowMs, roundMs } from '../../errors';
import type { Nameserver } from '../types';
import type { SecureLink } from './connect';
import { SecureDnsError } from './connect';
import type { CancelQuery, SecureConnection, SecureOutcome } from './connection';
import { quotedText } from '../../text/terminal';
import { DeadlineSweep } from './sweep';
import { DOH_DEFAULT_PATH, dohUrl } from './spec';
import { formatDuration } from '../../text/units';

/** The media type of DNS messages over HTTPS (RFC 8484 §6). */
export const DNS_MESSAGE_TYPE = 'application/dns-message';

/** The largest answer body read (a DNS message cannot be longer), and how much of any other body is kept. */
const MAX_DNS_BODY = 65535;
const MAX_OTHER_BODY = 2048;
const END_STREAM: http2.ClientSessionRequestOptions = Object.freeze({ endStream: true });
const OPEN_STREAM: http2.ClientSessionRequestOptions = Object.freeze({ endStream: false });

/** True for `application/dns-message` (parameters and case ignored). */
function isDnsMessageType(type: string | undefined): boolean {
  return (type ?? '').split(';')[0]?.trim().toLowerCase() === DNS_MESSAGE_TYPE;
}

/**
 * DNS over HTTPS (RFC 8484) on one HTTP/2 connection (Node's `http2` over the TLS socket NetProbe opened): one
 * stream per query, POST with the message as body or GET with `?dns=BASE64URL`, DNS id 0 as the RFC asks. Bodies
 * are bounded (a DNS message at most; other content only as much as an error message shows). HTTP errors,
 * non-DNS content and resets end the query with an `http`-stage error carrying the status and the body.
 */
export class DohConnection implements SecureConnection {
  private readonly session: http2.ClientHttp2Session;
  private readonly url: string;
  private readonly path: string;
  private readonly authority: string;
  /** Streams waiting for their answer, with when they time out. */
  private readonly active = new Map<http2.ClientHttp2Stream, { deadline: number; timeout: () => void }>();
  private readonly sweep = new DeadlineSweep(
    now => this.expire(now),
    () => this.active.size,
  );
  private closed = false;
  private postHeaders: http2.OutgoingHttpHeaders | undefined;
  private failure: NetProbeError | undefined;
  private goaway = false;
  answered = 0;
  readonly ignored = 0;

  constructor(
    link: SecureLink,
    ns: Nameserver,
    private readonly method: 'GET' | 'POST',
    tlsHostname?: string,
  ) {
    this.info = link.info;
    this.url = dohUrl(ns);
    this.path = ns.path ?? DOH_DEFAULT_PATH;
    const host = tlsHostname ?? (ns.host.includes(':') ? `[${ns.host}]` : ns.host);
    this.authority = ns.port === 443 ? host : `${host}:${ns.port}`;
    const socket = link.socket;
    this.session = http2.connect(`https://${this.authority}`, {
      createConnection: () => socket,
      settings: { enablePush: false, maxHeaderListSize: 16384 },
      maxSessionMemory: 4,
    });
    this.session.on('error', (e: Error) => {
      const code = isErrnoException(e) ? e.code : undefined;
      this.failure ??= new SecureDnsError('protocol', 'http', `DNS over HTTPS to ${this.url}: the HTTP/2 connection failed (${code ?? e.message}).`, code);
    });
    this.session.on('goaway', () => {
      this.goaway = true;
    });
    this.session.on('close', () => {
      this.failure ??= new SecureDnsError('protocol', 'http', `DNS over HTTPS to ${this.url}: the server closed the connection.`);
    });
  }

  readonly info: SecureLink['info'];

  get usable(): boolean {
    return !this.closed && !this.failure && !this.goaway && !this.session.closed && !this.session.destroyed;
  }

  get outstanding(): number {
    return this.active.size;
  }

  private expire(now: number): void {
    for (const a of [...this.active.values()]) if (a.deadline <= now) a.timeout();
  }

  send(query: Buffer, timeoutMs: number, done: (outcome: SecureOutcome) => void): CancelQuery {
    if (!this.usable) {
      done({ error: this.failure ?? new NetProbeError('aborted', 'The DNS query was cancelled.') });
      return () => undefined;
    }
    const get = this.method === 'GET';
    const path = get ? `${this.path}${this.path.includes('?') ? '&' : '?'}dns=${query.toString('base64url')}` : this.path;
    // Node copies the header object of a request: every POST shares one.
    const headers: http2.OutgoingHttpHeaders = get
      ? { ':method': 'GET', ':path': path, accept: DNS_MESSAGE_TYPE }
      : (this.postHeaders ??= Object.freeze({ ':method': 'POST', ':path': path, accept: DNS_MESSAGE_TYPE, 'content-type': DNS_MESSAGE_TYPE }));
    const url = get ? `${this.url.slice(0, this.url.length - this.path.length)}${path}` : this.url;
    const sentAt = nowMs();
    let stream: http2.ClientHttp2Stream;
    try {
      stream = this.session.request(headers, get ? END_STREAM : OPEN_STREAM);
    } catch (e) {
      done({ error: new SecureDnsError('protocol', 'http', `DNS over HTTPS to ${this.url}: could not open a stream (${errorMessage(e)}).`) });
      return () => undefined;
    }
    let status = 0;
    let contentType: string | undefined;
    let dns = false;
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    let ended = false;
    const finish = (error?: NetProbeError): void => {
      if (finished) return;
      finished = true;
      this.active.delete(stream);
      if (!ended && !stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
      if (error) return done({ error });
      const body = chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(chunks);
      if (!dns) return done({ error: this.httpError(status, contentType, body) });
      this.answered++;
      const outcome: SecureOutcome = { raw: body, rttMs: roundMs(nowMs() - sentAt), status };
      if (contentType) outcome.contentType = contentType;
      if (stream.id !== undefined) outcome.streamId = stream.id;
      outcome.url = url;
      done(outcome);
    };
    this.active.set(stream, {
      deadline: sentAt + timeoutMs,
      timeout: () => finish(new SecureDnsError('timeout', 'http', `DNS over HTTPS to ${this.url}: no answer within ${formatDuration(timeoutMs)}.`)),
    });
    this.sweep.arm();
    stream.on('response', (h: http2.IncomingHttpHeaders) => {
      status = Number(h[':status']);
      const ct: unknown = h['content-type'];
      contentType = typeof ct === 'string' ? ct : Array.isArray(ct) ? String(ct[0]) : undefined;
      dns = status === 200 && isDnsMessageType(contentType);
    });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (dns && size > MAX_DNS_BODY)
        return finish(
          new SecureDnsError(
            'protocol',
            'http',
            `DNS over HTTPS to ${this.url}: the answer body is larger than a DNS message can be (over ${MAX_DNS_BODY} bytes); stopped reading.`,
          ),
        );
      chunks.push(chunk);
      if (!dns && size >= MAX_OTHER_BODY) finish();
    });
    stream.on('end', () => {
      ended = true;
      finish();
    });
    stream.on('error', (e: Error) => {
      if (!finished) finish(new SecureDnsError('protocol', 'http', `DNS over HTTPS to ${this.url}: the stream failed (${e.message}).`));
    });
    stream.on('close', () => {
      if (!finished)
        finish(
          this.failure ??
            new SecureDnsError(
              'protocol',
              'http',
              `DNS over HTTPS to ${this.url}: the server reset the stream (HTTP/2 error code ${stream.rstCode ?? 'unknown'}) before answering.`,
            ),
        );
    });
    if (!get) stream.end(query);
    return () => finish(new NetProbeError('aborted', 'The DNS query was cancelled.'));
  }

  /** The error for an answer that is not a DNS message: the status (with its reason), the content type and the body. */
  private httpError(status: number, contentType: string | undefined, body: Buffer): SecureDnsError {
    const what = body.length ? `: ${quotedText(body.subarray(0, MAX_OTHER_BODY).toString('utf8'))}` : ' (empty body)';
    const type = contentType ?? 'no content type';
    if (status === 200) {
      return new SecureDnsError(
        'protocol',
        'http',
        `DNS over HTTPS to ${this.url}: the server answered HTTP 200 with ${type}, not a DNS message (${DNS_MESSAGE_TYPE})${what}`,
      );
    }
    const reason = http.STATUS_CODES[status];
    return new SecureDnsError(
      'protocol',
      'http',
      `DNS over HTTPS to ${this.url}: the server answered HTTP ${status}${reason ? ` ${reason}` : ''} (${type})${what}`,
    );
  }

  close(error: NetProbeError = new NetProbeError('aborted', 'The DNS query was cancelled.')): void {
    if (this.closed) return;
    this.closed = true;
    this.failure ??= error;
    this.sweep.stop();
    this.session.close();
    // Streams still open end with the error.
    if (this.active.size > 0) this.session.destroy();
  }
}
