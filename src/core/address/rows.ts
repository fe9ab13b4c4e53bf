import type { ByteOrderResult } from './byte-order';
import type { CidrInfo } from './cidr';
import type { AddressInfo } from './describe';
import type { MacInfo } from './mac';
import type { OuiVendor } from './oui';

/** A labelled value for tables (CLI, results panel, hover). */
export type AddressRow = [label: string, value: string];

/** The forms of an address as labelled rows, most useful first. */
export function addressRows(a: AddressInfo): AddressRow[] {
  const rows: AddressRow[] = [
    ['Address', a.zone !== undefined ? `${a.canonical}%${a.zone}` : a.canonical],
    ['Family', `IPv${a.family}`],
  ];
  if (a.inetAton !== undefined) {
    rows.push(['inet_aton / getaddrinfo', a.inetAton ?? 'rejected'], ['inet_pton (strict)', a.strict ?? 'rejected']);
    if (a.decimalReading !== undefined) rows.push(['Leading zeros as decimal', a.decimalReading]);
  }
  if (a.zone !== undefined) rows.push(['Zone', a.scopeId !== undefined ? `${a.zone} (interface index ${a.scopeId})` : `${a.zone} (not an interface here)`]);
  rows.push(
    ['Range', `${a.special.name} — ${a.special.cidr}, ${a.special.rfc}${a.special.globallyReachable ? '' : ', not globally reachable'}`],
    ['Expanded', a.expanded],
    ['Integer', a.integer],
    ['Hex', a.integerHex],
    ['Bytes (inet_pton)', a.packedBytes],
    ['Packed hex', a.packedHex],
    ['C array', a.cArray],
    ['Binary', a.binary],
    ['Reverse pointer', a.reversePointer],
  );
  if (a.ipv4Mapped !== undefined) rows.push(['IPv4-mapped IPv6', a.ipv4Mapped]);
  if (a.ipv4Compatible !== undefined) rows.push(['IPv4-compatible IPv6', a.ipv4Compatible]);
  if (a.embeddedIpv4) rows.push([`Embedded IPv4 (${a.embeddedIpv4.kind})`, a.embeddedIpv4.address]);
  return rows;
}

/** A network's ipcalc-style facts as labelled rows. */
export function cidrRows(c: CidrInfo): AddressRow[] {
  const rows: AddressRow[] = [
    ['Network', c.cidr],
    ['Address', c.address],
    ['Netmask', c.netmask],
    ['Wildcard', c.wildcard],
  ];
  if (c.broadcast !== undefined) rows.push(['Broadcast', c.broadcast]);
  rows.push(
    ['First host', c.firstHost],
    ['Last host', c.lastHost],
    ['Hosts', c.hostCount],
    ['Addresses', c.addressCount],
    ['Range', `${c.special.name} — ${c.special.cidr}, ${c.special.rfc}`],
  );
  if (c.reverseZone !== undefined) rows.push(['Reverse zone', c.reverseZone]);
  return rows;
}

/** A MAC's forms and bits as labelled rows (vendor when known). */
export function macRows(m: MacInfo, vendor?: OuiVendor | null): AddressRow[] {
  const rows: AddressRow[] = [['MAC', m.canonical]];
  if (vendor !== undefined) {
    rows.push([
      'Vendor',
      vendor
        ? `${vendor.name} (${vendor.registry} ${vendor.prefix})`
        : m.locallyAdministered
          ? 'none: locally administered (random or set by software)'
          : 'not in the IEEE registry',
    ]);
  }
  rows.push(
    ['Type', `${m.kind}, ${m.locallyAdministered ? 'locally administered' : 'universally administered (IEEE-assigned)'}`],
    ['IEEE form', m.hyphen],
    ['Cisco form', m.dotted],
    ['Bare hex', m.bare],
    ['Bytes', m.packedBytes],
    ['Integer', m.integer],
    ['EUI-64', m.eui64],
    ['Modified EUI-64 interface id', m.interfaceId],
    ['IPv6 link-local (SLAAC)', m.linkLocal],
  );
  if (m.multicastOf !== undefined) rows.push(['Multicast group', m.multicastOf]);
  return rows;
}

/** Byte-order facts as labelled rows. */
export function byteOrderRows(b: ByteOrderResult): AddressRow[] {
  return [
    ['Value', `${b.value} (${b.valueHex}), ${b.bits} bits`],
    ['Host byte order', `${b.hostEndianness}-endian`],
    ['Bytes in host memory', b.hostBytes.join(' ')],
    ['Bytes in network order', b.networkBytes.join(' ')],
    [`${b.hton}(value) = ${b.ntoh}(value)`, `${b.htonValue} (${b.htonHex})`],
    ['Bytes swapped', `${b.swapped} (${b.swappedHex})`],
  ];
}
