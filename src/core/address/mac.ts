import { NetProbeError } from '../errors';
import { bytesToBigInt, pythonBytesLiteral } from './bytes';
import { formatIpv6 } from './ipv6';

/** Every form of a 48-bit MAC address (EUI-48) and what its bits say. */
export interface MacInfo {
  input: string;
  /** `00:11:32:3c:c3:0b` */
  canonical: string;
  /** `00-11-32-3C-C3-0B` (IEEE / Windows) */
  hyphen: string;
  /** `0011.323c.c30b` (Cisco) */
  dotted: string;
  /** `0011323cc30b` */
  bare: string;
  /** `b'\x00\x112<\xc3\x0b'` */
  packedBytes: string;
  integer: string;
  /** OUI as the IEEE registry writes it: `00-11-32`. */
  oui: string;
  /** I/G bit (least significant bit of the first byte): group address. */
  multicast: boolean;
  /** U/L bit (second-least significant bit of the first byte): locally administered. */
  locallyAdministered: boolean;
  kind: 'unicast' | 'multicast' | 'broadcast';
  /** EUI-64 made by inserting ff:fe in the middle. */
  eui64: string;
  /** Modified EUI-64 interface identifier (U/L bit flipped, RFC 4291 appendix A). */
  interfaceId: string;
  /** The IPv6 link-local address SLAAC derives from it. */
  linkLocal: string;
  /** Multicast MACs made from IP multicast groups: what they map from. */
  multicastOf?: string;
}

/**
 * Parses a MAC in `00:11:32:3c:c3:0b`, `00-11-32-3C-C3-0B`, `0011.323c.c30b` or `0011323cc30b` form
 * (single-digit groups like `0:11:32:3c:c3:b` are accepted with colons, as `ip link` prints them elsewhere).
 */
export function parseMac(input: string): Uint8Array {
  const t = input.trim();
  let hex: string | undefined;
  if (/^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(t))
    hex = t
      .split(':')
      .map(g => g.padStart(2, '0'))
      .join('');
  else if (/^[0-9a-fA-F]{2}(-[0-9a-fA-F]{2}){5}$/.test(t)) hex = t.replace(/-/g, '');
  else if (/^[0-9a-fA-F]{4}(\.[0-9a-fA-F]{4}){2}$/.test(t)) hex = t.replace(/\./g, '');
  else if (/^[0-9a-fA-F]{12}$/.test(t)) hex = t;
  if (hex === undefined) {
    const groups = t.split(/[:.-]/).length;
    const why = /^[0-9a-fA-F:.-]*$/.test(t)
      ? `it has ${groups} groups; use 00:11:32:3c:c3:0b, 00-11-32-3C-C3-0B, 0011.323c.c30b or 0011323cc30b`
      : 'it has characters other than hex digits and ":", "-" or "."';
    throw new NetProbeError('invalid-input', `"${input}" is not a MAC address: ${why}.`);
  }
  const out = new Uint8Array(6);
  for (let i = 0; i < 6; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function hx(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** Every form of a MAC address, its I/G and U/L bits, EUI-64 and the IPv6 link-local address it yields. */
export function describeMac(input: string): MacInfo {
  const b = parseMac(input);
  const h = Array.from(b, hx);
  const first = b[0] ?? 0;
  const multicast = (first & 1) === 1;
  const broadcast = b.every(x => x === 0xff);
  const eui = [...h.slice(0, 3), 'ff', 'fe', ...h.slice(3)];
  const iid = [hx(first ^ 2), ...eui.slice(1)];
  const ll = Uint8Array.from([0xfe, 0x80, 0, 0, 0, 0, 0, 0, ...iid.map(x => parseInt(x, 16))]);
  const info: MacInfo = {
    input,
    canonical: h.join(':'),
    hyphen: h.join('-').toUpperCase(),
    dotted: `${h[0]}${h[1]}.${h[2]}${h[3]}.${h[4]}${h[5]}`,
    bare: h.join(''),
    packedBytes: pythonBytesLiteral(b),
    integer: bytesToBigInt(b).toString(),
    oui: h.slice(0, 3).join('-').toUpperCase(),
    multicast,
    locallyAdministered: (first & 2) === 2,
    kind: broadcast ? 'broadcast' : multicast ? 'multicast' : 'unicast',
    eui64: eui.join(':'),
    interfaceId: [0, 2, 4, 6].map(i => `${iid[i]}${iid[i + 1]}`.replace(/^0{1,3}/, '')).join(':'),
    linkLocal: formatIpv6(ll),
  };
  if (b[0] === 0x01 && b[1] === 0x00 && b[2] === 0x5e && ((b[3] ?? 0) & 0x80) === 0) {
    info.multicastOf = `IPv4 multicast 224-239.${(b[3] ?? 0) & 0x7f}.${b[4]}.${b[5]} (the top 5 bits of the group are not carried, so 32 groups share it)`;
  } else if (b[0] === 0x33 && b[1] === 0x33) {
    info.multicastOf = `IPv6 multicast ending in ${h[2]}${h[3]}:${h[4]}${h[5]} (e.g. ff02::1:ff${h[3]}:${h[4]}${h[5]} is solicited-node)`;
  }
  return info;
}
