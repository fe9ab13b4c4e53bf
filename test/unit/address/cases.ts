/** One tricky input and what it must read as; `invalid` rows must be rejected with the reason matching. */
export interface AddressCase {
  input: string;
  family?: 4 | 6;
  /** Canonical text of the address (what inet_aton/inet_pton and getaddrinfo give). */
  canonical?: string;
  /** For IPv4: what inet_pton reads (null: it rejects). */
  strict?: string | null;
  zone?: string;
  /** Part of the rejection reason. */
  invalid?: RegExp;
  /** Leave out of the getaddrinfo cross-check (the system reads it differently by design, e.g. brackets). */
  noSystem?: string;
}

export const CASES: AddressCase[] = [
  // Seed cases and plain dotted quads.
  { input: '192.0.2.244', family: 4, canonical: '192.0.2.244', strict: '192.0.2.244' },
  { input: '127.0.0.1', family: 4, canonical: '127.0.0.1', strict: '127.0.0.1' },
  { input: '0.0.0.0', family: 4, canonical: '0.0.0.0', strict: '0.0.0.0' },
  { input: '255.255.255.255', family: 4, canonical: '255.255.255.255', strict: '255.255.255.255' },
  { input: '10.0.0.255', family: 4, canonical: '10.0.0.255', strict: '10.0.0.255' },
  // Forms only inet_aton reads.
  { input: '127.1', family: 4, canonical: '127.0.0.1', strict: null },
  { input: '0127.0.0.1', family: 4, canonical: '87.0.0.1', strict: null },
  { input: '0177.0.0.1', family: 4, canonical: '127.0.0.1', strict: null },
  { input: '0xc000027b', family: 4, canonical: '192.0.2.123', strict: null },
  { input: '0XC000027B', family: 4, canonical: '192.0.2.123', strict: null },
  { input: '0x7f.1', family: 4, canonical: '127.0.0.1', strict: null },
  { input: '017700000001', family: 4, canonical: '127.0.0.1', strict: null },
  { input: '2130706433', family: 4, canonical: '127.0.0.1', strict: null },
  { input: '4294967295', family: 4, canonical: '255.255.255.255', strict: null },
  { input: '1.2.3', family: 4, canonical: '1.2.0.3', strict: null },
  { input: '1.2.65535', family: 4, canonical: '1.2.255.255', strict: null },
  { input: '1.16777215', family: 4, canonical: '1.255.255.255', strict: null },
  { input: '0', family: 4, canonical: '0.0.0.0', strict: null },
  { input: '00', family: 4, canonical: '0.0.0.0', strict: null },
  { input: '0x0', family: 4, canonical: '0.0.0.0', strict: null },
  { input: '0377.0377.0377.0377', family: 4, canonical: '255.255.255.255', strict: null },
  { input: '010.0.0.1', family: 4, canonical: '8.0.0.1', strict: null },
  { input: '192.168.0x1.1', family: 4, canonical: '192.168.1.1', strict: null },
  { input: '00000000000000000001', family: 4, canonical: '0.0.0.1', strict: null },
  { input: '0x0000000000001', family: 4, canonical: '0.0.0.1', strict: null },
  // IPv4 that nothing accepts.
  { input: '10.0.0.256', invalid: /256, more than 255/ },
  { input: '1.2.3.4.5', invalid: /5 parts/ },
  { input: '1..2', invalid: /empty part/ },
  { input: '.1.2.3', invalid: /empty part/ },
  { input: '1.2.3.4.', invalid: /5 parts|empty part/ },
  { input: '0x', invalid: /no hex digits/ },
  { input: '0x.1', invalid: /no hex digits/ },
  { input: '08', invalid: /octal/ },
  { input: '1.2.3.08', invalid: /octal.*1\.2\.3\.8/ },
  { input: '0400.0.0.0', invalid: /256, more than 255/ },
  { input: '4294967296', invalid: /larger than 32 bits/ },
  { input: '0x100000000', invalid: /larger than 32 bits|more than 4294967295/ },
  { input: '1.2.65536', invalid: /more than 65535/ },
  { input: '256.1', invalid: /256, more than 255/ },
  { input: '+1.2.3.4', invalid: /not an IP address/ },
  { input: '1.2.3.-4', invalid: /not an IP address/ },
  { input: '1e1', invalid: /not a decimal, octal/ },
  { input: '127.0.0.1%lo', invalid: /only IPv6 addresses have a zone/ },
  // IPv6 and RFC 5952 canonical text.
  { input: '2001:db8:f00d::1:d', family: 6, canonical: '2001:db8:f00d::1:d' },
  { input: '2001:DB8:0:0:0:0:0:1', family: 6, canonical: '2001:db8::1' },
  { input: '2001:0db8:0000:0000:0001:0000:0000:0001', family: 6, canonical: '2001:db8::1:0:0:1' },
  { input: '2001:db8:0:0:1:0:0:1', family: 6, canonical: '2001:db8::1:0:0:1' },
  { input: '2001:db8:0:1:1:1:1:1', family: 6, canonical: '2001:db8:0:1:1:1:1:1' },
  { input: '2001:0:0:1:0:0:0:1', family: 6, canonical: '2001:0:0:1::1' },
  { input: '1:0:0:2:0:0:0:3', family: 6, canonical: '1:0:0:2::3' },
  { input: '2001:db8::0:1', family: 6, canonical: '2001:db8::1' },
  { input: '1:2:3:4:5:6:7::', family: 6, canonical: '1:2:3:4:5:6:7:0' },
  { input: '::2:3:4:5:6:7:8', family: 6, canonical: '0:2:3:4:5:6:7:8' },
  { input: '0:0:0:0:0:0:0:0', family: 6, canonical: '::' },
  { input: '::', family: 6, canonical: '::' },
  { input: '::1', family: 6, canonical: '::1' },
  { input: 'FE80::ABCD:0:0:1', family: 6, canonical: 'fe80::abcd:0:0:1' },
  { input: '[::1]', family: 6, canonical: '::1', noSystem: 'brackets are URL syntax, not getaddrinfo input' },
  // Embedded IPv4.
  { input: '::ffff:192.0.2.128', family: 6, canonical: '::ffff:192.0.2.128' },
  { input: '::FFFF:192.0.2.128', family: 6, canonical: '::ffff:192.0.2.128' },
  { input: '::ffff:c000:280', family: 6, canonical: '::ffff:192.0.2.128' },
  { input: '::1.2.3.4', family: 6, canonical: '::102:304' },
  { input: '64:ff9b::192.0.2.33', family: 6, canonical: '64:ff9b::c000:221' },
  { input: '2002:c000:0204::1', family: 6, canonical: '2002:c000:204::1' },
  // Zones.
  { input: 'fe80::1%lo', family: 6, canonical: 'fe80::1', zone: 'lo' },
  { input: 'fe80::1%1', family: 6, canonical: 'fe80::1', zone: '1' },
  { input: 'FE80::1%lo', family: 6, canonical: 'fe80::1', zone: 'lo' },
  // IPv6 that nothing accepts.
  { input: '1::2::3', invalid: /only once/ },
  { input: ':::', invalid: /":::"|only once/ },
  { input: '::ffff:1.2.3', invalid: /not a strict dotted quad/ },
  { input: '::ffff:0127.0.0.1', invalid: /not a strict dotted quad/ },
  { input: '1:2:3:4:5:6:7:8:9', invalid: /9 groups/ },
  { input: '1:2:3:4:5:6:7', invalid: /7 groups/ },
  { input: 'fe80::1%', invalid: /zone after "%" is empty/ },
  { input: '12345::1', invalid: /more than 4 hex digits/ },
  { input: '::g', invalid: /not hexadecimal/ },
  { input: ':1::2', invalid: /empty/ },
  { input: '1::2:', invalid: /empty/ },
  { input: '1:2:3:4:5:6:7:8::', invalid: /at least one zero group/ },
  { input: '1:2:3:4::5:6:7:8', invalid: /at least one zero group/ },
  { input: '::1.2.3.4:5', invalid: /only as the last 32 bits/ },
  { input: '1.2.3.4::', invalid: /only as the last 32 bits/ },
];
