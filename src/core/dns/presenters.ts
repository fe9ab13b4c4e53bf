import { formatIpv6Ntop } from '../address/ipv6';
import { presentLoc } from './loc';
import type { RdataReader } from './rdata-reader';
import { base32hex, base64Words, characterString, dnssecTime, hexWords, typeBitmap } from './rdata-text';
import { typeName } from './rrtypes';
import { presentSvcb } from './svcb';

/**
 * Presents one record's data from a reader over its bytes, exactly as `dig +short` (BIND 9.18) prints it, or
 * returns undefined where dig falls back to the RFC 3597 form (an IPSECKEY gateway type or APL family it does not
 * know, a LOC version other than 0). Throws MalformedMessage when the data does not fit the type.
 */
export type Presenter = (r: RdataReader) => string | undefined;

/** CERT types (RFC 4398 §2.1) by number, as dig names them. */
const CERT_TYPES: Record<number, string> = {
  1: 'PKIX',
  2: 'SPKI',
  3: 'PGP',
  4: 'IPKIX',
  5: 'ISPKI',
  6: 'IPGP',
  7: 'ACPKIX',
  8: 'IACPKIX',
  253: 'URI',
  254: 'OID',
};

/** DNSSEC algorithm mnemonics (RFC 4034 App. A.1 and successors) as dig prints them in CERT records. */
const DNSSEC_ALGORITHMS: Record<number, string> = {
  1: 'RSAMD5',
  2: 'DH',
  3: 'DSA',
  5: 'RSASHA1',
  6: 'NSEC3DSA',
  7: 'NSEC3RSASHA1',
  8: 'RSASHA256',
  10: 'RSASHA512',
  12: 'ECCGOST',
  13: 'ECDSAP256SHA256',
  14: 'ECDSAP384SHA384',
  15: 'ED25519',
  16: 'ED448',
  252: 'INDIRECT',
  253: 'PRIVATEDNS',
  254: 'PRIVATEOID',
};

const name: Presenter = r => r.name();
const twoNames: Presenter = r => `${r.name()} ${r.name()}`;
const preferenceAndName: Presenter = r => `${r.u16()} ${r.name()}`;
const quoted = (r: RdataReader): string => characterString(r.string());
const strings: Presenter = r => {
  const out: string[] = [];
  while (r.remaining > 0) out.push(quoted(r));
  return out.join(' ');
};
/** Numbers then hex in dig's words (DS, CDS, TA, DLV, TLSA, SMIMEA, SSHFP): no trailing space when the hex is empty. */
const numbersThenHex =
  (fields: Array<'u8' | 'u16'>): Presenter =>
  r => {
    const nums = fields.map(f => String(f === 'u8' ? r.u8() : r.u16()));
    const rest = r.rest();
    return rest.length ? `${nums.join(' ')} ${hexWords(rest)}` : nums.join(' ');
  };
const ds = numbersThenHex(['u16', 'u8', 'u8']);
const tlsa = numbersThenHex(['u8', 'u8', 'u8']);
/** DNSKEY, CDNSKEY, RKEY, and KEY (whose flags may say "no key": then only the three numbers). */
const key =
  (noKeyFlag: boolean): Presenter =>
  r => {
    const flags = r.u16();
    const head = `${flags} ${r.u8()} ${r.u8()}`;
    if (noKeyFlag && (flags & 0xc000) === 0xc000) return head;
    return `${head} ${base64Words(r.rest())}`;
  };
/** RRSIG and SIG: SIG writes a covered type dig has no name for as a bare number. */
const signature =
  (numericUnknown: boolean): Presenter =>
  r => {
    const code = r.u16();
    const covered = numericUnknown && (code === 0 || typeName(code) === `TYPE${code}`) ? String(code) : typeName(code);
    const head = `${covered} ${r.u8()} ${r.u8()} ${r.u32()}`;
    return `${head} ${dnssecTime(r.u32())} ${dnssecTime(r.u32())} ${r.u16()} ${r.name()} ${base64Words(r.rest())}`;
  };
const salt = (r: RdataReader): string => {
  const s = r.string();
  return s.length ? hexWords(s, 0) : '-';
};
const withTypes = (head: string, r: RdataReader): string => {
  const types = typeBitmap(r.rest());
  return types ? `${head} ${types}` : head;
};
/** NID and L64: a preference and 64 bits as four hex groups. */
const locator64: Presenter = r => {
  const pref = r.u16();
  return `${pref} ${[r.u16(), r.u16(), r.u16(), r.u16()].map(g => g.toString(16)).join(':')}`;
};
const eui =
  (bytes: number): Presenter =>
  r =>
    [...r.bytes(bytes)].map(b => b.toString(16).padStart(2, '0')).join('-');

/** IPSECKEY (RFC 4025): precedence, gateway type, algorithm, gateway, then the key if any. */
const ipseckey: Presenter = r => {
  const precedence = r.u8();
  const gatewayType = r.u8();
  const algorithm = r.u8();
  let gateway: string;
  if (gatewayType === 0) gateway = '.';
  else if (gatewayType === 1) gateway = Array.from(r.bytes(4)).join('.');
  else if (gatewayType === 2) gateway = formatIpv6Ntop(r.bytes(16));
  else if (gatewayType === 3) gateway = r.name();
  else return undefined;
  const keyBytes = r.rest();
  return `${precedence} ${gatewayType} ${algorithm} ${gateway}${keyBytes.length ? ` ${base64Words(keyBytes)}` : ''}`;
};

/** APL (RFC 3123): `[!]family:address/prefix` items; a family other than IPv4 and IPv6 leaves the RFC 3597 form. */
const apl: Presenter = r => {
  const items: string[] = [];
  while (r.remaining > 0) {
    const family = r.u16();
    const prefix = r.u8();
    const lenByte = r.u8();
    const data = r.bytes(lenByte & 0x7f);
    const size = family === 1 ? 4 : family === 2 ? 16 : 0;
    if (size === 0 || data.length > size) return undefined;
    const full = Buffer.alloc(size);
    data.copy(full);
    items.push(`${lenByte & 0x80 ? '!' : ''}${family}:${size === 4 ? Array.from(full).join('.') : formatIpv6Ntop(full)}/${prefix}`);
  }
  return items.join(' ');
};

/** HIP (RFC 8005): algorithm, HIT in hex, public key in base64, rendezvous servers. */
const hip: Presenter = r => {
  const hitLength = r.u8();
  const algorithm = r.u8();
  const keyLength = r.u16();
  const hit = hexWords(r.bytes(hitLength), 0);
  const publicKey = r.bytes(keyLength).toString('base64');
  const servers: string[] = [];
  while (r.remaining > 0) servers.push(r.name());
  return [String(algorithm), hit, publicKey, ...servers].join(' ');
};

/** Presenters by type code: the class-independent types, and the class IN ones (see {@link IN_ONLY}). */
export const PRESENTERS: Record<number, Presenter> = {
  1: r => {
    if (r.remaining < 4) r.bytes(4); // throws the length error
    return `${r.u8()}.${r.u8()}.${r.u8()}.${r.u8()}`;
  },
  2: name,
  3: name,
  4: name,
  5: name,
  7: name,
  8: name,
  9: name,
  12: name,
  39: name,
  6: r => `${r.name()} ${r.name()} ${r.u32()} ${r.u32()} ${r.u32()} ${r.u32()} ${r.u32()}`,
  13: r => `${quoted(r)} ${quoted(r)}`,
  14: twoNames,
  17: twoNames,
  58: twoNames,
  15: preferenceAndName,
  18: preferenceAndName,
  21: preferenceAndName,
  36: preferenceAndName,
  107: preferenceAndName,
  16: strings,
  99: strings,
  56: strings,
  258: strings,
  261: strings,
  262: strings,
  19: quoted,
  20: r => {
    const address = quoted(r);
    return r.remaining > 0 ? `${address} ${quoted(r)}` : address;
  },
  24: signature(true),
  25: key(true),
  26: r => `${r.u16()} ${r.name()} ${r.name()}`,
  27: r => `${quoted(r)} ${quoted(r)} ${quoted(r)}`,
  28: r => formatIpv6Ntop(r.bytes(16)),
  29: r => presentLoc(r.rest()),
  33: r => `${r.u16()} ${r.u16()} ${r.u16()} ${r.name()}`,
  35: r => `${r.u16()} ${r.u16()} ${quoted(r)} ${quoted(r)} ${quoted(r)} ${r.name()}`,
  37: r => {
    const type = r.u16();
    const tag = r.u16();
    const alg = r.u8();
    return `${CERT_TYPES[type] ?? type} ${tag} ${DNSSEC_ALGORITHMS[alg] ?? alg} ${base64Words(r.rest())}`;
  },
  42: apl,
  43: ds,
  59: ds,
  32768: ds,
  32769: ds,
  44: numbersThenHex(['u8', 'u8']),
  45: ipseckey,
  46: signature(false),
  47: r => withTypes(r.name(), r),
  48: key(false),
  57: key(false),
  60: key(false),
  49: r => base64Words(r.rest()),
  50: r => {
    const head = `${r.u8()} ${r.u8()} ${r.u16()} ${salt(r)}`;
    return withTypes(`${head} ${base32hex(r.string())}`, r);
  },
  51: r => `${r.u8()} ${r.u8()} ${r.u16()} ${salt(r)}`,
  52: tlsa,
  53: tlsa,
  55: hip,
  61: r => base64Words(r.rest()),
  62: r => withTypes(`${r.u32()} ${r.u16()}`, r),
  63: r => {
    const head = `${r.u32()} ${r.u8()} ${r.u8()}`;
    const digest = r.rest();
    return digest.length ? `${head} ${hexWords(digest)}` : head;
  },
  64: presentSvcb,
  65: presentSvcb,
  104: locator64,
  106: locator64,
  105: r => `${r.u16()} ${Array.from(r.bytes(4)).join('.')}`,
  108: eui(6),
  109: eui(8),
  256: r => `${r.u16()} ${r.u16()} ${characterString(r.rest())}`,
  257: r => {
    const flags = r.u8();
    const tag = r.string();
    return `${flags} ${characterString(tag, false)} ${characterString(r.rest())}`;
  },
};

/**
 * Types whose format BIND defines for class IN only (A also for HS; A in CH is a Chaosnet address): in other
 * classes dig shows them in RFC 3597 form.
 */
export const IN_ONLY = new Set([1, 26, 28, 33, 36, 42, 49, 64, 65]);
