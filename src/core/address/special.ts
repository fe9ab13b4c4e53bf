import * as ipaddr from 'ipaddr.js';

/** An entry of the IANA special-purpose address registries (or the plain global range). */
export interface SpecialRange {
  /** Stable id, e.g. `private`, `loopback`, `documentation`, `teredo`, `global`. */
  id: string;
  /** The block, e.g. `10.0.0.0/8`. */
  cidr: string;
  /** Plain-language name. */
  name: string;
  /** Defining RFC, e.g. `RFC 1918`. */
  rfc: string;
  /** Whether packets to it are routed on the public Internet (IANA "Globally Reachable"). */
  globallyReachable: boolean;
}

type Row = [id: string, cidr: string, name: string, rfc: string, global: boolean];

const V4: Row[] = [
  ['this-network', '0.0.0.0/8', '"This network" (source only)', 'RFC 791', false],
  ['unspecified', '0.0.0.0/32', 'Unspecified ("this host on this network", any address)', 'RFC 1122', false],
  ['private', '10.0.0.0/8', 'Private-use', 'RFC 1918', false],
  ['cgnat', '100.64.0.0/10', 'Shared address space (carrier-grade NAT)', 'RFC 6598', false],
  ['loopback', '127.0.0.0/8', 'Loopback', 'RFC 1122', false],
  ['link-local', '169.254.0.0/16', 'Link-local (APIPA)', 'RFC 3927', false],
  ['private', '172.16.0.0/12', 'Private-use', 'RFC 1918', false],
  ['ietf-protocol', '192.0.0.0/24', 'IETF protocol assignments', 'RFC 6890', false],
  ['ds-lite', '192.0.0.0/29', 'IPv4 service continuity prefix (DS-Lite)', 'RFC 7335', false],
  ['dummy', '192.0.0.8/32', 'IPv4 dummy address', 'RFC 7600', false],
  ['pcp-anycast', '192.0.0.9/32', 'Port Control Protocol anycast', 'RFC 7723', true],
  ['turn-anycast', '192.0.0.10/32', 'TURN anycast', 'RFC 8155', true],
  ['nat64-discovery', '192.0.0.170/31', 'NAT64/DNS64 discovery (ipv4only.arpa)', 'RFC 8880', false],
  ['documentation', '192.0.2.0/24', 'Documentation (TEST-NET-1)', 'RFC 5737', false],
  ['as112', '192.31.196.0/24', 'AS112-v4', 'RFC 7535', true],
  ['amt', '192.52.193.0/24', 'Automatic Multicast Tunneling', 'RFC 7450', true],
  ['6to4-relay', '192.88.99.0/24', 'Deprecated 6to4 relay anycast', 'RFC 7526', false],
  ['private', '192.168.0.0/16', 'Private-use', 'RFC 1918', false],
  ['as112', '192.175.48.0/24', 'Direct delegation AS112 service', 'RFC 7534', true],
  ['benchmarking', '198.18.0.0/15', 'Benchmarking', 'RFC 2544', false],
  ['documentation', '198.51.100.0/24', 'Documentation (TEST-NET-2)', 'RFC 5737', false],
  ['documentation', '203.0.113.0/24', 'Documentation (TEST-NET-3)', 'RFC 5737', false],
  ['multicast', '224.0.0.0/4', 'Multicast', 'RFC 5771', false],
  ['multicast', '224.0.0.0/24', 'Multicast: local network control block (not forwarded)', 'RFC 5771', false],
  ['multicast', '232.0.0.0/8', 'Multicast: source-specific (SSM)', 'RFC 4607', true],
  ['multicast', '233.0.0.0/8', 'Multicast: GLOP', 'RFC 3180', true],
  ['multicast', '239.0.0.0/8', 'Multicast: administratively scoped (organisation-local)', 'RFC 2365', false],
  ['reserved', '240.0.0.0/4', 'Reserved for future use (class E)', 'RFC 1112', false],
  ['broadcast', '255.255.255.255/32', 'Limited broadcast', 'RFC 919', false],
];

const V6: Row[] = [
  ['unspecified', '::/128', 'Unspecified address', 'RFC 4291', false],
  ['loopback', '::1/128', 'Loopback', 'RFC 4291', false],
  ['ipv4-compatible', '::/96', 'IPv4-compatible (deprecated)', 'RFC 4291', false],
  ['ipv4-mapped', '::ffff:0:0/96', 'IPv4-mapped (an IPv4 address seen through an IPv6 socket)', 'RFC 4291', false],
  ['ipv4-translated', '::ffff:0:0:0/96', 'IPv4-translated (SIIT)', 'RFC 6145', false],
  ['nat64', '64:ff9b::/96', 'IPv4/IPv6 translation (NAT64 well-known prefix)', 'RFC 6052', true],
  ['nat64-local', '64:ff9b:1::/48', 'Local-use IPv4/IPv6 translation', 'RFC 8215', false],
  ['discard', '100::/64', 'Discard-only', 'RFC 6666', false],
  ['dummy', '100:0:0:1::/64', 'Dummy IPv6 prefix', 'RFC 9780', false],
  ['ietf-protocol', '2001::/23', 'IETF protocol assignments', 'RFC 2928', false],
  ['teredo', '2001::/32', 'Teredo tunnelling', 'RFC 4380', true],
  ['pcp-anycast', '2001:1::1/128', 'Port Control Protocol anycast', 'RFC 7723', true],
  ['turn-anycast', '2001:1::2/128', 'TURN anycast', 'RFC 8155', true],
  ['dns-sd-srp-anycast', '2001:1::3/128', 'DNS-SD service registration protocol anycast', 'RFC 9665', true],
  ['benchmarking', '2001:2::/48', 'Benchmarking', 'RFC 5180', false],
  ['amt', '2001:3::/32', 'Automatic Multicast Tunneling', 'RFC 7450', true],
  ['as112', '2001:4:112::/48', 'AS112-v6', 'RFC 7535', true],
  ['orchid', '2001:10::/28', 'ORCHID (deprecated)', 'RFC 4843', false],
  ['orchid2', '2001:20::/28', 'ORCHIDv2', 'RFC 7343', true],
  ['drone-remote-id', '2001:30::/28', 'Drone remote ID protocol entity tags', 'RFC 9374', true],
  ['documentation', '2001:db8::/32', 'Documentation', 'RFC 3849', false],
  ['6to4', '2002::/16', '6to4', 'RFC 3056', true],
  ['as112', '2620:4f:8000::/48', 'Direct delegation AS112 service', 'RFC 7534', true],
  ['documentation', '3fff::/20', 'Documentation', 'RFC 9637', false],
  ['segment-routing', '5f00::/16', 'Segment routing (SRv6) SIDs', 'RFC 9602', false],
  ['unique-local', 'fc00::/7', 'Unique local (ULA, private-use)', 'RFC 4193', false],
  ['link-local', 'fe80::/10', 'Link-local unicast', 'RFC 4291', false],
  ['site-local', 'fec0::/10', 'Site-local (deprecated)', 'RFC 3879', false],
  ['multicast', 'ff00::/8', 'Multicast', 'RFC 4291', false],
];

const SCOPES: Record<number, string> = {
  1: 'interface-local',
  2: 'link-local',
  3: 'realm-local',
  4: 'admin-local',
  5: 'site-local',
  8: 'organisation-local',
  14: 'global',
};

interface Compiled {
  row: Row;
  net: ipaddr.IPv4 | ipaddr.IPv6;
  bits: number;
}

function compile(rows: Row[]): Compiled[] {
  return rows
    .map(row => {
      const [net, bits] = ipaddr.parseCIDR(row[1]);
      return { row, net, bits };
    })
    .sort((a, b) => b.bits - a.bits);
}

// Compiled on first use: parsing ~60 CIDRs costs milliseconds that loading the module (at start-up) should not.
let compiled: { v4: Compiled[]; v6: Compiled[] } | undefined;
function tables(): { v4: Compiled[]; v6: Compiled[] } {
  return (compiled ??= { v4: compile(V4), v6: compile(V6) });
}

function entry(row: Row): SpecialRange {
  return { id: row[0], cidr: row[1], name: row[2], rfc: row[3], globallyReachable: row[4] };
}

/**
 * The most specific special-purpose block (IANA IPv4/IPv6 special-purpose and multicast registries)
 * that holds the address given as network-order bytes; `global` (or `global-unicast`) when none does.
 */
export function specialRange(bytes: Uint8Array): SpecialRange {
  const addr = ipaddr.fromByteArray(Array.from(bytes));
  const table = addr.kind() === 'ipv4' ? tables().v4 : tables().v6;
  const hit = table.find(c => c.net.kind() === addr.kind() && addr.match(c.net, c.bits));
  if (hit) {
    const e = entry(hit.row);
    if (e.id === 'multicast' && bytes.length === 16) {
      const scope = SCOPES[(bytes[1] ?? 0) & 15];
      if (scope) e.name = `Multicast, ${scope} scope`;
      e.globallyReachable = ((bytes[1] ?? 0) & 15) === 14;
    }
    return e;
  }
  if (bytes.length === 4) return { id: 'global', cidr: '0.0.0.0/0', name: 'Public (global unicast)', rfc: 'RFC 791', globallyReachable: true };
  if (((bytes[0] ?? 0) & 0xe0) === 0x20) return { id: 'global', cidr: '2000::/3', name: 'Global unicast', rfc: 'RFC 4291', globallyReachable: true };
  return { id: 'reserved', cidr: '::/0', name: 'Not yet allocated by IANA', rfc: 'RFC 4291', globallyReachable: false };
}
