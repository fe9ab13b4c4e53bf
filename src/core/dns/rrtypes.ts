import { NetProbeError } from '../errors';

/**
 * Record types by mnemonic: every type `dig` (BIND 9.18) names, so type columns, RRSIG "type covered" and
 * NSEC bitmaps read as dig prints them; others are `TYPEnnn` (RFC 3597).
 */
const TYPES: Record<string, number> = {
  A: 1,
  NS: 2,
  MD: 3,
  MF: 4,
  CNAME: 5,
  SOA: 6,
  MB: 7,
  MG: 8,
  MR: 9,
  NULL: 10,
  WKS: 11,
  PTR: 12,
  HINFO: 13,
  MINFO: 14,
  MX: 15,
  TXT: 16,
  RP: 17,
  AFSDB: 18,
  X25: 19,
  ISDN: 20,
  RT: 21,
  NSAP: 22,
  'NSAP-PTR': 23,
  SIG: 24,
  KEY: 25,
  PX: 26,
  GPOS: 27,
  AAAA: 28,
  LOC: 29,
  NXT: 30,
  EID: 31,
  NIMLOC: 32,
  SRV: 33,
  ATMA: 34,
  NAPTR: 35,
  KX: 36,
  CERT: 37,
  A6: 38,
  DNAME: 39,
  SINK: 40,
  OPT: 41,
  APL: 42,
  DS: 43,
  SSHFP: 44,
  IPSECKEY: 45,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  DHCID: 49,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52,
  SMIMEA: 53,
  HIP: 55,
  NINFO: 56,
  RKEY: 57,
  TALINK: 58,
  CDS: 59,
  CDNSKEY: 60,
  OPENPGPKEY: 61,
  CSYNC: 62,
  ZONEMD: 63,
  SVCB: 64,
  HTTPS: 65,
  DSYNC: 66,
  HHIT: 67,
  BRID: 68,
  SPF: 99,
  UINFO: 100,
  UID: 101,
  GID: 102,
  UNSPEC: 103,
  NID: 104,
  L32: 105,
  L64: 106,
  LP: 107,
  EUI48: 108,
  EUI64: 109,
  TKEY: 249,
  TSIG: 250,
  IXFR: 251,
  AXFR: 252,
  MAILB: 253,
  MAILA: 254,
  ANY: 255,
  URI: 256,
  CAA: 257,
  AVC: 258,
  DOA: 259,
  AMTRELAY: 260,
  RESINFO: 261,
  WALLET: 262,
  TA: 32768,
  DLV: 32769,
  KEYDATA: 65533,
};

const NAMES = new Map<number, string>(Object.entries(TYPES).map(([k, v]) => [v, k]));

/** The record types a lookup offers first, most common first. */
export const COMMON_RECORD_TYPES = [
  'A',
  'AAAA',
  'CNAME',
  'MX',
  'NS',
  'TXT',
  'SOA',
  'SRV',
  'PTR',
  'CAA',
  'HTTPS',
  'SVCB',
  'DS',
  'DNSKEY',
  'RRSIG',
  'NSEC',
  'NSEC3',
  'TLSA',
  'SSHFP',
  'NAPTR',
  'ANY',
] as const;

/** Mnemonic of a type code (`TYPE65280` for one without a name, RFC 3597). */
export function typeName(code: number): string {
  return NAMES.get(code) ?? `TYPE${code}`;
}

/** Type code of a mnemonic or `TYPEnnn` (case-insensitive). Throws `invalid-input` for an unknown type. */
export function typeCode(name: string): number {
  const upper = name.trim().toUpperCase();
  const known = TYPES[upper];
  if (known !== undefined) return known;
  const m = /^TYPE([0-9]{1,5})$/.exec(upper);
  if (m && Number(m[1]) <= 65535) return Number(m[1]);
  throw new NetProbeError('invalid-input', `"${name}" is not a DNS record type (use a name such as A, MX, TXT, or TYPE65280).`);
}

/** True when `name` is a record type NetProbe accepts. */
export function isRecordType(name: string): boolean {
  try {
    typeCode(name);
    return true;
  } catch {
    return false;
  }
}

/** Classes by mnemonic. */
const CLASSES: Record<string, number> = { IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 };
const CLASS_NAMES = new Map<number, string>(Object.entries(CLASSES).map(([k, v]) => [v, k]));

/** Mnemonic of a class code (`CLASS42` without a name). */
export function className(code: number): string {
  return CLASS_NAMES.get(code) ?? `CLASS${code}`;
}

/** Class code of `IN`, `CH`, `HS` or `CLASSnnn`. */
export function classCode(name: string): number {
  const upper = name.trim().toUpperCase();
  const known = CLASSES[upper];
  if (known !== undefined) return known;
  const m = /^CLASS([0-9]{1,5})$/.exec(upper);
  if (m && Number(m[1]) <= 65535) return Number(m[1]);
  throw new NetProbeError('invalid-input', `"${name}" is not a DNS class (use IN, CH or HS).`);
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE', 'DSOTYPENI'];
const EXT_RCODES: Record<number, string> = {
  16: 'BADVERS',
  17: 'BADKEY',
  18: 'BADTIME',
  19: 'BADMODE',
  20: 'BADNAME',
  21: 'BADALG',
  22: 'BADTRUNC',
  23: 'BADCOOKIE',
};

/** Mnemonic of a (possibly extended, 12-bit) response code. */
export function rcodeName(code: number): string {
  return RCODES[code] ?? EXT_RCODES[code] ?? `RCODE${code}`;
}

const OPTION_NAMES: Record<number, string> = {
  3: 'NSID',
  5: 'DAU',
  6: 'DHU',
  7: 'N3U',
  8: 'CLIENT-SUBNET',
  9: 'EXPIRE',
  10: 'COOKIE',
  11: 'TCP-KEEPALIVE',
  12: 'PADDING',
  13: 'CHAIN',
  14: 'KEY-TAG',
  15: 'EDE',
  18: 'REPORT-CHANNEL',
  19: 'ZONEVERSION',
};

/** Mnemonic of an EDNS option code. */
export function ednsOptionName(code: number): string {
  return OPTION_NAMES[code] ?? `OPT${code}`;
}
