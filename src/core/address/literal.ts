import * as net from 'net';
import { NetProbeError } from '../errors';
import { interfaceIndex } from '../platform/interfaces';
import { looksLikeIpv4, parseIpv4Aton } from './ipv4-aton';

/** An address written directly in the input, read without any network traffic. */
export interface AddressLiteral {
  family: 4 | 6;
  /** Canonical text (dotted quad, or RFC 5952 IPv6 without the zone). */
  address: string;
  /** IPv6 zone as written after `%` (interface name or number). */
  zone?: string;
  /** Numeric scope id (interface index) for a zone. */
  scopeId?: number;
  /** IPv6 address of the form ::ffff:a.b.c.d. */
  ipv4Mapped?: boolean;
  /** For IPv4: true when the input was not a plain dotted quad (e.g. `127.1`, `0xc000027b`). */
  legacyForm?: boolean;
}

/** Canonical (RFC 5952) text of an IPv6 address that `net.isIPv6` accepts (a `%zone` is kept as written). */
export function canonicalIpv6(address: string): string {
  const pct = address.indexOf('%');
  if (pct >= 0) return `${canonicalIpv6(address.slice(0, pct))}${address.slice(pct)}`;
  const text = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  // RFC 5952 §5: IPv4-mapped addresses keep the dotted-quad tail.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(text);
  if (!mapped) return text;
  const hi = parseInt(mapped[1] ?? '0', 16);
  const lo = parseInt(mapped[2] ?? '0', 16);
  return `::ffff:${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * Reads `host` as an IP literal the way getaddrinfo with AI_NUMERICHOST would, including the legacy
 * IPv4 forms `inet_aton` accepts and IPv6 zones. Returns undefined for a hostname; throws an
 * `invalid-input` NetProbeError for text that can only be a malformed address (`10.0.0.256`) or an
 * unknown zone.
 */
export function parseAddressLiteral(host: string): AddressLiteral | undefined {
  const text = host.trim().replace(/^\[(.*)\]$/, '$1');
  const pct = text.indexOf('%');
  const bare = pct >= 0 ? text.slice(0, pct) : text;
  if (net.isIPv6(bare)) {
    const address = canonicalIpv6(bare);
    const result: AddressLiteral = { family: 6, address };
    if (/^::ffff:[0-9.]+$/.test(address)) result.ipv4Mapped = true;
    if (pct >= 0) {
      const zone = text.slice(pct + 1);
      if (zone === '') throw new NetProbeError('invalid-input', `"${host}" has an empty zone after "%".`);
      const scopeId = interfaceIndex(zone);
      if (scopeId === undefined) {
        throw new NetProbeError('invalid-input', `"${host}": there is no network interface named "${zone}" on this machine.`);
      }
      result.zone = zone;
      result.scopeId = scopeId;
    }
    return result;
  }
  if (pct >= 0 || text.includes(':')) {
    if (/^[0-9a-fA-F:.%]+$/.test(text.split('%')[0] ?? '')) {
      throw new NetProbeError('invalid-input', `"${host}" is not a valid IPv6 address.`);
    }
    return undefined;
  }
  if (!looksLikeIpv4(text)) return undefined;
  const v4 = parseIpv4Aton(text);
  return { family: 4, address: v4.address, legacyForm: !v4.strict };
}
