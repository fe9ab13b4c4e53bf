/** Big-endian bytes to an unsigned integer. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** An unsigned integer to `length` big-endian bytes (the caller checks the range). */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Lowercase hex without separators: `c0a80101`. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Python's `repr` of the bytes, as `socket.inet_pton` output prints: `b'\xc0\xa8\x01\x01'`, `b'ABCD'`. */
export function pythonBytesLiteral(bytes: Uint8Array): string {
  const quote = bytes.includes(39) && !bytes.includes(34) ? '"' : "'";
  let s = '';
  for (const b of bytes) {
    if (b === 92) s += '\\\\';
    else if (b === quote.charCodeAt(0)) s += `\\${quote}`;
    else if (b === 9) s += '\\t';
    else if (b === 10) s += '\\n';
    else if (b === 13) s += '\\r';
    else if (b >= 32 && b < 127) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `b${quote}${s}${quote}`;
}

/** C array initialiser: `{ 0xc0, 0xa8, 0x01, 0x01 }`. */
export function cArrayLiteral(bytes: Uint8Array): string {
  return `{ ${Array.from(bytes, b => `0x${b.toString(16).padStart(2, '0')}`).join(', ')} }`;
}

/** Bits of each byte, bytes joined by `sep`: `11000000.10101000.00000001.00000001`. */
export function bytesToBinary(bytes: Uint8Array, sep: string, perGroup = 1): string {
  const groups: string[] = [];
  for (let i = 0; i < bytes.length; i += perGroup) {
    groups.push(Array.from(bytes.subarray(i, i + perGroup), b => b.toString(2).padStart(8, '0')).join(''));
  }
  return groups.join(sep);
}

/**
 * Reads a byte string written as a Python bytes literal (`b'\xc0\xa8\x01\x01'`, printable characters
 * allowed as in `b'\x7f\x00\x00\x01'` or `b'\xc0\xa8'`), a C array (`{0xc0, 0xa8, 1, 1}`) or hex pairs with
 * optional separators (`c0 a8 01 01`, `c0:a8:01:01`, `\xc0\xa8\x01\x01`). Returns undefined if it is none.
 */
export function parseByteString(text: string): Uint8Array | undefined {
  const t = text.trim();
  const py = /^b(['"])(.*)\1$/s.exec(t);
  if (py) return parsePythonBody(py[2] ?? '');
  if (/^\{.*\}$/s.test(t)) {
    const items = t
      .slice(1, -1)
      .split(',')
      .map(s => s.trim())
      .filter(s => s !== '');
    if (items.length === 0 || !items.every(s => /^(0[xX][0-9a-fA-F]{1,2}|[0-9]{1,3})$/.test(s))) return undefined;
    const vals = items.map(s => Number(s));
    return vals.every(v => v <= 255) ? Uint8Array.from(vals) : undefined;
  }
  if (/^(\\x[0-9a-fA-F]{2})+$/.test(t)) return hexPairs(t.replace(/\\x/g, ''));
  if (/^[0-9a-fA-F]{2}([ :-][0-9a-fA-F]{2})+$/.test(t)) return hexPairs(t.replace(/[ :-]/g, ''));
  return undefined;
}

function hexPairs(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, '\\': 92, "'": 39, '"': 34, '0': 0 };

function parsePythonBody(body: string): Uint8Array | undefined {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c > 126 || c < 32) return undefined;
    if (body[i] !== '\\') {
      out.push(c);
      continue;
    }
    const next = body[i + 1] ?? '';
    if (next === 'x') {
      const hex = body.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      out.push(parseInt(hex, 16));
      i += 3;
    } else if (next in ESCAPES) {
      out.push(ESCAPES[next] ?? 0);
      i += 1;
    } else {
      return undefined;
    }
  }
  return Uint8Array.from(out);
}
