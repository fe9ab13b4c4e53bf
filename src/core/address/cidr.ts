import * as ipaddr from 'ipaddr.js';
import { NetProbeError } from '../errors';
import { bigIntToBytes } from './bytes';
import { describeAddress, inetNtop } from './describe';
import type { SpecialRange } from './special';
import { specialRange } from './special';

/** A network block and what `ipcalc`/`sipcalc` say about it. Counts are decimal strings (IPv6 needs BigInt). */
export interface CidrInfo {
  input: string;
  family: 4 | 6;
  prefix: number;
  /** The address as given (may have host bits set). */
  address: string;
  /** True when the given address is not the network address (`192.168.1.5/24`). */
  hostBitsSet: boolean;
  /** `network/prefix`. */
  cidr: string;
  network: string;
  /** IPv4 only (none for /31 and /32, RFC 3021). */
  broadcast?: string;
  firstHost: string;
  lastHost: string;
  /** Usable host addresses (IPv4 excludes network and broadcast below /31). */
  hostCount: string;
  /** All addresses in the block. */
  addressCount: string;
  netmask: string;
  /** Inverse mask (Cisco ACLs / OSPF). */
  wildcard: string;
  /** The reverse DNS zone that covers the block, when the prefix falls on an octet (IPv4) or nibble (IPv6) boundary. */
  reverseZone?: string;
  special: SpecialRange;
  /** Plain-language remarks (host bits set, /31, legacy address form, …). */
  notes: string[];
}

interface Block {
  family: 4 | 6;
  bits: number;
  prefix: number;
  value: bigint;
  input: string;
  address: string;
  notes: string[];
}

function maskOf(bits: number, prefix: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - prefix)) - 1n);
}

function text(value: bigint, bits: number): string {
  return inetNtop(bigIntToBytes(value, bits / 8));
}

function prefixFromMask(input: string, mask: string): number {
  if (!ipaddr.IPv4.isValidFourPartDecimal(mask))
    throw new NetProbeError('invalid-input', `"${input}": "${mask}" is neither a prefix length nor a dotted netmask.`);
  const p = ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask();
  if (p === null) throw new NetProbeError('invalid-input', `"${input}": netmask ${mask} is not contiguous (its one bits must all come first).`);
  return p;
}

function parseBlock(input: string): Block {
  const t = input.trim().replace(/\s+/, ' ');
  if (t === '') throw new NetProbeError('invalid-input', 'No network given.');
  const m = /^([^/ ]+)(?:[/ ](.+))?$/.exec(t);
  if (!m) throw new NetProbeError('invalid-input', `"${input}" is not a network: write it as ADDRESS/PREFIX, e.g. 192.168.1.0/24 or 2001:db8::/32.`);
  const info = describeAddress(m[1] ?? '');
  if (info.zone !== undefined) throw new NetProbeError('invalid-input', `"${input}": a network has no zone ("%${info.zone}").`);
  const bits = info.family === 4 ? 32 : 128;
  const rawPrefix = m[2]?.trim();
  let prefix: number;
  if (rawPrefix === undefined) prefix = bits;
  else if (/^[0-9]{1,3}$/.test(rawPrefix)) prefix = Number(rawPrefix);
  else if (info.family === 4) prefix = prefixFromMask(input, rawPrefix);
  else throw new NetProbeError('invalid-input', `"${input}": "/${rawPrefix}" is not a prefix length (0-128).`);
  if (prefix > bits) throw new NetProbeError('invalid-input', `"${input}": prefix /${prefix} is longer than the ${bits} bits of an IPv${info.family} address.`);
  const notes = info.inputForm === 'inet-aton' ? [`The address is in a legacy form; inet_aton reads it as ${info.canonical}.`] : [];
  if (rawPrefix === undefined) notes.push(`No prefix given: read as a single address (/${bits}).`);
  return { family: info.family, bits, prefix, value: BigInt(info.integer), input, address: info.canonical, notes };
}

function reverseZone(b: Block, network: bigint): string | undefined {
  const bytes = bigIntToBytes(network, b.bits / 8);
  if (b.family === 4) {
    if (b.prefix % 8 !== 0) return undefined;
    return [...Array.from(bytes.subarray(0, b.prefix / 8)).reverse(), 'in-addr', 'arpa'].join('.');
  }
  if (b.prefix % 4 !== 0) return undefined;
  const nibbles: string[] = [];
  for (let i = 0; i < b.prefix / 4; i++) nibbles.push((((bytes[i >> 1] ?? 0) >> (i % 2 ? 0 : 4)) & 15).toString(16));
  return [...nibbles.reverse(), 'ip6', 'arpa'].join('.');
}

/**
 * Everything `ipcalc` tells about a network: network and broadcast address, first and last host, host
 * count (BigInt-sized for IPv6), netmask, wildcard mask, reverse zone and the special-purpose block.
 * Accepts `ADDR/PREFIX`, `ADDR/NETMASK`, `ADDR NETMASK` or a bare address.
 */
export function describeCidr(input: string): CidrInfo {
  const b = parseBlock(input);
  const mask = maskOf(b.bits, b.prefix);
  const all = (1n << BigInt(b.bits)) - 1n;
  const network = b.value & mask;
  const last = network | (all ^ mask);
  const size = 1n << BigInt(b.bits - b.prefix);
  const notes = [...b.notes];
  const info: CidrInfo = {
    input,
    family: b.family,
    prefix: b.prefix,
    address: b.address,
    hostBitsSet: network !== b.value,
    cidr: `${text(network, b.bits)}/${b.prefix}`,
    network: text(network, b.bits),
    firstHost: text(network, b.bits),
    lastHost: text(last, b.bits),
    hostCount: size.toString(),
    addressCount: size.toString(),
    netmask: text(mask, b.bits),
    wildcard: text(all ^ mask, b.bits),
    special: specialRange(bigIntToBytes(network, b.bits / 8)),
    notes,
  };
  if (info.hostBitsSet) notes.push(`${b.address} has host bits set: the network is ${info.cidr}.`);
  if (b.family === 4) {
    if (b.prefix <= 30) {
      info.broadcast = text(last, b.bits);
      info.firstHost = text(network + 1n, b.bits);
      info.lastHost = text(last - 1n, b.bits);
      info.hostCount = (size - 2n).toString();
    } else if (b.prefix === 31) {
      notes.push('A /31 is a point-to-point link (RFC 3021): both addresses are hosts, there is no broadcast.');
    }
  } else if (b.prefix < 127) {
    notes.push(`The first address, ${info.network}, is the subnet-router anycast address (RFC 4291); IPv6 has no broadcast.`);
  }
  const zone = reverseZone(b, network);
  if (zone !== undefined) info.reverseZone = zone;
  return info;
}

/** Whether `address` lies inside the network `cidr`. */
export function cidrContains(cidr: string, address: string): boolean {
  const b = parseBlock(cidr);
  const a = describeAddress(address);
  if (a.family !== b.family) return false;
  const mask = maskOf(b.bits, b.prefix);
  return (BigInt(a.integer) & mask) === (b.value & mask);
}

/** The subnets a split produced: the first `limit` of `total`. */
export interface CidrSplit {
  network: string;
  newPrefix: number;
  /** How many subnets there are in all (decimal string). */
  total: string;
  subnets: string[];
  /** True when only the first `limit` are listed. */
  truncated: boolean;
}

/** Splits a network into subnets of `newPrefix` bits, listing at most `limit` (default 256). */
export function splitCidr(cidr: string, newPrefix: number, limit = 256): CidrSplit {
  const b = parseBlock(cidr);
  if (!Number.isInteger(newPrefix) || newPrefix < b.prefix || newPrefix > b.bits) {
    throw new NetProbeError(
      'invalid-input',
      `Cannot split a /${b.prefix} into /${newPrefix} subnets: the new prefix must be between ${b.prefix} and ${b.bits}.`,
    );
  }
  const network = b.value & maskOf(b.bits, b.prefix);
  const total = 1n << BigInt(newPrefix - b.prefix);
  const step = 1n << BigInt(b.bits - newPrefix);
  const count = total < BigInt(limit) ? Number(total) : limit;
  const subnets: string[] = [];
  for (let i = 0; i < count; i++) subnets.push(`${text(network + BigInt(i) * step, b.bits)}/${newPrefix}`);
  return { network: `${text(network, b.bits)}/${b.prefix}`, newPrefix, total: total.toString(), subnets, truncated: BigInt(count) < total };
}

/** The prefix that splits `cidr` into at least `count` equal subnets. */
export function prefixForSubnetCount(cidr: string, count: number): number {
  const b = parseBlock(cidr);
  if (!Number.isInteger(count) || count < 1) throw new NetProbeError('invalid-input', `${count} is not a positive number of subnets.`);
  const extra = Math.ceil(Math.log2(count));
  if (b.prefix + extra > b.bits) throw new NetProbeError('invalid-input', `A /${b.prefix} cannot hold ${count} subnets.`);
  return b.prefix + extra;
}
