/**
 * Presentation-format building blocks shared by the rdata presenters, written to print exactly what
 * `dig` (BIND 9) prints: character-strings as bytes with `\DDD` escapes, hex and base64 in 56-character
 * words, base32hex, NSEC type bitmaps and DNSSEC timestamps.
 */
import { MalformedMessage } from './name';
import { typeName } from './rrtypes';

function decimalEscape(c: number): string {
  return `\\${String(c).padStart(3, '0')}`;
}

/**
 * One character-string (RFC 1035 §5.1) in presentation form, byte by byte (never decoded as UTF-8).
 * Quoted: `"` and `\` escaped, bytes outside 0x20–0x7e as `\DDD`. Unquoted (a CAA tag): space too is
 * `\032`, and `@` and `;` are escaped as well.
 */
export function characterString(bytes: Uint8Array, quote = true): string {
  let s = quote ? '"' : '';
  for (const c of bytes) {
    if (c < (quote ? 0x20 : 0x21) || c >= 0x7f) s += decimalEscape(c);
    else if (c === 0x22 || c === 0x5c || (!quote && (c === 0x40 || c === 0x3b))) s += `\\${String.fromCharCode(c)}`;
    else s += String.fromCharCode(c);
  }
  return quote ? `${s}"` : s;
}

/**
 * One ALPN id inside an SVCB `alpn="…"` list: like an unquoted character-string, but `,` becomes `\\,`
 * and `\` becomes `\\\\` (RFC 9460 §A.1 comma escaping, as BIND prints it).
 */
export function alpnId(bytes: Uint8Array): string {
  let s = '';
  for (const c of bytes) {
    if (c < 0x21 || c >= 0x7f) s += decimalEscape(c);
    else if (c === 0x2c) s += '\\\\,';
    else if (c === 0x5c) s += '\\\\\\\\';
    else if (c === 0x22) s += '\\"';
    else s += String.fromCharCode(c);
  }
  return s;
}

const HEX = '0123456789ABCDEF';

/**
 * Upper-case hex, split with a space every `word` characters (dig prints digests and keys in 56-character
 * words); `word` 0 for no split.
 */
export function hexWords(bytes: Uint8Array, word = 56): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    if (word > 0 && i > 0 && (i * 2) % word === 0) s += ' ';
    const b = bytes[i] ?? 0;
    s += (HEX[b >> 4] ?? '') + (HEX[b & 15] ?? '');
  }
  return s;
}

/**
 * Base64 split with a space every 56 characters, as dig prints keys and signatures: the split falls only
 * after a whole 3-byte group, and a final `xx==`/`xxx=` group may follow a split.
 */
export function base64Words(bytes: Uint8Array, word = 56): string {
  const whole = bytes.length - (bytes.length % 3);
  const groupsPerWord = Math.floor(word / 4);
  const words: string[] = [];
  for (let i = 0; i < whole; i += groupsPerWord * 3) {
    words.push(Buffer.from(bytes.subarray(i, Math.min(whole, i + groupsPerWord * 3))).toString('base64'));
  }
  if (whole < bytes.length) {
    const tail = Buffer.from(bytes.subarray(whole)).toString('base64');
    const last = words.length - 1;
    if (last >= 0 && (words[last]?.length ?? 0) < groupsPerWord * 4) words[last] += tail;
    else words.push(tail);
  }
  return words.join(' ');
}

const B32HEX = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

/** Base32hex (RFC 4648 §7) without padding: the NSEC3 next hashed owner name. */
export function base32hex(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += B32HEX[(value >>> (bits - 5)) & 31] ?? '';
      bits -= 5;
    }
  }
  if (bits > 0) out += B32HEX[(value << (5 - bits)) & 31] ?? '';
  return out;
}

/**
 * The types of an NSEC/NSEC3/CSYNC type bitmap (RFC 4034 §4.1.2), space-separated. Throws MalformedMessage
 * for a window that is empty, longer than 32 bytes, out of order or cut short.
 */
export function typeBitmap(bytes: Uint8Array): string {
  const types: string[] = [];
  let last = -1;
  for (let i = 0; i < bytes.length;) {
    if (i + 2 > bytes.length) throw new MalformedMessage('a type bitmap window header is cut short');
    const window = bytes[i] ?? 0;
    const len = bytes[i + 1] ?? 0;
    if (window <= last) throw new MalformedMessage('type bitmap windows are out of order');
    if (len < 1 || len > 32) throw new MalformedMessage(`a type bitmap window is ${len} bytes (1 to 32 allowed)`);
    if (i + 2 + len > bytes.length) throw new MalformedMessage('a type bitmap window runs past its record');
    for (let j = 0; j < len; j++) {
      const octet = bytes[i + 2 + j] ?? 0;
      for (let k = 0; k < 8; k++) if (octet & (0x80 >> k)) types.push(typeName(window * 256 + j * 8 + k));
    }
    last = window;
    i += 2 + len;
  }
  return types.join(' ');
}

/**
 * A DNSSEC timestamp (RFC 4034 §3.2) as YYYYMMDDHHmmSS. The 32-bit value is read with serial-number
 * arithmetic around `now` (RFC 4034 §3.1.5), as BIND does, so it is the instant nearest to now.
 */
export function dnssecTime(value: number, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  const t = now + ((value - now) | 0);
  const d = new Date(t * 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${String(d.getUTCFullYear()).padStart(4, '0')}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

/** RFC 3597 generic form: `\# LENGTH HEX` (hex in dig's 56-character words). */
export function genericRdata(bytes: Uint8Array): string {
  return bytes.length === 0 ? '\\# 0' : `\\# ${bytes.length} ${hexWords(bytes)}`;
}
