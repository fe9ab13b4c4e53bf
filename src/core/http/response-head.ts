import { NetProbeError } from '../errors';
import type { HttpViolation, HttpViolationCode } from './violations';
import { explain, quoteBytes } from './violations';

/** How the body of a response is delimited, as NetProbe (like curl) reads it. */
export type HeadFraming = { kind: 'chunked' } | { kind: 'content-length'; length: number } | { kind: 'close' };

/** The status line and headers of one response, as read. */
export interface ParsedHead {
  statusCode: number;
  statusText: string;
  /** `1.1`, `1.0`. */
  httpVersion: string;
  /** Header names and values as received, in order (names keep their case; obs-fold joined with a space). */
  headers: Array<[string, string]>;
  /** The server allows another request on this connection after this response. */
  keepAlive: boolean;
  upgrade: boolean;
  /** How the body ends, from Transfer-Encoding and Content-Length (the caller decides on HEAD, 1xx, 204, 304). */
  framing: HeadFraming;
  /** Bytes of the head as received, blank line included. */
  size: number;
}

/**
 * A response that cannot be read at all (or no further): a `protocol` NetProbeError whose `violation` names the
 * fault (also its `errno`) and `offset` the byte it is at.
 */
export class HttpParseError extends NetProbeError {
  constructor(
    readonly violation: HttpViolationCode,
    message: string,
    readonly offset: number,
  ) {
    super('protocol', message, violation);
  }
}

const CR = 0x0d;
const SP = 0x20;
const HT = 0x09;

/** RFC 9110 tchar. */
const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) {
  TCHAR[c] = 1;
  TCHAR[c + 0x20] = 1;
}

const isWs = (c: number | undefined): boolean => c === SP || c === HT;

/** One line of a head: `[start, end)` is its content (without CR LF), `lf` the index of its LF. */
interface Line {
  start: number;
  end: number;
  lf: number;
}

/**
 * Splits `text[from, to)` (bytes as latin-1: one character per byte, so indexes are byte offsets) into lines ending
 * at LF, as curl does; a missing CR before the LF and a CR elsewhere in a line are violations (the CR is kept as content).
 */
function splitLines(text: string, from: number, to: number, base: number, where: 'head' | 'trailer', report: (v: HttpViolation) => void): Line[] {
  const lines: Line[] = [];
  let start = from;
  while (start < to) {
    let lf = text.indexOf('\n', start);
    if (lf < 0 || lf >= to) lf = to;
    let end = lf;
    if (lf < to) {
      if (end > start && text.charCodeAt(end - 1) === CR) end--;
      else report({ code: 'bare-lf', offset: base + lf, message: explain.bareLf(base + lf, where), framing: true });
    }
    for (let i = text.indexOf('\r', start); i >= 0 && i < end; i = text.indexOf('\r', i + 1)) {
      report({ code: 'bare-cr', offset: base + i, message: explain.bareCr(base + i), framing: true });
    }
    lines.push({ start, end, lf });
    start = lf + 1;
  }
  return lines;
}

/** Header fields as read, with the offset of each field's line and value. */
export interface FieldList {
  fields: Array<[string, string]>;
  lineOffsets: number[];
  valueOffsets: number[];
}

const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding']);
const DIGITS = /^[0-9]+$/;

/**
 * Reads header (or trailer) field lines leniently, as curl and browsers do, and reports each way they break
 * RFC 9112: obs-fold (joined with a space), whitespace before the colon (kept in the name), a line without a
 * colon or name (skipped), control bytes in a value (kept).
 */
export function parseFieldLines(buf: Buffer, lines: readonly Line[], base: number, report: (v: HttpViolation) => void): FieldList {
  return fieldLines(buf.toString('latin1'), lines, base, report);
}

/** {@link parseFieldLines} over the bytes as a latin-1 string (indexes are byte offsets). */
function fieldLines(text: string, lines: readonly Line[], base: number, report: (v: HttpViolation) => void): FieldList {
  const out: FieldList = { fields: [], lineOffsets: [], valueOffsets: [] };
  for (const { start, end } of lines) {
    const at = base + start;
    if (isWs(text.charCodeAt(start))) {
      const last = out.fields[out.fields.length - 1];
      const content = text.slice(start, end).replace(/^[ \t]+|[ \t]+$/g, '');
      if (last) {
        report({
          code: 'obs-fold',
          offset: at,
          message: explain.obsFold(at, last[0], FRAMING_HEADERS.has(last[0].toLowerCase())),
          framing: FRAMING_HEADERS.has(last[0].toLowerCase()),
        });
        if (content) last[1] = last[1] ? `${last[1]} ${content}` : content;
      } else {
        const name = content.split(':')[0]?.trim().toLowerCase() ?? '';
        report({
          code: 'whitespace-before-first-header',
          offset: at,
          message: explain.leadingWhitespace(at, FRAMING_HEADERS.has(name)),
          framing: FRAMING_HEADERS.has(name),
        });
      }
      continue;
    }
    const colon = text.indexOf(':', start);
    if (colon < 0 || colon >= end) {
      report({ code: 'missing-colon', offset: at, message: explain.missingColon(at, text.slice(start, end)), framing: false });
      continue;
    }
    if (colon === start) {
      report({ code: 'empty-header-name', offset: at, message: explain.emptyHeaderName(at), framing: false });
      continue;
    }
    const name = text.slice(start, colon);
    let nameEnd = colon;
    while (nameEnd > start && isWs(text.charCodeAt(nameEnd - 1))) nameEnd--;
    if (nameEnd < colon) {
      const framing = FRAMING_HEADERS.has(name.trim().toLowerCase());
      report({ code: 'space-before-colon', offset: base + nameEnd, message: explain.spaceBeforeColon(base + nameEnd, name, framing), framing });
    }
    for (let i = start; i < nameEnd; i++) {
      const c = text.charCodeAt(i);
      if (!TCHAR[c] && c !== CR) {
        report({ code: 'invalid-header-name', offset: base + i, message: explain.invalidHeaderName(base + i, name), framing: false });
        break;
      }
    }
    let vStart = colon + 1;
    let vEnd = end;
    while (vStart < vEnd && isWs(text.charCodeAt(vStart))) vStart++;
    while (vEnd > vStart && isWs(text.charCodeAt(vEnd - 1))) vEnd--;
    for (let i = vStart; i < vEnd; i++) {
      const c = text.charCodeAt(i);
      if ((c < 0x20 && c !== HT && c !== CR) || c === 0x7f) {
        report({ code: 'invalid-header-value', offset: base + i, message: explain.invalidHeaderValue(base + i, name, c), framing: false });
        break;
      }
    }
    out.fields.push([name, text.slice(vStart, vEnd)]);
    out.lineOffsets.push(at);
    out.valueOffsets.push(base + vStart);
  }
  return out;
}

/** The lines of a trailer section `buf[from, to)` (its blank line included) as fields. */
export function parseTrailerSection(buf: Buffer, base: number, report: (v: HttpViolation) => void): FieldList {
  const text = buf.toString('latin1');
  const lines = splitLines(text, 0, text.length, base, 'trailer', report);
  return fieldLines(
    text,
    lines.filter(l => l.end > l.start),
    base,
    report,
  );
}

/** Transfer-Encoding and Content-Length, read as curl does (RFC 9112 §6.3 where they agree), with every conflict reported. */
function decideFraming(list: FieldList, report: (v: HttpViolation) => void): HeadFraming {
  const te: number[] = [];
  const cl: number[] = [];
  const fields = list.fields;
  for (let i = 0; i < fields.length; i++) {
    const k = fields[i]?.[0] ?? '';
    // Only names of the right length are lower-cased.
    if (k.length === 17 && k.toLowerCase() === 'transfer-encoding') te.push(i);
    else if (k.length === 14 && k.toLowerCase() === 'content-length') cl.push(i);
  }
  if (te.length === 0 && cl.length === 1) {
    // The common case: one Content-Length of plain digits (already trimmed) has nothing to report.
    const only = fields[cl[0] ?? 0]?.[1] ?? '';
    if (DIGITS.test(only) && Number.isSafeInteger(Number(only))) return { kind: 'content-length', length: Number(only) };
  }
  const value = (i: number): string => list.fields[i]?.[1] ?? '';
  const valueAt = (i: number): number => list.valueOffsets[i] ?? 0;
  if (te.length > 0) {
    const codings = te.flatMap(i =>
      value(i)
        .split(',')
        .map(c => c.trim().toLowerCase()),
    );
    const chunked = codings.includes('chunked');
    const lastTe = te[te.length - 1] ?? 0;
    if (chunked && codings[codings.length - 1] !== 'chunked') {
      report({ code: 'chunked-not-final', offset: valueAt(lastTe), message: explain.chunkedNotFinal(valueAt(lastTe), value(lastTe)), framing: true });
    }
    if (cl.length > 0) {
      const firstCl = cl[0] ?? 0;
      const second = Math.max(firstCl, te[0] ?? 0);
      const at = list.lineOffsets[second] ?? 0;
      report({
        code: 'content-length-with-transfer-encoding',
        offset: at,
        message: explain.contentLengthWithTransferEncoding(at, value(firstCl), te.map(value).join(', '), chunked),
        framing: true,
      });
    }
    return chunked ? { kind: 'chunked' } : { kind: 'close' };
  }
  if (cl.length === 0) return { kind: 'close' };
  const parsed = cl.map(i => ({
    i,
    parts: value(i)
      .split(',')
      .map(p => p.replace(/^[ \t]+|[ \t]+$/g, '')),
  }));
  const bad = parsed.find(p => p.parts.some(x => !/^[0-9]+$/.test(x) || !Number.isSafeInteger(Number(x))));
  if (bad) {
    report({ code: 'invalid-content-length', offset: valueAt(bad.i), message: explain.invalidContentLength(valueAt(bad.i), value(bad.i)), framing: true });
    return { kind: 'close' };
  }
  const all = parsed.flatMap(p => p.parts.map(x => Number(x)));
  const distinct = new Set(all);
  for (const p of parsed) {
    if (p.parts.length > 1 && distinct.size === 1) {
      report({ code: 'content-length-list', offset: valueAt(p.i), message: explain.contentLengthList(valueAt(p.i), value(p.i)), framing: true });
    }
  }
  // curl takes the last header's (first) value.
  const used = Number(parsed[parsed.length - 1]?.parts[0] ?? 0);
  if (distinct.size > 1) {
    const second = parsed.find(p => p.parts.some(x => Number(x) !== Number(parsed[0]?.parts[0]))) ?? parsed[parsed.length - 1];
    const at = valueAt(second?.i ?? 0);
    const values = parsed.map(p => ({ value: value(p.i), offset: valueAt(p.i) }));
    report({ code: 'conflicting-content-length', offset: at, message: explain.conflictingContentLength(values, used), framing: true });
  } else if (parsed.length > 1) {
    const at = valueAt(parsed[1]?.i ?? 0);
    report({ code: 'duplicate-content-length', offset: at, message: explain.duplicateContentLength(at, used, valueAt(parsed[0]?.i ?? 0)), framing: true });
  }
  return { kind: 'content-length', length: used };
}

function hasToken(list: FieldList, header: string, token: string): boolean {
  return list.fields.some(([k, v]) => k.length === header.length && k.toLowerCase() === header && v.split(',').some(t => t.trim().toLowerCase() === token));
}

/**
 * Reads a complete response head (`buf`, status line to blank line inclusive; `base` is the offset of its first
 * byte in the exchange) leniently and reports every violation. Throws HttpParseError when it is not an HTTP/1.x
 * status line at all.
 */
export function parseResponseHead(buf: Buffer, base: number, report: (v: HttpViolation) => void): ParsedHead {
  const text = buf.toString('latin1');
  const lines = splitLines(text, 0, text.length, base, 'head', report);
  let first = 0;
  while (first < lines.length && lines[first]?.end === lines[first]?.start) first++;
  const status = lines[first];
  const statusLine = status ? text.slice(status.start, status.end) : '';
  const statusAt = base + (status?.start ?? 0);
  if (!statusLine.startsWith('HTTP/')) {
    throw new HttpParseError('not-http', `The server's answer is not HTTP/1.x: it starts with ${quoteBytes(statusLine)} instead of "HTTP/".`, statusAt);
  }
  const m = /^HTTP\/([0-9]+)\.([0-9]+) ([0-9]{3})(?: (.*))?$/s.exec(statusLine);
  if (!m || m[1] !== '1') {
    throw new HttpParseError('invalid-status-line', `The status line ${quoteBytes(statusLine)} at byte ${statusAt} is not "HTTP/1.x NNN reason".`, statusAt);
  }
  let minor = m[2] ?? '1';
  if (minor !== '0' && minor !== '1') {
    report({ code: 'unknown-http-version', offset: statusAt + 5, message: explain.unknownVersion(statusAt + 5, `HTTP/1.${minor}`), framing: false });
    minor = '1';
  }
  const headerLines = lines.slice(first + 1).filter(l => l.end > l.start);
  const list = fieldLines(text, headerLines, base, report);
  const statusCode = Number(m[3]);
  if (statusCode < 100 || statusCode > 599) {
    const at = statusAt + 9;
    report({ code: 'invalid-status-code', offset: at, message: explain.invalidStatusCode(at, m[3] ?? '', statusCode < 100), framing: statusCode < 100 });
  }
  const framing = decideFraming(list, report);
  const keepAlive = minor === '1' ? !hasToken(list, 'connection', 'close') : hasToken(list, 'connection', 'keep-alive');
  return {
    statusCode,
    statusText: m[4] ?? '',
    httpVersion: `1.${minor}`,
    headers: list.fields,
    keepAlive,
    upgrade: statusCode === 101,
    framing,
    size: buf.length,
  };
}
