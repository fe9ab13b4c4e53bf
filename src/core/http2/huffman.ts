/*
 * The HPACK Huffman code (RFC 7541 Appendix B). The code is canonical: each symbol's code follows from the code
 * lengths alone (shorter codes first, then by symbol value), so only the 257 lengths (symbol 256 is EOS) are
 * listed and the decoding tables are derived from them.
 */
const LENGTHS: readonly number[] = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
  28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
  5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
  7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
  6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
  24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
  21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
  19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
  26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  30,
];

const EOS = 256;
const MAX_LENGTH = 30;

/** Canonical decoding tables: per code length, the first code, how many codes, and where their symbols start. */
interface Tables { first: Int32Array; count: Int32Array; offset: Int32Array; symbols: Uint16Array }

function buildTables(): Tables {
  const count = new Int32Array(MAX_LENGTH + 1);
  for (const l of LENGTHS) count[l] = (count[l] ?? 0) + 1;
  const symbols = new Uint16Array(LENGTHS.length);
  const offset = new Int32Array(MAX_LENGTH + 2);
  for (let l = 1; l <= MAX_LENGTH; l++) offset[l + 1] = (offset[l] ?? 0) + (count[l] ?? 0);
  const next = offset.slice();
  for (let s = 0; s < LENGTHS.length; s++) {
    const l = LENGTHS[s] ?? 0;
    symbols[next[l] ?? 0] = s;
    next[l] = (next[l] ?? 0) + 1;
  }
  const first = new Int32Array(MAX_LENGTH + 1);
  let code = 0;
  for (let l = 1; l <= MAX_LENGTH; l++) {
    code = (code + (count[l - 1] ?? 0)) << 1;
    first[l] = code;
  }
  return { first, count, offset, symbols };
}

let tables: Tables | undefined;

/** A Huffman-coded string that breaks RFC 7541 §5.2. */
export class HuffmanError extends Error {
  override readonly name = 'HuffmanError';
}

/**
 * Decodes an HPACK Huffman-coded string. Throws HuffmanError for the EOS symbol inside the data, padding longer
 * than 7 bits, or padding that is not the EOS prefix (all ones).
 */
export function huffmanDecode(data: Uint8Array): Buffer {
  const t = (tables ??= buildTables());
  const out = Buffer.allocUnsafe(Math.floor((data.length * 8) / 5) + 1);
  let n = 0;
  let code = 0;
  let len = 0;
  for (let i = 0; i < data.length; i++) {
    const byte = data[i] ?? 0;
    for (let b = 7; b >= 0; b--) {
      code = (code << 1) | ((byte >> b) & 1);
      len++;
      const idx = code - (t.first[len] ?? 0);
      if (idx >= 0 && idx < (t.count[len] ?? 0)) {
        const sym = t.symbols[(t.offset[len] ?? 0) + idx] ?? 0;
        if (sym === EOS) throw new HuffmanError('The Huffman-coded string contains the EOS symbol.');
        out[n++] = sym;
        code = 0;
        len = 0;
      } else if (len >= MAX_LENGTH) {
        throw new HuffmanError('The Huffman-coded string holds an invalid code.');
      }
    }
  }
  if (len > 7) throw new HuffmanError('The Huffman-coded string ends with more than 7 bits of padding.');
  if (len > 0 && code !== (1 << len) - 1) throw new HuffmanError('The Huffman-coded string is padded with bits other than the EOS prefix.');
  return out.subarray(0, n);
}

/** The Huffman code of each symbol as [code, bit length]; for tests and encoders. */
export function huffmanCode(symbol: number): [number, number] {
  const t = (tables ??= buildTables());
  const l = LENGTHS[symbol] ?? 0;
  let rank = 0;
  for (let s = 0; s < symbol; s++) if (LENGTHS[s] === l) rank++;
  return [(t.first[l] ?? 0) + rank, l];
}
