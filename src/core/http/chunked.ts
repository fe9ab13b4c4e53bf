import type { FieldList } from './response-head';
import { HttpParseError, parseTrailerSection } from './response-head';
import type { HttpViolation } from './violations';
import { explain, quoteBytes } from './violations';

const CR = 0x0d;
const LF = 0x0a;
/** A chunk-size line (size and extensions) longer than this is refused. */
const MAX_SIZE_LINE = 4096;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

/** chunk-ext = *( ";" token [ "=" ( token / quoted-string ) ] ), RFC 9112 §7.1.1 (without BWS, as llhttp). */
function validChunkExtensions(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    if (text[i] !== ';') return false;
    const name = TOKEN.exec(text.slice(i + 1))?.[0];
    if (!name) return false;
    i += 1 + name.length;
    if (text[i] !== '=') continue;
    i++;
    const token = TOKEN.exec(text.slice(i))?.[0];
    if (token) {
      i += token.length;
      continue;
    }
    if (text[i] !== '"') return false;
    const bad = (c: number): boolean => Number.isNaN(c) || (c < 0x20 && c !== 0x09) || c === 0x7f;
    for (i++; ; i++) {
      const c = text.charCodeAt(i);
      if (bad(c)) return false;
      if (c === 0x22) {
        i++;
        break;
      }
      if (c === 0x5c && bad(text.charCodeAt(++i))) return false;
    }
  }
  return true;
}

/** Where the decoder stopped in a chunk of input. */
export interface ChunkedStep {
  /** Index after the last byte it consumed. */
  index: number;
  /** The last chunk and the trailers are complete: the body ended at `index`. */
  done: boolean;
}

/**
 * Decodes a chunked body (RFC 9112 §7.1) leniently as curl does — bare LF line ends and whitespace or garbage
 * after a chunk size are accepted and reported — and stops with an HttpParseError where curl also gives up
 * (no hex size, chunk data not followed by a line end). Body bytes are passed on as views, never copied.
 */
export class ChunkedDecoder {
  private state: 'size' | 'data' | 'data-end' | 'data-lf' | 'trailers' = 'size';
  private line: Buffer[] = [];
  private lineSize = 0;
  private lineAt = 0;
  private remaining = 0;
  private trailerBytes: Buffer[] = [];
  private trailerSize = 0;
  private trailerAt = 0;
  private trailerLineLength = 0;
  private trailerLineLast = -1;
  /** The trailer fields, once complete. */
  trailers: FieldList | undefined;

  constructor(
    private readonly onBody: (chunk: Buffer) => void,
    private readonly report: (v: HttpViolation) => void,
    private readonly maxTrailerBytes: number,
  ) {}

  /** Consumes `buf` from `from`; `base` is the exchange offset of `buf[0]`. */
  execute(buf: Buffer, from: number, base: number): ChunkedStep {
    let i = from;
    while (i < buf.length) {
      switch (this.state) {
        case 'size': {
          if (this.lineSize === 0 && this.line.length === 0) this.lineAt = base + i;
          const lf = buf.indexOf(LF, i);
          const end = lf < 0 ? buf.length : lf;
          if (this.lineSize + (end - i) > MAX_SIZE_LINE) {
            throw new HttpParseError('chunk-line-too-long', `A chunk-size line at byte ${this.lineAt} is longer than ${MAX_SIZE_LINE} bytes.`, this.lineAt);
          }
          this.line.push(buf.subarray(i, end));
          this.lineSize += end - i;
          if (lf < 0) return { index: buf.length, done: false };
          i = lf + 1;
          this.sizeLine(base + lf);
          break;
        }
        case 'data': {
          const n = Math.min(this.remaining, buf.length - i);
          this.onBody(buf.subarray(i, i + n));
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) this.state = 'data-end';
          break;
        }
        case 'data-end': {
          const c = buf[i];
          if (c === CR) this.state = 'data-lf';
          else if (c === LF) {
            this.report({ code: 'bare-lf', offset: base + i, message: explain.bareLf(base + i, 'chunk'), framing: true });
            this.state = 'size';
          } else this.unterminated(buf, i, base);
          i++;
          break;
        }
        case 'data-lf': {
          if (buf[i] !== LF) this.unterminated(buf, i, base);
          this.state = 'size';
          i++;
          break;
        }
        case 'trailers': {
          const r = this.trailerStep(buf, i);
          if (r.done) return r;
          i = r.index;
          break;
        }
      }
    }
    return { index: i, done: false };
  }

  private unterminated(buf: Buffer, i: number, base: number): never {
    throw new HttpParseError(
      'unterminated-chunk',
      `A chunk's data is not followed by CRLF at byte ${base + i} (found ${quoteBytes(buf.toString('latin1', i, i + 8))}): the chunk size and the data disagree, ` +
        'so the rest of the body cannot be framed. curl stops here too.',
      base + i,
    );
  }

  /** A complete chunk-size line (`lfAt`: offset of its LF). */
  private sizeLine(lfAt: number): void {
    let line = this.line.length === 1 && this.line[0] ? this.line[0] : Buffer.concat(this.line);
    this.line = [];
    this.lineSize = 0;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    else this.report({ code: 'bare-lf', offset: lfAt, message: explain.bareLf(lfAt, 'chunk'), framing: true });
    const text = line.toString('latin1');
    const digits = /^[0-9A-Fa-f]*/.exec(text)?.[0] ?? '';
    if (digits.length === 0) {
      throw new HttpParseError(
        'invalid-chunk-size',
        `The server sent an invalid chunk size in its chunked body: the line ${quoteBytes(text)} at byte ${this.lineAt} does not start with a hexadecimal size. curl stops here too.`,
        this.lineAt,
      );
    }
    const size = parseInt(digits, 16);
    if (digits.replace(/^0+/, '').length > 13 || !Number.isSafeInteger(size)) {
      throw new HttpParseError('chunk-size-too-large', `The chunk size ${quoteBytes(digits)} at byte ${this.lineAt} is too large.`, this.lineAt);
    }
    let rest = text.slice(digits.length);
    const ws = /^[ \t]*/.exec(rest)?.[0].length ?? 0;
    if (ws > 0) {
      const at = this.lineAt + digits.length;
      this.report({ code: 'chunk-size-whitespace', offset: at, message: explain.chunkSizeWhitespace(at), framing: true });
      rest = rest.slice(ws);
    }
    const restAt = this.lineAt + digits.length + ws;
    if (rest.startsWith(';')) {
      if (!validChunkExtensions(rest))
        this.report({ code: 'invalid-chunk-extension', offset: restAt, message: explain.invalidChunkExtension(restAt, rest), framing: false });
    } else if (rest.length > 0) {
      this.report({ code: 'chunk-size-garbage', offset: restAt, message: explain.chunkSizeGarbage(restAt, rest), framing: true });
    }
    if (size === 0) {
      this.state = 'trailers';
      this.trailerAt = lfAt + 1;
    } else {
      this.remaining = size;
      this.state = 'data';
    }
  }

  /** Reads trailer lines up to the blank line that ends the body. */
  private trailerStep(buf: Buffer, from: number): ChunkedStep {
    let i = from;
    while (i < buf.length) {
      const lf = buf.indexOf(LF, i);
      const end = lf < 0 ? buf.length : lf + 1;
      if (this.trailerSize + (end - from) > this.maxTrailerBytes) {
        throw new HttpParseError(
          'trailers-too-large',
          `The trailers after the chunked body are larger than the limit of ${this.maxTrailerBytes} bytes.`,
          this.trailerAt,
        );
      }
      if (lf < 0) {
        this.trailerLineLength += buf.length - i;
        this.trailerLineLast = buf[buf.length - 1] ?? -1;
        i = buf.length;
        break;
      }
      const length = this.trailerLineLength + (lf - i);
      const last = lf > i ? buf[lf - 1] : this.trailerLineLast;
      this.trailerLineLength = 0;
      this.trailerLineLast = -1;
      i = lf + 1;
      if (length === 0 || (length === 1 && last === CR)) {
        this.trailerBytes.push(buf.subarray(from, i));
        const section = Buffer.concat(this.trailerBytes);
        this.trailers = parseTrailerSection(section, this.trailerAt, this.report);
        return { index: i, done: true };
      }
    }
    this.trailerBytes.push(buf.subarray(from, i));
    this.trailerSize += i - from;
    return { index: i, done: false };
  }
}
