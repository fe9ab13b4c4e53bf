import { parseAddressLiteral } from '../address/literal';
import { NetProbeError } from '../errors';

/** Reach of a multicast group: how far routers forward it. */
export type MulticastScope = 'interface-local' | 'link-local' | 'realm-local' | 'admin-local' | 'site-local' | 'organization-local' | 'global' | 'reserved';

/** A validated multicast group with its scope named. */
export interface MulticastGroup {
  /** Canonical address text (no zone). */
  group: string;
  family: 4 | 6;
  scope: MulticastScope;
  /** The registry block it falls in, e.g. `239.255.0.0/16` or `ff02::/16`. */
  range: string;
  /** Plain-language description of the block and its reach. */
  description: string;
  /** Source-specific multicast range (232.0.0.0/8, ff3x::/96): receivers should join with a source. */
  ssm: boolean;
  /** Name of a well-known group (`mDNS`, `SSDP`, …). */
  wellKnown?: string;
  /** IPv6 zone written after `%` (an interface name or index). */
  zone?: string;
  /** Interface index of the zone. */
  scopeId?: number;
}

const WELL_KNOWN: Record<string, string> = {
  '224.0.0.1': 'all hosts',
  '224.0.0.2': 'all routers',
  '224.0.0.5': 'OSPF routers',
  '224.0.0.6': 'OSPF designated routers',
  '224.0.0.9': 'RIPv2 routers',
  '224.0.0.13': 'PIM routers',
  '224.0.0.18': 'VRRP',
  '224.0.0.22': 'IGMPv3 reports',
  '224.0.0.251': 'mDNS',
  '224.0.0.252': 'LLMNR',
  '224.0.1.1': 'NTP',
  '224.0.1.129': 'PTP (IEEE 1588)',
  '239.255.255.250': 'SSDP (UPnP)',
  '239.255.255.253': 'SLP',
  'ff02::1': 'all nodes',
  'ff02::2': 'all routers',
  'ff02::5': 'OSPFv3 routers',
  'ff02::9': 'RIPng routers',
  'ff02::d': 'PIM routers',
  'ff02::16': 'MLDv2 reports',
  'ff02::fb': 'mDNS',
  'ff02::1:2': 'DHCPv6 relays and servers',
  'ff02::1:3': 'LLMNR',
  'ff05::1:3': 'DHCPv6 servers',
  'ff0e::101': 'NTP',
  'ff02::c': 'SSDP (UPnP)',
  'ff05::c': 'SSDP (UPnP)',
};

const V6_SCOPES: Record<number, MulticastScope> = {
  0x1: 'interface-local',
  0x2: 'link-local',
  0x3: 'realm-local',
  0x4: 'admin-local',
  0x5: 'site-local',
  0x8: 'organization-local',
  0xe: 'global',
};

const SCOPE_TEXT: Record<MulticastScope, string> = {
  'interface-local': 'interface-local: stays on this host (loopback only)',
  'link-local': 'link-local: never forwarded by routers',
  'realm-local': 'realm-local: bounded by the realm (e.g. a mesh network)',
  'admin-local': 'admin-local: the smallest administratively configured scope',
  'site-local': 'site-local: stays inside the site',
  'organization-local': 'organization-local: stays inside the organization',
  global: 'global: routable on the Internet where multicast routing exists',
  reserved: 'reserved: not for use',
};

function v4Number(address: string): number {
  return address.split('.').reduce((n, b) => n * 256 + Number(b), 0);
}

function inV4(n: number, base: string, prefix: number): boolean {
  const size = 2 ** (32 - prefix);
  const start = v4Number(base);
  return n >= start && n < start + size;
}

/** IPv4 multicast blocks (RFC 5771, RFC 2365, RFC 4607), most specific first. */
const V4_BLOCKS: Array<{ first: string; last: string; range: string; block: string; scope: MulticastScope; ssm?: boolean }> = [
  { first: '224.0.0.0', last: '224.0.0.255', range: '224.0.0.0/24', block: 'Local Network Control Block', scope: 'link-local' },
  { first: '224.0.1.0', last: '224.0.1.255', range: '224.0.1.0/24', block: 'Internetwork Control Block', scope: 'global' },
  { first: '224.0.2.0', last: '224.0.255.255', range: '224.0.2.0–224.0.255.255', block: 'AD-HOC block I', scope: 'global' },
  { first: '224.2.0.0', last: '224.2.255.255', range: '224.2.0.0/16', block: 'SDP/SAP block', scope: 'global' },
  { first: '224.3.0.0', last: '224.4.255.255', range: '224.3.0.0–224.4.255.255', block: 'AD-HOC block II', scope: 'global' },
  { first: '232.0.0.0', last: '232.255.255.255', range: '232.0.0.0/8', block: 'Source-Specific Multicast block', scope: 'global', ssm: true },
  { first: '233.252.0.0', last: '233.255.255.255', range: '233.252.0.0/14', block: 'AD-HOC block III', scope: 'global' },
  { first: '233.0.0.0', last: '233.251.255.255', range: '233.0.0.0/8', block: 'GLOP block (AS-number based)', scope: 'global' },
  { first: '234.0.0.0', last: '234.255.255.255', range: '234.0.0.0/8', block: 'Unicast-prefix-based block', scope: 'global' },
  { first: '239.255.0.0', last: '239.255.255.255', range: '239.255.0.0/16', block: 'IPv4 Local Scope (administratively scoped)', scope: 'site-local' },
  {
    first: '239.192.0.0',
    last: '239.195.255.255',
    range: '239.192.0.0/14',
    block: 'Organization Local Scope (administratively scoped)',
    scope: 'organization-local',
  },
  { first: '239.0.0.0', last: '239.255.255.255', range: '239.0.0.0/8', block: 'Administratively Scoped block', scope: 'admin-local' },
];

function classifyV4(address: string): Omit<MulticastGroup, 'group' | 'family' | 'description'> & { block: string } {
  const n = v4Number(address);
  const hit = V4_BLOCKS.find(b => n >= v4Number(b.first) && n <= v4Number(b.last));
  if (hit) return { scope: hit.scope, range: hit.range, block: hit.block, ssm: hit.ssm ?? false };
  return { scope: 'global', range: '224.0.0.0/4', block: 'block reserved by IANA (usable, but unassigned)', ssm: false };
}

function v6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const groups = (s: string | undefined): string[] => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const words = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return words.flatMap(w => {
    const v = parseInt(w, 16);
    return [v >> 8, v & 255];
  });
}

function classifyV6(address: string): Omit<MulticastGroup, 'group' | 'family' | 'description'> & { block: string } {
  const b = v6Bytes(address);
  const flags = (b[1] ?? 0) >> 4;
  const nibble = (b[1] ?? 0) & 15;
  const scope = V6_SCOPES[nibble] ?? 'reserved';
  const ssm = flags === 3 && b.slice(2, 12).every(x => x === 0);
  const range = ssm ? `ff3${nibble.toString(16)}::/96` : `ff${flags.toString(16)}${nibble.toString(16)}::/16`;
  const kinds: string[] = [];
  if (flags & 1) kinds.push('transient');
  else kinds.push('permanent (IANA-assigned)');
  if (flags & 2) kinds.push('unicast-prefix-based');
  if (flags & 4) kinds.push('embedded rendezvous point');
  const block = ssm ? 'Source-Specific Multicast block' : `${kinds.join(', ')} group`;
  return { scope, range, block, ssm };
}

/** True when `text` is an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address. */
export function isMulticastAddress(text: string): boolean {
  try {
    const lit = parseAddressLiteral(text);
    if (!lit) return false;
    return lit.family === 4 ? inV4(v4Number(lit.address), '224.0.0.0', 4) : lit.address.startsWith('ff');
  } catch {
    return false;
  }
}

/**
 * Validates a multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8, an IPv6 zone allowed) and names its scope
 * and block (link-local, site, organization, admin, global, SSM 232/8 and ff3x::/96). Throws `invalid-input`
 * with the reason for anything else.
 */
export function parseMulticastGroup(text: string): MulticastGroup {
  const input = text.trim();
  if (input === '') throw new NetProbeError('invalid-input', 'No multicast group given.');
  const lit = parseAddressLiteral(input);
  if (!lit)
    throw new NetProbeError(
      'invalid-input',
      `"${input}" is not an IP address: a multicast group must be written as an address (e.g. 239.1.2.3 or ff15::1234).`,
    );
  if (lit.family === 4 && lit.legacyForm)
    throw new NetProbeError('invalid-input', `"${input}" is not a dotted-quad address; write the group as ${lit.address}.`);
  if (!isMulticastAddress(lit.address)) {
    const range = lit.family === 4 ? '224.0.0.0/4 (224.0.0.0–239.255.255.255)' : 'ff00::/8';
    throw new NetProbeError('invalid-input', `${lit.address} is not a multicast address: IPv${lit.family} multicast groups are in ${range}.`);
  }
  const c = lit.family === 4 ? classifyV4(lit.address) : classifyV6(lit.address);
  if (c.scope === 'reserved') {
    throw new NetProbeError('invalid-input', `${lit.address} has a reserved multicast scope (${c.range}) that cannot be used.`);
  }
  const { block, ...rest } = c;
  const result: MulticastGroup = { group: lit.address, family: lit.family, ...rest, description: `${block}, ${SCOPE_TEXT[c.scope]}` };
  const known = WELL_KNOWN[lit.address];
  if (known) result.wellKnown = known;
  if (lit.zone !== undefined) {
    result.zone = lit.zone;
    if (lit.scopeId !== undefined) result.scopeId = lit.scopeId;
  }
  return result;
}
