import * as os from 'os';
import { NetProbeError } from '../errors';
import { bigIntToBytes, bytesToBigInt } from './bytes';

/** Integer widths the C byte-order functions take. */
export type ByteOrderBits = 16 | 32 | 64;

/** A value as host and network byte order see it. */
export interface ByteOrderResult {
  input: string;
  bits: ByteOrderBits;
  /** The value, decimal. */
  value: string;
  valueHex: string;
  /** This machine's byte order (`os.endianness()`). */
  hostEndianness: 'little' | 'big';
  /** The bytes of the value in this machine's memory, lowest address first. */
  hostBytes: string[];
  /** The bytes in network (big-endian) order, as they go on the wire. */
  networkBytes: string[];
  /** Name of the C call for this width, e.g. `htonl`. */
  hton: string;
  ntoh: string;
  /** What `htonX(value)` returns on this machine (also `ntohX(value)`: the swap is its own inverse). */
  htonValue: string;
  htonHex: string;
  /** The value with its bytes reversed, whatever the host order (what hton gives on a little-endian host). */
  swapped: string;
  swappedHex: string;
}

const NAMES: Record<ByteOrderBits, [string, string]> = { 16: ['htons', 'ntohs'], 32: ['htonl', 'ntohl'], 64: ['htobe64', 'be64toh'] };

/** Reads an unsigned integer written in decimal, hex (`0x`), octal (`0o`) or binary (`0b`), `_` allowed. */
export function parseUnsigned(input: string): bigint {
  const t = input.trim().replace(/_/g, '');
  if (t.startsWith('-')) throw new NetProbeError('invalid-input', `"${input}" is negative; byte order applies to unsigned integers.`);
  if (!/^(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/.test(t)) {
    throw new NetProbeError('invalid-input', `"${input}" is not an integer (decimal, or hex 0x…, octal 0o…, binary 0b…).`);
  }
  return BigInt(t);
}

function hex(v: bigint, bits: number): string {
  return `0x${v.toString(16).padStart(bits / 4, '0')}`;
}

/**
 * `htons`/`htonl`/`htobe64` and their inverses for one value: the bytes in host and network order, the
 * result on this machine and the plain byte swap. `bits` defaults to the smallest width that holds the
 * value. Rejects negative or too-large values with the reason.
 */
export function byteOrder(input: string, bits?: ByteOrderBits, endianness: 'little' | 'big' = os.endianness() === 'LE' ? 'little' : 'big'): ByteOrderResult {
  if (bits !== undefined && bits !== 16 && bits !== 32 && bits !== 64) {
    throw new NetProbeError('invalid-input', `Width ${String(bits)} is not supported; use 16, 32 or 64 bits.`);
  }
  const value = parseUnsigned(input);
  const width: ByteOrderBits = bits ?? (value <= 0xffffn ? 16 : value <= 0xffffffffn ? 32 : 64);
  const max = (1n << BigInt(width)) - 1n;
  if (value > max) {
    throw new NetProbeError('invalid-input', `${value} does not fit in ${width} bits (the largest is ${max}); use a wider --bits or a smaller value.`);
  }
  const network = bigIntToBytes(value, width / 8);
  const reversed = Uint8Array.from(network).reverse();
  const swapped = bytesToBigInt(reversed);
  const htonValue = endianness === 'little' ? swapped : value;
  const hostOrder = endianness === 'little' ? reversed : network;
  const byteHex = (b: number): string => b.toString(16).padStart(2, '0');
  const [hton, ntoh] = NAMES[width];
  return {
    input,
    bits: width,
    value: value.toString(),
    valueHex: hex(value, width),
    hostEndianness: endianness,
    hostBytes: Array.from(hostOrder, byteHex),
    networkBytes: Array.from(network, byteHex),
    hton,
    ntoh,
    htonValue: htonValue.toString(),
    htonHex: hex(htonValue, width),
    swapped: swapped.toString(),
    swappedHex: hex(swapped, width),
  };
}
