import * as zlib from 'zlib';
import { NetProbeError } from '../../../src/core/errors';
import { decodeContent } from '../../../src/core/http/content-decoding';
import { decodeBody } from '../../../src/core/http/decode';
import { HttpParseError as LlhttpError, ResponseParser } from '../../../src/core/http/llhttp';
import type { ParsedHead } from '../../../src/core/http/response-head';
import { ResponseReader } from '../../../src/core/http/response-reader';
import type { HttpViolation } from '../../../src/core/http/violations';
import type { FuzzTarget } from '../target';

/** One response stream: its bytes, where the socket splits them, and how the request was made. */
export interface HttpResponseCase {
  bytes: Buffer;
  cuts: number[];
  head: boolean;
}

type Random = () => number;
const int = (r: Random, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const EOLS = ['\r\n', '\r\n', '\r\n', '\r\n', '\n', '\r'];
const STATUS = [
  'HTTP/1.1 200 OK',
  'HTTP/1.1 200',
  'HTTP/1.0 200 OK',
  'HTTP/1.1 404 Not Found',
  'HTTP/1.1 204 No Content',
  'HTTP/1.1 304 Not Modified',
  'HTTP/1.1 302 Found',
  'HTTP/1.1 101 Switching Protocols',
  'HTTP/1.1 100 Continue',
  'HTTP/1.2 200 OK',
  'HTTP/2.0 200 OK',
  'HTTP/1.1 2000 OK',
  'HTTP/1.1 200 O\x01K',
  'HTTP/1.1  200 OK',
  'ICY 200 OK',
  'HTTP/1.1 200 \xff\xfe',
  '',
];
const NAMES = [
  'Content-Type',
  'X-A',
  'Server',
  'Connection',
  'Set-Cookie',
  'X(Bad)',
  'X Bad',
  '',
  'Content-Length ',
  ' X-Lead',
  'Transfer-Encoding\t',
  'X-\x00',
];
const VALUES = ['text/plain', 'a', '', 'close', 'keep-alive', 'a\x00b', 'a\x01b', 'x\xffy', ' padded ', 'a\x7fb', 'v\rw'];
const CODINGS = ['chunked', 'gzip, chunked', 'chunked, identity', 'identity', 'gzip', 'CHUNKED', 'chunked ,', ',chunked', 'xchunked'];
const LENGTHS = (n: number): string[] => [
  String(n),
  String(n),
  `${n}, ${n}`,
  `0${n}`,
  `${n} `,
  `+${n}`,
  `-${n}`,
  '',
  'abc',
  `${n + 1}`,
  '99999999999999999999',
];

function randomBytes(r: Random, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = r() < 0.8 ? int(r, 0x61, 0x7a) : int(r, 0, 255);
  return b;
}

/** A chunked body with now and then a malformed size line, a bare LF or a missing CRLF. */
function chunked(r: Random, body: Buffer): string {
  let out = '';
  let at = 0;
  while (at < body.length) {
    const n = Math.min(body.length - at, int(r, 1, 12));
    const size =
      r() < 0.9
        ? n.toString(16)
        : pick(r, [
            `${n.toString(16)} `,
            `${n.toString(16)};ext=1`,
            `${n.toString(16)};e="q q"`,
            `0${n.toString(16)}`,
            'zz',
            `${n.toString(16)}x`,
            `${n.toString(16)};`,
          ]);
    out += `${size}${pick(r, EOLS)}${body.subarray(at, at + n).toString('latin1')}${r() < 0.95 ? pick(r, EOLS) : ''}`;
    at += n;
  }
  const trailer = r() < 0.2 ? `X-Trailer: ${pick(r, VALUES)}${pick(r, EOLS)}` : '';
  return `0${pick(r, EOLS)}${trailer}${r() < 0.95 ? pick(r, EOLS) : ''}`.replace(/^/, out);
}

/** One response: status line, headers (some broken), a body framed one way or another, maybe compressed. */
function response(r: Random): string {
  const eol = (): string => (r() < 0.9 ? '\r\n' : pick(r, EOLS));
  const status = r() < 0.8 ? 'HTTP/1.1 200 OK' : pick(r, STATUS);
  let body = randomBytes(r, int(r, 0, 40));
  const headers: Array<[string, string]> = [];
  const encoding = r() < 0.15 ? pick(r, ['gzip', 'deflate', 'br', 'gzip, br', 'x-unknown']) : undefined;
  if (encoding) {
    const plain = body;
    body =
      encoding === 'gzip'
        ? zlib.gzipSync(plain)
        : encoding === 'deflate'
          ? r() < 0.5
            ? zlib.deflateSync(plain)
            : zlib.deflateRawSync(plain)
          : encoding === 'br'
            ? zlib.brotliCompressSync(plain)
            : encoding === 'gzip, br'
              ? zlib.brotliCompressSync(zlib.gzipSync(plain))
              : plain;
    if (r() < 0.2) body = body.subarray(0, int(r, 0, body.length));
    headers.push(['Content-Encoding', encoding]);
  }
  for (let i = int(r, 0, 3); i > 0; i--)
    headers.push(
      r() < 0.7
        ? [pick(r, ['Content-Type', 'X-A', 'Server', 'Connection']), pick(r, ['text/plain', 'a', 'keep-alive', 'close'])]
        : [pick(r, NAMES), pick(r, VALUES)],
    );
  const framing = r();
  let text: string;
  if (framing < 0.45) {
    headers.push(['Content-Length', r() < 0.85 ? String(body.length) : pick(r, LENGTHS(body.length))]);
    if (r() < 0.05) headers.push(['Content-Length', pick(r, LENGTHS(body.length))]);
    text = body.toString('latin1');
  } else if (framing < 0.8) {
    headers.push(['Transfer-Encoding', r() < 0.85 ? 'chunked' : pick(r, CODINGS)]);
    if (r() < 0.05) headers.push(['Content-Length', String(body.length)]);
    text = chunked(r, body);
  } else {
    text = body.toString('latin1');
  }
  if (r() < 0.3) headers.sort(() => r() - 0.5);
  let head = `${r() < 0.03 ? '\r\n' : ''}${status}${eol()}`;
  for (const [k, v] of headers) head += `${k}:${r() < 0.9 ? ' ' : ''}${v}${eol()}${r() < 0.02 ? ` folded${eol()}` : ''}`;
  return `${head}${eol()}${text}`;
}

function mutate(r: Random, bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  for (let i = int(r, 1, 3); i > 0 && out.length > 0; i--)
    out[int(r, 0, out.length - 1)] = r() < 0.5 ? int(r, 0, 255) : pick(r, [0x0d, 0x0a, 0x20, 0x3a, 0x30, 0x3b]);
  return out;
}

/** What a reading produced, as comparable text. */
interface Reading {
  events: string[];
  violations: HttpViolation[];
  error?: string;
}

function read(input: HttpResponseCase, pieces: number[]): Reading {
  const events: string[] = [];
  const violations: HttpViolation[] = [];
  let body: Buffer[] = [];
  const reader = new ResponseReader(
    {
      onHead: (h: ParsedHead) => {
        events.push(`head ${h.statusCode} ${h.httpVersion} ${h.keepAlive} ${JSON.stringify(h.headers)} ${h.framing.kind}`);
        return input.head ? 'skip-body' : undefined;
      },
      onBody: b => {
        body.push(Buffer.from(b));
      },
      onComplete: (h, trailers) => {
        events.push(`done ${h.statusCode} ${Buffer.concat(body).toString('hex')} ${JSON.stringify(trailers)}`);
        body = [];
      },
      onViolation: v => violations.push(v),
    },
    8192,
  );
  let at = 0;
  try {
    for (const cut of [...pieces, input.bytes.length]) {
      let chunk = input.bytes.subarray(at, Math.max(at, cut));
      at = Math.max(at, cut);
      while (chunk.length > 0) {
        const r = reader.execute(chunk);
        if (!r.completed) break;
        if (r.upgraded) return { events: [...events, 'upgraded'], violations };
        chunk = chunk.subarray(r.consumed);
        reader.resume();
      }
    }
    reader.finish();
  } catch (e) {
    if (!(e instanceof NetProbeError)) throw e;
    return { events, violations, error: `${e.errno ?? e.code}` };
  }
  if (body.length) events.push(`partial ${Buffer.concat(body).toString('hex')}`);
  return { events, violations };
}

/** llhttp, strict, on the first response: status, headers (trailers appended, as it reports them) and body. */
function llhttpReading(bytes: Buffer): { status: number; headers: Array<[string, string]>; body: string } | string {
  let status = 0;
  let headers: Array<[string, string]> = [];
  const body: Buffer[] = [];
  let done = false;
  const parser = new ResponseParser(
    {
      onHead: h => {
        status = h.statusCode;
        headers = h.headers;
        return undefined;
      },
      onBody: b => {
        body.push(Buffer.from(b));
      },
      onComplete: h => {
        if (h.statusCode >= 200 || h.statusCode === 101) done = true;
      },
    },
    1 << 20,
  );
  try {
    let rest = bytes;
    while (rest.length > 0 && !done) {
      const r = parser.execute(rest);
      if (!r.completed) break;
      rest = rest.subarray(r.consumed);
      if (!done) parser.resume();
    }
    if (!done && parser.finish().completed) done = true;
  } catch (e) {
    if (e instanceof LlhttpError) return `llhttp refuses it: ${e.code} at ${e.offset}`;
    throw e;
  } finally {
    parser.free();
  }
  // llhttp keeps the whitespace after a value; a field value excludes it (RFC 9110 §5.5), as NetProbe reads it.
  const trimmed = headers.map(([k, v]): [string, string] => [k, v.replace(/[ \t]+$/, '')]);
  return done ? { status, headers: trimmed, body: Buffer.concat(body).toString('hex') } : 'llhttp saw no complete response';
}

function checkViolations(input: HttpResponseCase, violations: HttpViolation[]): void {
  for (const v of violations) {
    if (!(v.offset >= 0 && v.offset <= input.bytes.length)) throw new Error(`violation ${v.code} at ${v.offset}, outside the ${input.bytes.length} bytes`);
    if ([...v.message].some(c => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) < 0xa0)))
      throw new Error(`violation ${v.code} has a raw control character in its message`);
  }
}

/**
 * Responses from a hostile server through NetProbe's reader (split where the socket would split them) and its
 * body decoders: only NetProbeErrors may come out; the reading is the same however the bytes are split; every
 * violation offset is inside the bytes; and a response NetProbe calls clean is one llhttp (strict) accepts and
 * reads the same way.
 */
export const target: FuzzTarget<HttpResponseCase> = {
  name: 'http-response',
  generate(r) {
    let text = response(r);
    if (r() < 0.1) text += response(r);
    let bytes: Buffer = Buffer.from(text, 'latin1');
    if (r() < 0.25) bytes = mutate(r, bytes);
    const cuts = Array.from({ length: int(r, 0, 3) }, () => int(r, 0, bytes.length)).sort((a, b) => a - b);
    return { bytes, cuts, head: r() < 0.05 };
  },
  async check(input) {
    const split = read(input, input.cuts);
    const whole = read(input, []);
    if (JSON.stringify(split) !== JSON.stringify(whole))
      throw new Error(`the reading depends on how the bytes are split: ${JSON.stringify(split)} vs ${JSON.stringify(whole)}`);
    checkViolations(input, whole.violations);
    const first = whole.events.find(e => e.startsWith('done ') && !e.startsWith('done 1'));
    if (!whole.error && whole.violations.length === 0 && !input.head && first && !whole.events.includes('upgraded')) {
      const strict = llhttpReading(input.bytes);
      const head = whole.events[whole.events.findIndex(e => e === first) - 1] ?? '';
      if (typeof strict === 'string') throw new Error(`NetProbe reports no violation but ${strict}`);
      const mine = JSON.parse(head.split(' ').slice(4, -1).join(' ') || '[]') as Array<[string, string]>;
      const trailers = JSON.parse(first?.split(' ').slice(3).join(' ') ?? '[]') as Array<[string, string]>;
      const [, code, hex] = first?.split(' ') ?? [];
      // (The llhttp wrapper appends trailers to the headers but drops the last one: compare the head's fields.)
      if (String(strict.status) !== code || strict.body !== hex || JSON.stringify(strict.headers.slice(0, mine.length)) !== JSON.stringify(mine)) {
        throw new Error(
          `NetProbe and llhttp read a clean response differently: ${code} ${hex} ${JSON.stringify([...mine, ...trailers])} vs ${strict.status} ${strict.body} ${JSON.stringify(strict.headers)}`,
        );
      }
    }
    // Body decoders on every complete body that names a Content-Encoding.
    const encoding = /\r?\ncontent-encoding:[ \t]*([^\r\n]*)/i.exec(input.bytes.toString('latin1'))?.[1];
    const done = whole.events.find(e => e.startsWith('done '));
    if (encoding && done) {
      const data = Buffer.from(done.split(' ')[2] ?? '', 'hex');
      const d = await decodeContent({ size: data.length, data, truncated: false }, [['Content-Encoding', encoding]], { maxBytes: 1 << 20 });
      decodeBody(d?.body.data ?? data, [['Content-Type', 'application/json']]);
    }
    if (whole.error) throw new NetProbeError('protocol', whole.error);
  },
  describe: input => JSON.stringify({ hex: input.bytes.toString('hex'), cuts: input.cuts, head: input.head }),
};
