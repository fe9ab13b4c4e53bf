import { domainToASCII } from 'url';
import { NetProbeError } from '../errors';

/**
 * Thrown by the message decoder for bytes that are not a well-formed message: a `protocol` NetProbeError (the
 * transports word it for the user: which server, what it sent).
 */
export class MalformedMessage extends NetProbeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('protocol', message, undefined, options);
  }
}

/** One label in presentation form: `.` and `\` escaped, bytes outside printable ASCII as `\DDD`. */
function presentLabel(buf: Buffer, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const c = buf[i] ?? 0;
    if (c === 0x2e || c === 0x5c || c === 0x22 || c === 0x28 || c === 0x29 || c === 0x3b || c === 0x40 || c === 0x24) out += `\\${String.fromCharCode(c)}`;
    else if (c > 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += `\\${String(c).padStart(3, '0')}`;
  }
  return out;
}

/**
 * Decodes a (possibly compressed) domain name at `offset`. Compression pointers must point backwards
 * (RFC 1035 §4.1.4), so loops are impossible; the name is limited to 255 bytes. Returns the name in
 * presentation form with the trailing dot, and the offset just after it in the original position.
 */
export function decodeName(buf: Buffer, offset: number, bound = buf.length): { name: string; end: number } {
  const labels: string[] = [];
  let pos = offset;
  let end = -1;
  let limit = offset;
  let length = 1;
  for (;;) {
    if (pos >= bound) throw new MalformedMessage('a name runs past the end of the message');
    const len = buf[pos] ?? 0;
    if (len === 0) {
      if (end < 0) end = pos + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= bound) throw new MalformedMessage('a compression pointer runs past the end of the message');
      const target = ((len & 0x3f) << 8) | (buf[pos + 1] ?? 0);
      if (end < 0) end = pos + 2;
      if (target >= limit) throw new MalformedMessage('a compression pointer points forward or loops');
      limit = target;
      pos = target;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new MalformedMessage(`a name has an unsupported label type (0x${len.toString(16)})`);
    if (pos + 1 + len > bound) throw new MalformedMessage('a label runs past the end of the message');
    length += len + 1;
    if (length > 255) throw new MalformedMessage('a name is longer than 255 bytes');
    labels.push(presentLabel(buf, pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return { name: labels.length ? `${labels.join('.')}.` : '.', end };
}

/**
 * Encodes a name in presentation form (`www.example.com`, trailing dot optional, `\.` and `\DDD`
 * escapes, internationalised names converted to punycode) into wire format. Throws `invalid-input`.
 */
export function encodeName(name: string): Buffer {
  let text = name.trim();
  if (text === '' || text === '.') return Buffer.from([0]);
  if ([...text].some(c => c.charCodeAt(0) > 0x7f)) {
    const ascii = domainToASCII(text);
    if (ascii === '') throw new NetProbeError('invalid-input', `"${name}" is not a valid internationalised domain name.`);
    text = ascii;
  }
  const labels: number[][] = [[]];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    const label = labels[labels.length - 1] ?? [];
    if (ch === '\\') {
      const digits = /^[0-9]{3}/.exec(text.slice(i + 1));
      if (digits) {
        const v = Number(digits[0]);
        if (v > 255) throw new NetProbeError('invalid-input', `"${name}" has an escape \\${digits[0]} above 255.`);
        label.push(v);
        i += 3;
      } else if (i + 1 < text.length) {
        label.push(text.charCodeAt(++i));
      } else {
        throw new NetProbeError('invalid-input', `"${name}" ends with a lone backslash.`);
      }
    } else if (ch === '.') {
      if (label.length === 0) throw new NetProbeError('invalid-input', `"${name}" has an empty label (two dots in a row or a leading dot).`);
      labels.push([]);
    } else {
      label.push(text.charCodeAt(i));
    }
  }
  if ((labels[labels.length - 1] ?? []).length === 0) labels.pop();
  const bytes: number[] = [];
  for (const l of labels) {
    if (l.length > 63) throw new NetProbeError('invalid-input', `"${name}" has a label longer than 63 characters.`);
    bytes.push(l.length, ...l);
  }
  bytes.push(0);
  if (bytes.length > 255) throw new NetProbeError('invalid-input', `"${name}" is longer than 255 bytes.`);
  return Buffer.from(bytes);
}

/** The name with exactly one trailing dot (`example.com.`), `.` for the root. */
export function absoluteName(name: string): string {
  const t = name.trim();
  if (t === '' || t === '.') return '.';
  return t.endsWith('.') && !t.endsWith('\\.') ? t : `${t}.`;
}
