import { NetProbeError } from '../errors';

/** How `inet_aton` read an IPv4 string, and whether a strict dotted-quad reader agrees. */
export interface Ipv4Reading {
  /** Dotted-quad text of the value `inet_aton` produces. */
  address: string;
  /** The 32-bit value. */
  value: number;
  /** Number of parts in the input (1–4). */
  parts: number;
  /** True when the input is a plain dotted quad of four decimal parts without leading zeros. */
  strict: boolean;
}

const PART = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

function parsePart(text: string, input: string): number {
  if (text === '') throw new NetProbeError('invalid-input', `"${input}" has an empty part.`);
  if (/^0[xX]$/.test(text)) throw new NetProbeError('invalid-input', `"${input}": part "${text}" has no hex digits after "0x".`);
  if (/^0[0-7]*[89]/.test(text)) {
    throw new NetProbeError('invalid-input', `"${input}": part "${text}" starts with 0, so it is octal, and octal has no digit 8 or 9.`);
  }
  if (!PART.test(text)) {
    throw new NetProbeError('invalid-input', `"${input}": part "${text}" is not a decimal, octal (leading 0) or hex (0x) number.`);
  }
  const radix = /^0[xX]/.test(text) ? 16 : text.length > 1 && text.startsWith('0') ? 8 : 10;
  const digits = radix === 16 ? text.slice(2) : text;
  const value = digits === '' ? 0 : parseInt(digits, radix);
  if (!Number.isFinite(value) || value > 0xffffffff) {
    throw new NetProbeError('invalid-input', `"${input}": part "${text}" is larger than 32 bits.`);
  }
  return value;
}

/**
 * Parses an IPv4 address the way glibc `inet_aton` does: 1 to 4 parts, each decimal, octal or hex;
 * the last part fills the remaining bytes (`127.1` is 127.0.0.1, `0xc000027b` is 192.0.2.123).
 * Throws an `invalid-input` NetProbeError with the reason otherwise (`10.0.0.256`, `1.2.3.4.5`, `1..2`).
 */
export function parseIpv4Aton(input: string): Ipv4Reading {
  const text = input.trim();
  if (text === '') throw new NetProbeError('invalid-input', 'An empty string is not an IPv4 address.');
  const pieces = text.split('.');
  if (pieces.length > 4) throw new NetProbeError('invalid-input', `"${input}" has ${pieces.length} parts; IPv4 has at most 4.`);
  const nums = pieces.map(p => parsePart(p, input));
  const lead = nums.slice(0, -1);
  const last = nums[nums.length - 1] ?? 0;
  lead.forEach((n, i) => {
    if (n > 255) throw new NetProbeError('invalid-input', `"${input}": part ${i + 1} (${pieces[i]}) is ${n}, more than 255.`);
  });
  const lastBits = 8 * (4 - lead.length);
  const lastMax = lastBits === 32 ? 0xffffffff : 2 ** lastBits - 1;
  if (last > lastMax) {
    const which = nums.length === 4 ? 'the last part' : `the last part (it fills ${lastBits / 8} bytes)`;
    throw new NetProbeError('invalid-input', `"${input}": ${which} is ${last}, more than ${lastMax}.`);
  }
  let value = 0;
  lead.forEach((n, i) => {
    value += n * 2 ** (8 * (3 - i));
  });
  value += last;
  const address = [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
  const strict = pieces.length === 4 && pieces.every(p => /^(0|[1-9][0-9]{0,2})$/.test(p)) && address === text;
  return { address, value, parts: pieces.length, strict };
}

/** True when the text could only be meant as a numeric IPv4 address (digits, dots, hex prefixes). */
export function looksLikeIpv4(text: string): boolean {
  return /^[0-9a-fA-FxX.]*$/.test(text) && /^(?:[0-9]+|0[xX][0-9a-fA-F]*)(?:\.|$)/.test(text);
}
