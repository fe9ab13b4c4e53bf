import { NetProbeError } from '../errors';
import { bigIntToBytes, bytesToBigInt, bytesToBinary, bytesToHex, cArrayLiteral, parseByteString, pythonBytesLiteral } from './bytes';
import { parseIpv4Aton } from './ipv4-aton';
import { expandIpv6, formatIpv6, ipv6ReversePointer, isIpv4MappedBytes, parseIpv6 } from './ipv6';
import { interfaceIndex } from '../platform/interfaces';
import type { SpecialRange } from './special';
import { specialRange } from './special';

/** How the input was written. */
export type AddressInputForm = 'dotted-quad' | 'inet-aton' | 'ipv6' | 'bytes' | 'integer';

/** An IPv4 address an IPv6 address carries, and how. */
export interface EmbeddedIpv4 {
  kind: 'mapped' | 'compatible' | 'translated' | 'nat64' | '6to4' | 'teredo';
  address: string;
  /** Teredo: the server address (the client address is `address`) and the client's UDP port. */
  teredoServer?: string;
  teredoPort?: number;
}

/** Every form of one IP address. Integers are decimal strings (they can exceed 2^53). */
export interface AddressInfo {
  input: string;
  family: 4 | 6;
  inputForm: AddressInputForm;
  /** Dotted quad, or RFC 5952 text (without the zone). */
  canonical: string;
  /** IPv4: `192.168.001.001`; IPv6: all 32 digits. */
  expanded: string;
  zone?: string;
  /** Interface index of the zone on this machine (absent when no such interface exists here). */
  scopeId?: number;
  /** IPv4 text input: what `inet_aton`/`getaddrinfo` read (null: they reject it). */
  inetAton?: string | null;
  /** IPv4 text input: what `inet_pton` and strict parsers read (null: they reject it). */
  strict?: string | null;
  /** IPv4 text input with leading zeros: what parsers that read them as decimal see. */
  decimalReading?: string;
  /** True when readers of the input disagree (legacy form, leading zeros). */
  differs: boolean;
  /** Plain-language remarks about the reading (why readers differ, zone, embedded address). */
  notes: string[];
  integer: string;
  integerHex: string;
  /** `inet_pton` output as hex: `c0a80101`. */
  packedHex: string;
  /** `inet_pton` output as Python prints it: `b'\xc0\xa8\x01\x01'`. */
  packedBytes: string;
  /** `{ 0xc0, 0xa8, 0x01, 0x01 }`. */
  cArray: string;
  /** Bits, dotted per byte (IPv4) or colon-separated per 16-bit group (IPv6). */
  binary: string;
  /** `in-addr.arpa` / `ip6.arpa` name. */
  reversePointer: string;
  /** Id of the special-purpose block (`private`, `loopback`, `documentation`, `global`, …). */
  range: string;
  special: SpecialRange;
  /** IPv4: its IPv4-mapped IPv6 form. */
  ipv4Mapped?: string;
  /** IPv4: its (deprecated) IPv4-compatible IPv6 form. */
  ipv4Compatible?: string;
  /** IPv6 that carries an IPv4 address. */
  embeddedIpv4?: EmbeddedIpv4;
}

const MAX128 = (1n << 128n) - 1n;

function v4Text(bytes: Uint8Array): string {
  return Array.from(bytes).join('.');
}

function v4ReversePointer(bytes: Uint8Array): string {
  return `${Array.from(bytes).reverse().join('.')}.in-addr.arpa`;
}

function embedded(bytes: Uint8Array): EmbeddedIpv4 | undefined {
  const tail = v4Text(bytes.subarray(12));
  const zeros = (from: number, to: number): boolean => bytes.subarray(from, to).every(b => b === 0);
  if (isIpv4MappedBytes(bytes)) return { kind: 'mapped', address: tail };
  if (zeros(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(10, 12)) return { kind: 'translated', address: tail };
  if (zeros(0, 12) && bytesToBigInt(bytes) > 0xffffn) return { kind: 'compatible', address: tail };
  if (bytesToHex(bytes.subarray(0, 12)) === '0064ff9b0000000000000000') return { kind: 'nat64', address: tail };
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return { kind: '6to4', address: v4Text(bytes.subarray(2, 6)) };
  if (bytesToHex(bytes.subarray(0, 4)) === '20010000') {
    const client = Array.from(bytes.subarray(12), b => b ^ 0xff);
    const port = (((bytes[10] ?? 0) << 8) | (bytes[11] ?? 0)) ^ 0xffff;
    return { kind: 'teredo', address: client.join('.'), teredoServer: v4Text(bytes.subarray(4, 8)), teredoPort: port };
  }
  return undefined;
}

const EMBED_NOTE: Record<EmbeddedIpv4['kind'], string> = {
  mapped: 'IPv4-mapped: this is how an IPv6 socket shows the IPv4 peer',
  compatible: 'IPv4-compatible (deprecated by RFC 4291): carries',
  translated: 'IPv4-translated (SIIT): carries',
  nat64: 'NAT64 (64:ff9b::/96): the IPv4 host behind the translator is',
  '6to4': "6to4: the site's IPv4 address is",
  teredo: "Teredo: the client's public IPv4 address is",
};

function build(input: string, inputForm: AddressInputForm, bytes: Uint8Array, extra: Partial<AddressInfo>): AddressInfo {
  const v4 = bytes.length === 4;
  const value = bytesToBigInt(bytes);
  const special = specialRange(bytes);
  const info: AddressInfo = {
    input,
    family: v4 ? 4 : 6,
    inputForm,
    canonical: v4 ? v4Text(bytes) : formatIpv6(bytes),
    expanded: v4 ? Array.from(bytes, b => String(b).padStart(3, '0')).join('.') : expandIpv6(bytes),
    differs: false,
    notes: [],
    integer: value.toString(),
    integerHex: `0x${value.toString(16).padStart(bytes.length * 2, '0')}`,
    packedHex: bytesToHex(bytes),
    packedBytes: pythonBytesLiteral(bytes),
    cArray: cArrayLiteral(bytes),
    binary: v4 ? bytesToBinary(bytes, '.') : bytesToBinary(bytes, ':', 2),
    reversePointer: v4 ? v4ReversePointer(bytes) : ipv6ReversePointer(bytes),
    range: special.id,
    special,
    ...extra,
  };
  info.notes = [...(extra.notes ?? [])];
  if (v4) {
    info.ipv4Mapped = `::ffff:${info.canonical}`;
    info.ipv4Compatible = formatIpv6(Uint8Array.from([...new Array<number>(12).fill(0), ...bytes]));
  } else {
    const e = embedded(bytes);
    if (e) {
      info.embeddedIpv4 = e;
      const port = e.kind === 'teredo' ? ` (UDP port ${e.teredoPort}, Teredo server ${e.teredoServer})` : '';
      info.notes.push(`${EMBED_NOTE[e.kind]} ${e.address}${port}.`);
    }
  }
  return info;
}

function describeIpv6(input: string): AddressInfo {
  const r = parseIpv6(input);
  const extra: Partial<AddressInfo> = {};
  const notes: string[] = [];
  if (r.zone !== undefined) {
    extra.zone = r.zone;
    const id = interfaceIndex(r.zone);
    if (id !== undefined) extra.scopeId = id;
    else notes.push(`Zone "${r.zone}" is not a network interface on this machine (fine if the text comes from another host).`);
  }
  extra.notes = notes;
  return build(input, 'ipv6', r.bytes, extra);
}

const STRICT_PART = /^(0|[1-9][0-9]{0,2})$/;

/** What inet_pton(AF_INET) reads: four decimal parts, no leading zeros, each at most 255. */
function strictIpv4(text: string): string | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every(p => STRICT_PART.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number).join('.');
}

/** Four decimal parts where some have leading zeros, read as decimal (Python < 3.9.5, Go < 1.17, regex validators). */
function decimalReading(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every(p => /^[0-9]+$/.test(p) && Number(p) <= 255)) return undefined;
  if (!parts.some(p => p.length > 1 && p.startsWith('0'))) return undefined;
  return parts.map(Number).join('.');
}

function describeIpv4(input: string, text: string): AddressInfo {
  const decimal = decimalReading(text);
  let reading;
  try {
    reading = parseIpv4Aton(text);
  } catch (e) {
    if (e instanceof NetProbeError && decimal !== undefined) {
      throw new NetProbeError(
        'invalid-input',
        `${e.message} inet_aton and getaddrinfo reject it (and getaddrinfo would then look it up as a host name), though a parser that reads leading zeros as decimal would take it as ${decimal}.`,
      );
    }
    throw e;
  }
  const bytes = bigIntToBytes(BigInt(reading.value), 4);
  const strict = strictIpv4(text);
  const notes: string[] = [];
  const aton = reading.address;
  const differs = strict !== aton || (decimal !== undefined && decimal !== aton);
  if (strict === null) {
    notes.push(
      `inet_aton and getaddrinfo (ping, curl, most C programs) read this as ${aton}; inet_pton and strict parsers (Node net.isIP, Python ipaddress) reject it.`,
    );
  }
  if (reading.parts < 4) {
    notes.push(`It has ${reading.parts} part${reading.parts === 1 ? '' : 's'}: the last part fills the remaining ${5 - reading.parts} bytes.`);
  }
  if (/(^|\.)0[xX]/.test(text)) notes.push('Parts starting with 0x are hexadecimal to inet_aton.');
  if (/(^|\.)0[0-7]/.test(text)) {
    notes.push(
      decimal !== undefined && decimal !== aton
        ? `Parts with a leading 0 are octal to inet_aton, so this is ${aton}; parsers that read them as decimal (Python ipaddress < 3.9.5, Go < 1.17, many regex validators) see ${decimal}. An allow-list check and the actual connection can disagree.`
        : 'Parts with a leading 0 are octal to inet_aton.',
    );
  }
  const extra: Partial<AddressInfo> = { inetAton: aton, strict, differs, notes };
  if (decimal !== undefined) extra.decimalReading = decimal;
  return build(input, reading.strict ? 'dotted-quad' : 'inet-aton', bytes, extra);
}

/**
 * Every form of an address: IPv4 in any form `inet_aton` accepts (with the strict reading alongside and a
 * flag when they differ), IPv6 with zone, a packed byte string (`b'\xc0\xa8\x01\x01'`, 4 or 16 bytes, as
 * `inet_ntop` takes). Throws an `invalid-input` NetProbeError with the reason for anything else (an integer
 * above 32 bits is an overflow for `inet_aton`; read it with {@link addressFromInteger}).
 */
export function describeAddress(input: string): AddressInfo {
  const text = input.trim();
  if (text === '') throw new NetProbeError('invalid-input', 'No address given.');
  if (text.length > 200) throw new NetProbeError('invalid-input', 'That is too long to be an address.');
  const packed = parseByteString(text);
  if (packed) {
    if (packed.length !== 4 && packed.length !== 16) {
      throw new NetProbeError('invalid-input', `"${input}" is ${packed.length} bytes; inet_ntop takes 4 (IPv4) or 16 (IPv6).`);
    }
    return build(input, 'bytes', packed, {});
  }
  const withPort = /^\[([^\]]+)\]:([0-9]{1,5})$/.exec(text) ?? /^([0-9a-fA-FxX]+(?:\.[0-9a-fA-FxX]+){1,3}):([0-9]{1,5})$/.exec(text);
  if (withPort && Number(withPort[2]) <= 65535) {
    const info = describeAddress(withPort[1] ?? '');
    return { ...info, input, notes: [`Port ${withPort[2]} after the address is left out.`, ...info.notes] };
  }
  if (text.includes(':') || text.startsWith('[')) return describeIpv6(text);
  if (text.includes('%')) throw new NetProbeError('invalid-input', `"${input}": only IPv6 addresses have a zone ("%").`);
  if (!/^[0-9a-fA-FxX.]+$/.test(text)) {
    throw new NetProbeError('invalid-input', `"${input}" is not an IP address (IPv4 uses digits and dots, IPv6 hex digits and colons).`);
  }
  return describeIpv4(input, text);
}

/**
 * Address from an unsigned integer (decimal, or hex with 0x): IPv4 up to 2^32-1 unless `family` is 6,
 * IPv6 above that.
 */
export function addressFromInteger(input: string | bigint, family?: 4 | 6): AddressInfo {
  const text = String(input).trim();
  if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(text)) throw new NetProbeError('invalid-input', `"${text}" is not an unsigned integer (decimal, or hex with 0x).`);
  const value = BigInt(text);
  const fam = family ?? (value > 0xffffffffn ? 6 : 4);
  const max = fam === 4 ? 0xffffffffn : MAX128;
  if (value > max) throw new NetProbeError('invalid-input', `${value} does not fit in ${fam === 4 ? 32 : 128} bits.`);
  return build(text, 'integer', bigIntToBytes(value, fam === 4 ? 4 : 16), {});
}

/** `inet_pton`: the network-order bytes of strict address text (no legacy IPv4 forms, no zone). */
export function inetPton(family: 4 | 6, text: string): Uint8Array {
  if (family === 4) {
    const s = strictIpv4(text.trim());
    if (s === null) throw new NetProbeError('invalid-input', `"${text}" is not a dotted quad that inet_pton accepts.`);
    return Uint8Array.from(s.split('.').map(Number));
  }
  const r = parseIpv6(text);
  if (r.zone !== undefined) throw new NetProbeError('invalid-input', `inet_pton does not take a zone ("%${r.zone}").`);
  return r.bytes;
}

/** `inet_ntop`: text of 4 or 16 network-order bytes (RFC 5952 for IPv6). */
export function inetNtop(bytes: Uint8Array): string {
  if (bytes.length === 4) return v4Text(bytes);
  if (bytes.length === 16) return formatIpv6(bytes);
  throw new NetProbeError('invalid-input', `inet_ntop takes 4 or 16 bytes, not ${bytes.length}.`);
}
