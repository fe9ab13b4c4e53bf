import { ChunkedDecoder } from './chunked';
import type { ParsedHead } from './response-head';
import { HttpParseError, parseResponseHead } from './response-head';
import type { HttpViolation } from './violations';
import { quoteBytes } from './violations';

/** What the caller does with the response the reader is reading. */
export interface ReaderHandlers {
  /** Headers complete. Return `skip-body` for a response to HEAD, `upgrade` for CONNECT/101 tunnels. */
  onHead(head: ParsedHead): 'skip-body' | 'upgrade' | undefined;
  onBody(chunk: Buffer): void;
  /** One message complete (informational 1xx responses complete too); `trailers` after a chunked body. */
  onComplete(head: ParsedHead, trailers: Array<[string, string]>): void;
  /** A place where the response breaks HTTP/1.1 (reading goes on unless an HttpParseError follows). */
  onViolation(v: HttpViolation): void;
}

/** Result of feeding bytes: how many belong to the current message, and whether it stopped there. */
export interface ExecuteResult {
  consumed: number;
  /** A final (non-1xx) response completed; bytes after `consumed` belong to what follows. */
  completed: boolean;
  /** The connection switched protocols; bytes after `consumed` are the new protocol's. */
  upgraded: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const HTTP_PREFIX = Buffer.from('HTTP/', 'latin1');
const NO_HANDLERS: ReaderHandlers = { onHead: () => undefined, onBody: () => undefined, onComplete: () => undefined, onViolation: () => undefined };

/**
 * Reads HTTP/1.x responses from a connection's bytes the way curl and browsers do — a malformed response is
 * shown, not refused — and reports each place it breaks RFC 9112 with its byte offset (see HttpViolation).
 * Stops after each final response, so keep-alive and pipelined bytes are accounted for exactly; call
 * {@link resume} before reading the next one. Body bytes are passed on as views of the input, never copied.
 */
export class ResponseReader {
  private state: 'head' | 'length' | 'chunked' | 'close' | 'done' = 'head';
  /** Bytes consumed since {@link setHandlers}: the exchange offset of the next byte. */
  private position = 0;
  private head: ParsedHead | undefined;
  private headChunks: Buffer[] = [];
  private headSize = 0;
  private headAt = 0;
  private lineLength = 0;
  private lineLast = -1;
  private sawStatus = false;
  private prefixChecked = 0;
  private remaining = 0;
  private chunked: ChunkedDecoder | undefined;

  constructor(
    private handlers: ReaderHandlers = NO_HANDLERS,
    private readonly maxHeaderBytes = 64 * 1024,
  ) {}

  /** Sets who receives the next response's events; offsets count from here. */
  setHandlers(handlers: ReaderHandlers): void {
    this.handlers = handlers;
    this.position = 0;
  }

  /** After a completed response, lets the reader read the next one. */
  resume(): void {
    if (this.state === 'done') this.startHead();
  }

  /** The response in progress is delimited by the connection closing (no length, not chunked). */
  needsEof(): boolean {
    return this.state === 'close';
  }

  /** Nothing to release (kept so a connection can close its reader like any resource). */
  free(): void {
    this.handlers = NO_HANDLERS;
  }

  /** Reads `chunk`. Throws HttpParseError where the response cannot be read further. */
  execute(chunk: Buffer): ExecuteResult {
    const base = this.position;
    try {
      const r = this.run(chunk, base);
      this.position = base + r.consumed;
      return r;
    } catch (e) {
      this.position = base + chunk.length;
      throw e;
    }
  }

  /** The peer closed the connection: completes a close-delimited body, or throws if a message was cut short. */
  finish(): { completed: boolean } {
    const at = this.position;
    switch (this.state) {
      case 'close':
        this.complete();
        return { completed: true };
      case 'head':
        if (this.headSize === 0) return { completed: false };
        this.checkPrefix(true);
        throw new HttpParseError('incomplete-headers', `The server closed the connection at byte ${at}, before the response headers were complete.`, at);
      case 'length':
      case 'chunked':
        throw new HttpParseError('incomplete-body', `The server closed the connection at byte ${at}, before the body was complete.`, at);
      case 'done':
        return { completed: false };
    }
  }

  private startHead(): void {
    this.state = 'head';
    this.head = undefined;
    this.headChunks = [];
    this.headSize = 0;
    this.headAt = this.position;
    this.lineLength = 0;
    this.lineLast = -1;
    this.sawStatus = false;
    this.prefixChecked = 0;
    this.chunked = undefined;
  }

  private run(chunk: Buffer, base: number): ExecuteResult {
    let i = 0;
    if (this.state === 'head' && this.headSize === 0) this.headAt = base;
    while (i < chunk.length) {
      switch (this.state) {
        case 'done':
          return { consumed: i, completed: true, upgraded: false };
        case 'head': {
          const end = this.scanHead(chunk, i, base);
          if (end < 0) return { consumed: chunk.length, completed: false, upgraded: false };
          i = end;
          const r = this.headDone(base + i);
          if (r) return { consumed: i, completed: true, upgraded: r === 'upgrade' };
          break;
        }
        case 'length': {
          const n = Math.min(this.remaining, chunk.length - i);
          this.handlers.onBody(chunk.subarray(i, i + n));
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) {
            this.complete();
            return { consumed: i, completed: true, upgraded: false };
          }
          break;
        }
        case 'close':
          this.handlers.onBody(i === 0 ? chunk : chunk.subarray(i));
          return { consumed: chunk.length, completed: false, upgraded: false };
        case 'chunked': {
          const step = (this.chunked as ChunkedDecoder).execute(chunk, i, base);
          i = step.index;
          if (step.done) {
            this.complete();
            return { consumed: i, completed: true, upgraded: false };
          }
          break;
        }
      }
    }
    return { consumed: i, completed: this.state === 'done', upgraded: false };
  }

  /** Looks for the blank line that ends the head; returns the index after it, or -1 (all of `chunk` taken). */
  private scanHead(chunk: Buffer, from: number, base: number): number {
    let i = from;
    let end = -1;
    while (i < chunk.length) {
      const lf = chunk.indexOf(LF, i);
      if (lf < 0) {
        this.lineLength += chunk.length - i;
        this.lineLast = chunk[chunk.length - 1] ?? -1;
        i = chunk.length;
        break;
      }
      const length = this.lineLength + (lf - i);
      const last = lf > i ? chunk[lf - 1] : this.lineLast;
      this.lineLength = 0;
      this.lineLast = -1;
      const blank = length === 0 || (length === 1 && last === CR);
      i = lf + 1;
      if (!blank) this.sawStatus = true;
      else if (this.sawStatus) {
        end = i;
        break;
      }
    }
    const taken = (end < 0 ? chunk.length : end) - from;
    if (this.headSize + taken > this.maxHeaderBytes) {
      throw new HttpParseError('headers-too-large', `The response headers are larger than the limit of ${this.maxHeaderBytes} bytes.`, base + from);
    }
    this.headChunks.push(chunk.subarray(from, from + taken));
    this.headSize += taken;
    if (this.prefixChecked < HTTP_PREFIX.length) this.checkPrefix(false);
    return end;
  }

  /** Fails as soon as the first bytes (after blank lines) cannot start "HTTP/". */
  private checkPrefix(final: boolean): void {
    const head = this.headChunks.length === 1 && this.headChunks[0] ? this.headChunks[0] : Buffer.concat(this.headChunks);
    let start = 0;
    while (head[start] === CR || head[start] === LF) start++;
    const have = Math.min(head.length - start, HTTP_PREFIX.length);
    const ok = head.subarray(start, start + have).equals(HTTP_PREFIX.subarray(0, have));
    if (!ok || (final && have < HTTP_PREFIX.length)) {
      const shown = quoteBytes(head.toString('latin1', start, Math.min(head.length, start + 40)), 40);
      throw new HttpParseError('not-http', `The server's answer is not HTTP/1.x: it starts with ${shown} instead of "HTTP/".`, this.headAt + start);
    }
    this.prefixChecked = have;
  }

  /** The head is complete: read it and decide how its body is framed. Returns how the message ended, if it did. */
  private headDone(after: number): 'complete' | 'upgrade' | undefined {
    const buf = this.headChunks.length === 1 && this.headChunks[0] ? this.headChunks[0] : Buffer.concat(this.headChunks);
    const report = (v: HttpViolation): void => this.handlers.onViolation(v);
    const head = parseResponseHead(buf, this.headAt, report);
    this.head = head;
    const code = head.statusCode;
    const informational = code >= 100 && code < 200 && code !== 101;
    const noBody = informational || code === 204 || code === 304;
    head.keepAlive &&= noBody || head.framing.kind !== 'close';
    const action = this.handlers.onHead(head);
    if (informational) {
      this.handlers.onComplete(head, []);
      this.position = after;
      this.startHead();
      this.headAt = after;
      return undefined;
    }
    if (action === 'upgrade' || code === 101) {
      this.complete();
      return 'upgrade';
    }
    if (action === 'skip-body' || noBody) {
      this.complete();
      return 'complete';
    }
    const framing = head.framing;
    if (framing.kind === 'content-length') {
      if (framing.length === 0) {
        this.complete();
        return 'complete';
      }
      this.remaining = framing.length;
      this.state = 'length';
    } else if (framing.kind === 'chunked') {
      this.chunked = new ChunkedDecoder(b => this.handlers.onBody(b), report, this.maxHeaderBytes);
      this.state = 'chunked';
    } else {
      this.state = 'close';
    }
    return undefined;
  }

  private complete(): void {
    const head = this.head;
    this.state = 'done';
    if (head) this.handlers.onComplete(head, this.chunked?.trailers?.fields ?? []);
  }
}
