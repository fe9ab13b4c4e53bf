import { formatIpv6Ntop } from '../address/ipv6';
import { presentLoc } from './loc';
import { MalformedMessage } from './name';
import { RdataReader } from './rdata-reader';
import { base32hex, base64Words, characterString, dnssecTime, genericRdata, hexWords, typeBitmap } from './rdata-text';
import { typeName } from './rrtypes';
import { presentSvcb } from './svcb';

export { characterString, genericRdata } from './rdata-text';

/** A character-string in presentation form: quoted, `"` and `\` escaped, other bytes outside 0x20–0x7e as `\DDD`. */
export function quoteText(bytes: Uint8Array): string {
  return characterString(bytes);
}

/** CERT types (RFC 4398 §2.1) by number, as dig names them. */
const CERT_TYPES: Record<number, string> = {
  1: 'PKIX', 2: 'SPKI', 3: 'PGP', 4: 'IPKIX', 5: 'ISPKI', 6: 'IPGP', 7: 'ACPKIX', 8: 'IACPKIX', 253: 'URI', 254: 'OID',
};

/** DNSSEC algorithm mnemonics (RFC 4034 App. A.1 and successors) as dig prints them in CERT records. */
const DNSSEC_ALGORITHMS: Record<number, string> = {
  1: 'RSAMD5', 2: 'DH', 3: 'DSA', 5: 'RSASHA1', 6: 'NSEC3DSA', 7: 'NSEC3RSASHA1', 8: 'RSASHA256', 10: 'RSASHA512',
  12: 'ECCGOST', 13: 'ECDSAP256SHA256', 14: 'ECDSAP384SHA384', 15: 'ED25519', 16: 'ED448', 252: 'INDIRECT',
  253: 'PRIVATEDNS', 254: 'PRIVATEOID',
};

type Presenter = (r: RdataReader) => string;

const name: Presenter = r => r.name();
const preferenceAndName: Presenter = r => `${r.u16()} ${r.name()}`;
const strings: Presenter = r => {
  const out: string[] = [];
  while (r.remaining > 0) out.push(characterString(r.string()));
  return out.join(' ');
};
/** Numbers then hex in dig's words (DS, CDS, TLSA, SMIMEA, SSHFP): no trailing space when the hex is empty. */
const numbersThenHex = (fields: Array<'u8' | 'u16'>): Presenter => r => {
  const nums = fields.map(f => String(f === 'u8' ? r.u8() : r.u16()));
  const rest = r.rest();
  return rest.length ? `${nums.join(' ')} ${hexWords(rest)}` : nums.join(' ');
};
const dnskey: Presenter = r => `${r.u16()} ${r.u8()} ${r.u8()} ${base64Words(r.rest())}`;
const salt = (r: RdataReader): string => {
  const s = r.string();
  return s.length ? hexWords(s, 0) : '-';
};

/** Presenters for the record types NetProbe shows like dig (class IN, or class-independent types). */
const PRESENTERS: Record<number, Presenter> = {
  1: r => Array.from(r.bytes(4)).join('.'),
  2: name, 5: name, 12: name, 39: name,
  6: r => `${r.name()} ${r.name()} ${r.u32()} ${r.u32()} ${r.u32()} ${r.u32()} ${r.u32()}`,
  13: r => `${characterString(r.string())} ${characterString(r.string())}`,
  15: preferenceAndName,
  16: strings, 99: strings,
  17: r => `${r.name()} ${r.name()}`,
  18: preferenceAndName,
  28: r => formatIpv6Ntop(r.bytes(16)),
  33: r => `${r.u16()} ${r.u16()} ${r.u16()} ${r.name()}`,
  35: r => `${r.u16()} ${r.u16()} ${characterString(r.string())} ${characterString(r.string())} ${characterString(r.string())} ${r.name()}`,
  37: r => {
    const type = r.u16();
    const tag = r.u16();
    const alg = r.u8();
    return `${CERT_TYPES[type] ?? type} ${tag} ${DNSSEC_ALGORITHMS[alg] ?? alg} ${base64Words(r.rest())}`;
  },
  43: numbersThenHex(['u16', 'u8', 'u8']), 59: numbersThenHex(['u16', 'u8', 'u8']),
  44: numbersThenHex(['u8', 'u8']),
  46: r => {
    const covered = typeName(r.u16());
    const head = `${covered} ${r.u8()} ${r.u8()} ${r.u32()}`;
    return `${head} ${dnssecTime(r.u32())} ${dnssecTime(r.u32())} ${r.u16()} ${r.name()} ${base64Words(r.rest())}`;
  },
  47: r => {
    const next = r.name();
    const types = typeBitmap(r.rest());
    return types ? `${next} ${types}` : next;
  },
  48: dnskey, 60: dnskey,
  50: r => {
    const head = `${r.u8()} ${r.u8()} ${r.u16()} ${salt(r)}`;
    const next = base32hex(r.string());
    const types = typeBitmap(r.rest());
    return types ? `${head} ${next} ${types}` : `${head} ${next}`;
  },
  51: r => `${r.u8()} ${r.u8()} ${r.u16()} ${salt(r)}`,
  52: numbersThenHex(['u8', 'u8', 'u8']), 53: numbersThenHex(['u8', 'u8', 'u8']),
  61: r => base64Words(r.rest()),
  63: r => {
    const head = `${r.u32()} ${r.u8()} ${r.u8()}`;
    const digest = r.rest();
    return digest.length ? `${head} ${hexWords(digest)}` : head;
  },
  64: presentSvcb, 65: presentSvcb,
  256: r => `${r.u16()} ${r.u16()} ${characterString(r.rest())}`,
  257: r => {
    const flags = r.u8();
    const tag = r.string();
    return `${flags} ${characterString(tag, false)} ${characterString(r.rest())}`;
  },
};

/** Types whose format BIND defines for class IN only (and A for HS): in other classes dig shows them in RFC 3597 form. */
const IN_ONLY = new Set([1, 28, 33, 64, 65]);

/**
 * Presentation form of one record's data, built from its bytes exactly as `dig +short` prints it (names and
 * character-strings byte for byte with `\DDD` escapes, never decoded as UTF-8). Types without a presenter are
 * in RFC 3597 form (`\# LEN HEX`). `buf` is the whole message (names in rdata may be compressed); `klass`
 * the record's class (default IN). Throws MalformedMessage when the data does not fit its type.
 */
export function presentRdata(buf: Buffer, type: number, start: number, length: number, klass = 1): string {
  const r = new RdataReader(buf, start, length, typeName(type));
  const generic = (): string => genericRdata(buf.subarray(start, start + length));
  if (type === 29) return presentLoc(buf.subarray(start, start + length)) ?? generic();
  if (klass === 3 && type === 1) {
    const text = `${r.name()} ${r.u16().toString(8)}`;
    r.done();
    return text;
  }
  const inOnly = klass !== 1 && IN_ONLY.has(type) && !(klass === 4 && type === 1);
  const presenter = inOnly ? undefined : PRESENTERS[type];
  if (!presenter) return generic();
  if (length === 0 && type !== 16 && type !== 99) throw new MalformedMessage(`a ${typeName(type)} record has no data`);
  const text = presenter(r);
  r.done();
  return text;
}
