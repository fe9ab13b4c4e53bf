/** Small helpers the fuzz targets share to build and mutate inputs from a seeded `random`. */
export type Random = () => number;

/** An integer in [min, max]. */
export const int = (r: Random, min: number, max: number): number => min + Math.floor(r() * (max - min + 1));

/** One item of a non-empty list. */
export const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)];

/** A string of up to `maxLen` characters drawn from `alphabet` (an array, so it may hold multi-unit characters). */
export function randomString(r: Random, alphabet: readonly string[], maxLen: number): string {
  let s = '';
  for (let i = int(r, 0, maxLen); i > 0; i--) s += pick(r, alphabet);
  return s;
}

/** `s` with 1–4 edits: characters deleted, inserted, replaced, a slice repeated, or the end cut. */
export function mutateString(r: Random, s: string, alphabet: readonly string[]): string {
  const chars = [...s];
  for (let n = int(r, 1, 4); n > 0; n--) {
    const at = int(r, 0, chars.length);
    const op = r();
    if (op < 0.25) chars.splice(at, int(r, 1, 3));
    else if (op < 0.55) chars.splice(at, 0, ...Array.from({ length: int(r, 1, 3) }, () => pick(r, alphabet)));
    else if (op < 0.8) chars[Math.min(at, chars.length - 1)] = pick(r, alphabet);
    else if (op < 0.92) chars.splice(at, 0, ...chars.slice(int(r, 0, chars.length), int(r, 0, chars.length)));
    else chars.length = Math.min(chars.length, at);
  }
  return chars.join('');
}

/** Bytes that often matter to parsers. */
const INTERESTING = [0x00, 0x01, 0x02, 0x0a, 0x0d, 0x1b, 0x20, 0x2e, 0x3f, 0x40, 0x5c, 0x7f, 0x80, 0x9b, 0xbf, 0xc0, 0xc2, 0xfe, 0xff];

/** Up to `maxLen` random bytes. */
export function randomBytes(r: Random, maxLen: number): Buffer {
  return Buffer.from(Array.from({ length: int(r, 0, maxLen) }, () => (r() < 0.2 ? pick(r, INTERESTING) : int(r, 0, 255))));
}

/** Exactly `n` random bytes. */
export function exactBytes(r: Random, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => (r() < 0.2 ? pick(r, INTERESTING) : int(r, 0, 255))));
}

/** `b` with 1–4 edits: bits flipped, bytes set to interesting values, inserted, deleted, a range repeated, cut. */
export function mutateBytes(r: Random, b: Uint8Array): Buffer {
  const bytes = Array.from(b);
  for (let n = int(r, 1, 4); n > 0; n--) {
    const at = int(r, 0, Math.max(0, bytes.length - 1));
    const op = r();
    if (op < 0.3 && bytes.length) bytes[at] = (bytes[at] ?? 0) ^ (1 << int(r, 0, 7));
    else if (op < 0.5 && bytes.length) bytes[at] = pick(r, INTERESTING);
    else if (op < 0.65) bytes.splice(at, 0, ...randomBytes(r, 4));
    else if (op < 0.8) bytes.splice(at, int(r, 1, 4));
    else if (op < 0.92) bytes.splice(at, 0, ...bytes.slice(int(r, 0, bytes.length), int(r, 0, bytes.length)));
    else bytes.length = Math.min(bytes.length, at);
  }
  return Buffer.from(bytes);
}

/** Lower-case hex of `b`. */
export const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
