import type { BodyInfo, HttpResponseInfo } from './types';
import { decodedTruncationNote } from './content-decoding';

/** How a body is best shown. */
export type BodyKind = 'json' | 'text' | 'image' | 'binary' | 'empty';

/** A body made ready for people: decompressed, decoded and (for JSON) pretty-printed. */
export interface DecodedBody {
  kind: BodyKind;
  /** Text (for json/text), after decompression and charset decoding. */
  text?: string;
  /** `image/png` etc. for images. */
  mimeType?: string;
  /** The bytes shown (after removing Content-Encoding, see {@link decodeContent}). */
  bytes: Buffer;
  /** The charset used to decode text. */
  charset?: string;
  /** e.g. `gzip` when the body was decompressed. */
  decompressed?: string;
  /** Why decompression or decoding fell back. */
  note?: string;
}

function header(headers: Array<[string, string]>, name: string): string | undefined {
  return headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

function sniffImage(b: Buffer): string | undefined {
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return undefined;
}

function looksBinary(b: Buffer): boolean {
  const n = Math.min(b.length, 4096);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i] ?? 0;
    if (c === 0) return true;
    if (c < 0x09 || (c > 0x0d && c < 0x20)) odd++;
  }
  return n > 0 && odd / n > 0.1;
}

/** The charset a body is in: Content-Type, then a BOM, then valid UTF-8, else windows-1252. */
function detectCharset(b: Buffer, contentType: string | undefined): string {
  const m = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '');
  if (m?.[1]) return m[1].toLowerCase();
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * The body to show of a response: the decoded body when its Content-Encoding was removed (see
 * {@link decodeContent}), else the body as received; `notes` say where decoding stopped or failed.
 */
export function shownBody(r: HttpResponseInfo): { body: BodyInfo; decompressed?: string; notes: string[] } {
  const d = r.decoded;
  if (!d) return { body: r.body, notes: [] };
  const notes = [...(d.body.truncated ? [decodedTruncationNote(d)] : []), ...(d.error ? [d.error] : [])];
  if (d.body.size === 0 && d.error) return { body: r.body, notes };
  return { body: d.body, decompressed: d.encoding, notes };
}

/**
 * Prepares body bytes for display (Content-Encoding already removed): detects images and binary data, decodes
 * text by charset (header, BOM, UTF-8 validity) and pretty-prints JSON.
 */
export function decodeBody(bytes: Buffer, headers: Array<[string, string]>): DecodedBody {
  if (bytes.length === 0) return { kind: 'empty', bytes };
  const out: Partial<DecodedBody> = {};
  const contentType = header(headers, 'content-type');
  const image = sniffImage(bytes) ?? (/^image\/svg\+xml/i.test(contentType ?? '') ? 'image/svg+xml' : undefined);
  if (image && image !== 'image/svg+xml') return { ...out, kind: 'image', mimeType: image, bytes };
  const declaredText = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i.test(contentType ?? '');
  if (!declaredText && looksBinary(bytes)) return { ...out, kind: 'binary', bytes };
  const charset = detectCharset(bytes, contentType);
  let text: string;
  try {
    text = new TextDecoder(charset).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
    out.note = `Unknown charset "${charset}"; decoded as windows-1252.`;
  }
  const jsonish = /json/i.test(contentType ?? '') || /^\s*[[{]/.test(text);
  if (jsonish) {
    try {
      return { ...out, kind: 'json', text: JSON.stringify(JSON.parse(text), null, 2), bytes, charset };
    } catch {
      // Not valid JSON after all: shown as text.
    }
  }
  return { ...out, kind: 'text', text, bytes, charset };
}
