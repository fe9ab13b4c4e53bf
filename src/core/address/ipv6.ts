import { NetProbeError } from '../errors';

/** An IPv6 address read from text. */
export interface Ipv6Reading {
  /** The 16 bytes in network order. */
  bytes: Uint8Array;
  /** Zone after `%` (interface name or index), as written. */
  zone?: string;
  /** The input ended in dotted-quad notation (`::ffff:192.0.2.1`). */
  dottedTail: boolean;
}

const GROUP = /^[0-9a-fA-F]{1,4}$/;
const DOTTED = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;
const ZONE = /^[0-9A-Za-z_.-]{1,64}$/;

function fail(input: string, why: string): never {
  throw new NetProbeError('invalid-input', `"${input}" is not a valid IPv6 address: ${why}.`);
}

function readGroups(input: string, side: string, allowDotted: boolean): number[] {
  if (side === '') return [];
  const groups: number[] = [];
  const parts = side.split(':');
  parts.forEach((p, i) => {
    if (p === '') fail(input, 'a group is empty (a single ":" at the start or end, or ":::")');
    if (p.includes('.')) {
      if (!allowDotted || i !== parts.length - 1) fail(input, `"${p}" is IPv4 notation, which is allowed only as the last 32 bits`);
      if (!DOTTED.test(p)) fail(input, `the embedded IPv4 part "${p}" is not a strict dotted quad (four decimal numbers 0-255, no leading zeros)`);
      const o = p.split('.').map(Number);
      groups.push(((o[0] ?? 0) << 8) | (o[1] ?? 0), ((o[2] ?? 0) << 8) | (o[3] ?? 0));
      return;
    }
    if (!GROUP.test(p)) {
      fail(input, /^[0-9a-fA-F]+$/.test(p) ? `group "${p}" has more than 4 hex digits` : `group "${p}" is not hexadecimal`);
    }
    groups.push(parseInt(p, 16));
  });
  return groups;
}

/**
 * Parses IPv6 text as `inet_pton(AF_INET6)` does (RFC 4291 §2.2: `::` once, 1–4 hex digits per group,
 * an optional strict dotted-quad tail), plus an optional `%zone`. Brackets (`[::1]`) are accepted.
 * Throws an `invalid-input` NetProbeError that says what is wrong.
 */
export function parseIpv6(input: string): Ipv6Reading {
  let text = input.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (text === '') throw new NetProbeError('invalid-input', 'An empty string is not an IPv6 address.');
  const pct = text.indexOf('%');
  let zone: string | undefined;
  if (pct >= 0) {
    zone = text.slice(pct + 1);
    text = text.slice(0, pct);
    if (zone === '') fail(input, 'the zone after "%" is empty');
    if (!ZONE.test(zone)) fail(input, `zone "${zone}" is not an interface name or number`);
  }
  if (!text.includes(':')) fail(input, 'it has no ":"');
  const dbl = text.indexOf('::');
  if (dbl >= 0 && text.indexOf('::', dbl + 1) >= 0) fail(input, '"::" may appear only once');
  if (text.includes(':::')) fail(input, '":::" is not allowed');
  const dottedTail = /\.[0-9]+$/.test(text);
  let words: number[];
  if (dbl >= 0) {
    const head = readGroups(input, text.slice(0, dbl), false);
    const tail = readGroups(input, text.slice(dbl + 2), true);
    const missing = 8 - head.length - tail.length;
    if (missing < 1) fail(input, `"::" must stand for at least one zero group, but ${head.length + tail.length} groups are already written`);
    words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    words = readGroups(input, text, true);
    if (words.length !== 8) fail(input, `it has ${words.length} groups of 16 bits; without "::" it needs exactly 8`);
  }
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 255;
  });
  return zone === undefined ? { bytes, dottedTail } : { bytes, zone, dottedTail };
}

function words(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < 16; i += 2) out.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return out;
}

/** True for ::ffff:0:0/96 (IPv4-mapped). */
export function isIpv4MappedBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * RFC 5952 text: lowercase, no leading zeros, the longest run (first on a tie) of two or more zero groups
 * as `::`, and IPv4-mapped addresses with a dotted-quad tail (§5).
 */
export function formatIpv6(bytes: Uint8Array): string {
  const w = words(bytes);
  if (isIpv4MappedBytes(bytes)) return `::ffff:${Array.from(bytes.subarray(12)).join('.')}`;
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = w.map(x => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * The text `inet_ntop` (glibc, BIND, so `dig`) prints: {@link formatIpv6}, except that a deprecated
 * IPv4-compatible address (`::/96` with a non-zero tail, RFC 4291 §2.5.5.1) keeps its dotted tail, `::192.0.2.1`.
 */
export function formatIpv6Ntop(bytes: Uint8Array): string {
  let compatible = (bytes[12] ?? 0) !== 0 || (bytes[13] ?? 0) !== 0;
  for (let i = 0; i < 12 && compatible; i++) if (bytes[i] !== 0) compatible = false;
  return compatible ? `::${Array.from(bytes.subarray(12, 16)).join('.')}` : formatIpv6(bytes);
}

/** All eight groups with four digits: `2001:0db8:0000:0000:0000:0000:0000:0001`. */
export function expandIpv6(bytes: Uint8Array): string {
  return words(bytes)
    .map(x => x.toString(16).padStart(4, '0'))
    .join(':');
}

/** `ip6.arpa` name for PTR lookups: nibbles in reverse order. */
export function ipv6ReversePointer(bytes: Uint8Array): string {
  const nibbles: string[] = [];
  for (let i = 15; i >= 0; i--) {
    const b = bytes[i] ?? 0;
    nibbles.push((b & 15).toString(16), (b >> 4).toString(16));
  }
  return `${nibbles.join('.')}.ip6.arpa`;
}
