/*
 * The HPACK Huffman code (RFC 7541 Appendix B). The code is canonical: each symbol's code follows from the code
 * lengths alone (shorter codes first, then by symbol value), so only the 257 lengths (symbol 256 is EOS) are
 * listed and the decoding tables are derived from them.
 */
const LENGTHS: readonly number[] = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28, 6, 10, 10, 12, 13, 6, 8, 11,
  10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, 13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7,
  8, 13, 19, 13, 14, 6, 15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, 20, 22, 20, 20, 22, 22, 22, 23,
  22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, 22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23,
  23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, 26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26,
  27, 24, 21, 21, 26, 26, 28, 27, 27, 27, 20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27,
  27, 27, 26, 30,
];

const EOS = 256;
const MAX_LENGTH = 30;

/** Canonical decoding tables: per code length, the first code, how many codes, and where their symbols start. */
interface Tables {
  first: Int32Array;
  count: Int32Array;
  offset: Int32Array;
  symbols: Uint16Array;
}

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
 * A nibble-at-a-time decoder (as nghttp2 does it): the code's binary tree has 256 inner nodes; for each node and
 * each 4-bit input the table holds the node reached, the symbol completed on the way (at most one: codes are at
 * least 5 bits long), and whether EOS was met. `accepts[node]` says the bits since the last symbol are valid padding.
 */
interface NibbleTable {
  next: Uint8Array;
  symbol: Int16Array;
  accepts: Uint8Array;
}

const SYMBOL_NONE = -1;
const SYMBOL_EOS = -2;
let nibbles: NibbleTable | undefined;

function buildNibbles(): NibbleTable {
  // Tree: inner nodes are 0..255 (0 the root); children as [zero, one], a child < 0 is the leaf -(symbol + 1).
  const children: Array<[number, number]> = [[0, 0]];
  const depth = [0];
  const ones = [true];
  const unset = 0x7fffffff;
  children[0] = [unset, unset];
  for (let sym = 0; sym < LENGTHS.length; sym++) {
    const [code, len] = huffmanCode(sym);
    let node = 0;
    for (let b = len - 1; b >= 0; b--) {
      const bit = (code >> b) & 1;
      const pair = children[node] ?? [unset, unset];
      if (b === 0) {
        pair[bit] = -(sym + 1);
        break;
      }
      let next = pair[bit] ?? unset;
      if (next === unset) {
        next = children.length;
        children.push([unset, unset]);
        depth.push((depth[node] ?? 0) + 1);
        ones.push((ones[node] ?? false) && bit === 1);
        pair[bit] = next;
      }
      node = next;
    }
  }
  const count = children.length;
  const next = new Uint8Array(count * 16);
  const symbol = new Int16Array(count * 16);
  const accepts = new Uint8Array(count);
  for (let s = 0; s < count; s++) accepts[s] = s === 0 || ((ones[s] ?? false) && (depth[s] ?? 8) <= 7) ? 1 : 0;
  for (let s = 0; s < count; s++) {
    for (let n = 0; n < 16; n++) {
      let node = s;
      let sym = SYMBOL_NONE;
      for (let b = 3; b >= 0; b--) {
        const child = (children[node] ?? [unset, unset])[(n >> b) & 1] ?? unset;
        if (child >= 0) {
          node = child;
          continue;
        }
        const leaf = -child - 1;
        if (leaf === EOS) {
          sym = SYMBOL_EOS;
          node = 0;
          break;
        }
        sym = leaf;
        node = 0;
      }
      next[s * 16 + n] = node;
      symbol[s * 16 + n] = sym;
    }
  }
  return { next, symbol, accepts };
}

/** Reused output space: decoded strings are copied out of it before the next call. */
let scratch = Buffer.allocUnsafe(1024);

/**
 * Decodes an HPACK Huffman-coded string. Throws HuffmanError for the EOS symbol inside the data, padding longer
 * than 7 bits, or padding that is not the EOS prefix (all ones).
 */
export function huffmanDecode(data: Uint8Array): Buffer {
  const n = huffmanDecodeInto(data, 0, data.length);
  return Buffer.from(scratch.subarray(0, n));
}

/** Decodes `data[start, end)` as a latin1 string (HPACK strings are octets). */
export function huffmanDecodeLatin1(data: Buffer, start: number, end: number): string {
  const n = huffmanDecodeInto(data, start, end);
  return scratch.toString('latin1', 0, n);
}

function huffmanDecodeInto(data: Uint8Array, start: number, end: number): number {
  const t = (nibbles ??= buildNibbles());
  // The shortest code is 5 bits: at most 8/5 symbols per byte.
  const most = Math.floor(((end - start) * 8) / 5) + 1;
  if (scratch.length < most) scratch = Buffer.allocUnsafe(Math.max(most, scratch.length * 2));
  const out = scratch;
  const next = t.next;
  const symbols = t.symbol;
  let n = 0;
  let state = 0;
  for (let i = start; i < end; i++) {
    const byte = data[i] ?? 0;
    let k = (state << 4) | (byte >> 4);
    let sym = symbols[k] ?? SYMBOL_NONE;
    if (sym >= 0) out[n++] = sym;
    else if (sym === SYMBOL_EOS) throw new HuffmanError('The Huffman-coded string contains the EOS symbol.');
    state = next[k] ?? 0;
    k = (state << 4) | (byte & 15);
    sym = symbols[k] ?? SYMBOL_NONE;
    if (sym >= 0) out[n++] = sym;
    else if (sym === SYMBOL_EOS) throw new HuffmanError('The Huffman-coded string contains the EOS symbol.');
    state = next[k] ?? 0;
  }
  if (!t.accepts[state]) throw new HuffmanError('The Huffman-coded string ends with padding that is not 1 to 7 bits of the EOS prefix.');
  return n;
}

/** The Huffman code of each symbol as [code, bit length]; for tests and encoders. */
export function huffmanCode(symbol: number): [number, number] {
  const t = (tables ??= buildTables());
  const l = LENGTHS[symbol] ?? 0;
  let rank = 0;
  for (let s = 0; s < symbol; s++) if (LENGTHS[s] === l) rank++;
  return [(t.first[l] ?? 0) + rank, l];
}
