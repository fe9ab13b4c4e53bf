/**
 * Text that reaches a terminal (the CLI's output, the raw-session pseudoterminal) with nothing a terminal
 * would act on: bytes from the network are shown, never obeyed. One rule, used by every front end.
 */

/**
 * True for a code point a terminal acts on instead of showing: C0 controls other than tab and line feed,
 * DEL, C1 controls (U+0080–U+009F: xterm reads U+009B as CSI, U+009D as OSC) and the bidirectional
 * embeddings, overrides and isolates that reorder what is shown (U+202A–U+202E, U+2066–U+2069).
 */
export function isTerminalControl(cp: number): boolean {
  return (cp < 0x20 && cp !== 0x09 && cp !== 0x0a) || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/** The visible escape of a control (or invisible) code point: `\r`, `\n`, `\x1b`, `\x9b`, `\u202e`, `\u{e0001}`. */
export function controlEscape(cp: number): string {
  if (cp === 0x0d) return '\\r';
  if (cp === 0x0a) return '\\n';
  if (cp > 0xffff) return `\\u{${cp.toString(16)}}`;
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * True for a code point that shows as nothing or moves what is around it without being a terminal control: the
 * Unicode format characters (zero-width spaces and joiners, direction marks, the soft hyphen, BOM) and the line and
 * paragraph separators. A name read to be trusted (a certificate subject, a URL) shows them as escapes.
 */
export function isInvisible(cp: number): boolean {
  return cp >= 0xad && INVISIBLE.test(String.fromCodePoint(cp));
}

/** How {@link terminalText} treats line ends and invisible characters. */
export interface TerminalTextOptions {
  /**
   * Keep line feeds (CRLF becomes LF, a lone CR is escaped): for multi-line output. Default true; false for
   * one field shown on one line (a header value, a reason phrase), where a line feed is escaped too.
   */
  multiline?: boolean;
  /** Escape the {@link isInvisible} characters too (`\u200e`): for names that must be read exactly. Default false. */
  invisible?: boolean;
}

/**
 * `text` made safe for a terminal: every {@link isTerminalControl} code point as a visible escape (`\x1b`), tabs
 * kept, line feeds kept in multi-line mode, invisible characters escaped when asked. Text without any of them is
 * returned unchanged.
 */
export function terminalText(text: string, opts: TerminalTextOptions = {}): string {
  const multiline = opts.multiline !== false;
  const invisible = opts.invisible === true;
  const escaped = (cp: number): boolean => isTerminalControl(cp) || (cp === 0x0a && !multiline) || (invisible && isInvisible(cp));
  if (!needsEscaping(text, escaped)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) ?? 0;
    if (cp > 0xffff) i++;
    if (cp === 0x0d && multiline && text.charCodeAt(i + 1) === 0x0a) continue;
    out += escaped(cp) ? controlEscape(cp) : String.fromCodePoint(cp);
  }
  return out;
}

function needsEscaping(text: string, escaped: (cp: number) => boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Controls are all in the BMP; a surrogate pair is read whole for the invisible tag characters (U+E0001…).
    if (escaped(c >= 0xd800 && c <= 0xdbff ? (text.codePointAt(i) ?? c) : c)) return true;
  }
  return false;
}

const QUOTED_NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '"': '\\"', '\\': '\\\\' };

/**
 * Text from the network quoted on one line for a message: at most `max` characters (`…` after the closing part
 * when cut), with quotes, backslashes, tabs and line ends escaped (`\"`, `\\`, `\t`, `\r`, `\n`) besides every
 * terminal control and invisible character, so the quote shows exactly what was sent.
 */
export function quotedText(text: string, max = 200): string {
  const chars = Array.from(text);
  const cut = chars.length > max ? chars.slice(0, max).join('') : text;
  const escaped = terminalText(
    cut.replace(/[\t"\\]/g, c => QUOTED_NAMED[c] ?? c),
    { multiline: false, invisible: true },
  );
  return `"${escaped}${chars.length > max ? '…' : ''}"`;
}

/**
 * JSON text for a terminal: JSON.stringify already writes C0 controls as `\u001b`; this also writes DEL, C1
 * and bidi controls as `\u` escapes, so the document parses to the same value and shows nothing raw.
 */
export function terminalJson(json: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (!isTerminalControl(c)) continue;
    out += `${json.slice(last, i)}\\u${c.toString(16).padStart(4, '0')}`;
    last = i + 1;
  }
  return last === 0 ? json : out + json.slice(last);
}

/** How a {@link TerminalByteDecoder} writes line ends and escapes. */
export interface TerminalByteDecoderOptions {
  /** What a received LF or CRLF becomes: `\n` (a CLI's stdout) or `\r\n` (a pseudoterminal). */
  newline?: string;
  /** Wraps each visible escape, e.g. to dim it; the default leaves it as is. */
  style?: (escape: string) => string;
}

/** Length of a UTF-8 sequence from its lead byte, 0 for a byte that cannot start one. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Whether `b` may follow `lead` as byte `index` (1-based) of a sequence (no overlongs, surrogates, > U+10FFFF). */
function validContinuation(lead: number, index: number, b: number): boolean {
  if (b < 0x80 || b > 0xbf) return false;
  if (index !== 1) return true;
  if (lead === 0xe0) return b >= 0xa0;
  if (lead === 0xed) return b <= 0x9f;
  if (lead === 0xf0) return b >= 0x90;
  if (lead === 0xf4) return b <= 0x8f;
  return true;
}

/**
 * Received bytes as terminal text, chunk by chunk: UTF-8 decoded (a character split across chunks is kept
 * whole), LF and CRLF as new lines, tabs kept; every other control, C1 and bidi control and byte that is not
 * UTF-8 shown as `\xNN` (the bytes as received), a lone CR as `\r`.
 */
export class TerminalByteDecoder {
  private pending: number[] = [];
  private pendingCr = false;
  private readonly newline: string;
  private readonly style: (escape: string) => string;

  constructor(opts: TerminalByteDecoderOptions = {}) {
    this.newline = opts.newline ?? '\n';
    this.style = opts.style ?? (e => e);
  }

  private escapeBytes(bytes: number[]): string {
    return this.style(bytes.map(b => (b < 0x80 ? controlEscape(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join(''));
  }

  /** Text of `chunk`; bytes of an unfinished character or a final CR wait for the next chunk. */
  write(chunk: Uint8Array): string {
    const bytes = this.pending.length ? Buffer.concat([Buffer.from(this.pending), chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.pending = [];
    let out = '';
    let runStart = 0;
    const flush = (end: number): void => {
      if (end > runStart) out += bytes.toString('utf8', runStart, end);
    };
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i] ?? 0;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (b === 0x0a) {
          out += this.newline;
          runStart = ++i;
          continue;
        }
        out += this.escapeBytes([0x0d]);
      }
      if (b < 0x80) {
        if (b === 0x0d || b === 0x0a || isTerminalControl(b)) {
          flush(i);
          if (b === 0x0d) this.pendingCr = true;
          else out += b === 0x0a ? this.newline : this.escapeBytes([b]);
          runStart = ++i;
        } else {
          i++;
        }
        continue;
      }
      const len = sequenceLength(b);
      let ok = len > 0;
      let k = 1;
      for (; ok && k < len && i + k < bytes.length; k++) ok = validContinuation(b, k, bytes[i + k] ?? 0);
      if (ok && k < len) {
        flush(i);
        this.pending = Array.from(bytes.subarray(i));
        return out;
      }
      const cp = ok ? (bytes.toString('utf8', i, i + len).codePointAt(0) ?? 0xfffd) : -1;
      if (ok && !isTerminalControl(cp)) {
        i += len;
        continue;
      }
      flush(i);
      const bad = ok ? len : 1;
      out += this.escapeBytes(Array.from(bytes.subarray(i, i + bad)));
      i += bad;
      runStart = i;
    }
    flush(i);
    return out;
  }

  /** What is left at the end of the stream: an unfinished character or a final CR, escaped. */
  end(): string {
    const rest = [...(this.pendingCr ? [0x0d] : []), ...this.pending];
    this.pending = [];
    this.pendingCr = false;
    return rest.length ? this.escapeBytes(rest) : '';
  }
}
