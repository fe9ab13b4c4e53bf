import type { RdataDecoder } from './codecs';
import { codecs, decodeWith } from './codecs';
import { MalformedMessage, absoluteName, decodeName } from './name';
import { typeName } from './rrtypes';
import { presentSvcb } from './svcb';

/** A character-string in presentation form: quoted, `"` and `\` escaped, non-printable bytes as `\DDD`. */
export function quoteText(bytes: Buffer): string {
  let s = '"';
  for (const c of bytes) {
    if (c === 0x22 || c === 0x5c) s += `\\${String.fromCharCode(c)}`;
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += `\\${String(c).padStart(3, '0')}`;
  }
  return `${s}"`;
}

function hexUpper(b: Buffer): string {
  return b.toString('hex').toUpperCase();
}

/** RFC 3597 generic form: `\# LENGTH HEX`. */
export function genericRdata(buf: Buffer, start: number, length: number): string {
  return length === 0 ? '\\# 0' : `\\# ${length} ${hexUpper(buf.subarray(start, start + length))}`;
}

/** DNSSEC timestamps as YYYYMMDDHHmmSS (RFC 4034 §3.2). */
function sigTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

const B32HEX = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

/** Base32hex without padding (NSEC3 next hashed owner name). */
function base32hex(b: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32HEX[(value >>> (bits - 5)) & 31] ?? '';
      bits -= 5;
    }
  }
  if (bits > 0) out += B32HEX[(value << (5 - bits)) & 31] ?? '';
  return out;
}

/** dns-packet names unknown types `UNKNOWN_n`; present them as `TYPEn`. */
function typeList(types: string[]): string {
  return types.map(t => (t.startsWith('UNKNOWN_') ? typeName(Number(t.slice(8))) : t)).join(' ');
}

function need<T>(value: T | undefined, type: string): T {
  if (value === undefined) throw new MalformedMessage(`a ${type} record's data does not match its length`);
  return value;
}

function nameIn(buf: Buffer, start: number, length: number, type: string): string {
  const { name, end } = decodeName(buf, start);
  if (end !== start + length) throw new MalformedMessage(`a ${type} record's data does not match its length`);
  return name;
}

/** Presentation form of one record's data, as `dig +short` prints it; unknown types in RFC 3597 form. */
export function presentRdata(buf: Buffer, type: number, start: number, length: number): string {
  const bounded = buf.subarray(0, start + length);
  const d = <T>(codec: RdataDecoder<T>): T => need(decodeWith(codec, bounded, start, length), typeName(type));
  switch (type) {
    case 1:
      if (length !== 4) throw new MalformedMessage('an A record is not 4 bytes');
      return d(codecs.a);
    case 28:
      if (length !== 16) throw new MalformedMessage('an AAAA record is not 16 bytes');
      return d(codecs.aaaa);
    case 2: case 5: case 12: case 39:
      return nameIn(bounded, start, length, typeName(type));
    case 16: case 99:
      return d(codecs.txt).map(quoteText).join(' ');
    case 6: {
      const s = d(codecs.soa);
      return `${absoluteName(s.mname)} ${absoluteName(s.rname)} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
    }
    case 15: {
      const m = d(codecs.mx);
      return `${m.preference} ${absoluteName(m.exchange)}`;
    }
    case 33: {
      const s = d(codecs.srv);
      return `${s.priority} ${s.weight} ${s.port} ${absoluteName(s.target)}`;
    }
    case 35: {
      const n = d(codecs.naptr);
      return `${n.order} ${n.preference} ${quoteText(Buffer.from(n.flags))} ${quoteText(Buffer.from(n.services))} ${quoteText(Buffer.from(n.regexp))} ${absoluteName(n.replacement)}`;
    }
    case 48: case 60: {
      const k = d(codecs.dnskey);
      return `${k.flags} 3 ${k.algorithm} ${k.key.toString('base64')}`;
    }
    case 46: {
      const r = d(codecs.rrsig);
      return `${r.typeCovered.startsWith('UNKNOWN_') ? typeName(Number(r.typeCovered.slice(8))) : r.typeCovered} ${r.algorithm} ${r.labels} ${r.originalTTL} ${sigTime(r.expiration)} ${sigTime(r.inception)} ${r.keyTag} ${absoluteName(r.signersName)} ${r.signature.toString('base64')}`;
    }
    case 47: {
      const n = d(codecs.nsec);
      return `${absoluteName(n.nextDomain)} ${typeList(n.rrtypes)}`.trimEnd();
    }
    case 50: {
      const n = d(codecs.nsec3);
      const salt = n.salt.length ? hexUpper(n.salt) : '-';
      return `${n.algorithm} ${n.flags} ${n.iterations} ${salt} ${base32hex(n.nextDomain)} ${typeList(n.rrtypes)}`.trimEnd();
    }
    case 51: {
      if (length < 5 || 5 + (buf[start + 4] ?? 0) !== length) throw new MalformedMessage('an NSEC3PARAM record does not match its length');
      const salt = buf.subarray(start + 5, start + length);
      return `${buf[start]} ${buf[start + 1]} ${buf.readUInt16BE(start + 2)} ${salt.length ? hexUpper(salt) : '-'}`;
    }
    case 256:
      if (length < 4) throw new MalformedMessage('a URI record is too short');
      return `${buf.readUInt16BE(start)} ${buf.readUInt16BE(start + 2)} ${quoteText(buf.subarray(start + 4, start + length))}`;
    case 43: case 59: {
      const s = d(codecs.ds);
      return `${s.keyTag} ${s.algorithm} ${s.digestType} ${hexUpper(s.digest)}`;
    }
    case 52: case 53: {
      const t = d(codecs.tlsa);
      return `${t.usage} ${t.selector} ${t.matchingType} ${hexUpper(t.certificate)}`;
    }
    case 44: {
      if (length < 2) throw new MalformedMessage('an SSHFP record is too short');
      return `${buf[start]} ${buf[start + 1]} ${hexUpper(buf.subarray(start + 2, start + length))}`;
    }
    case 257: {
      if (length < 2) throw new MalformedMessage('a CAA record is too short');
      const tagLen = buf[start + 1] ?? 0;
      if (2 + tagLen > length) throw new MalformedMessage('a CAA tag runs past its record');
      const tag = buf.subarray(start + 2, start + 2 + tagLen).toString('latin1');
      return `${buf[start]} ${tag} ${quoteText(buf.subarray(start + 2 + tagLen, start + length))}`;
    }
    case 13: {
      const h = d(codecs.hinfo);
      return `${quoteText(Buffer.from(h.cpu))} ${quoteText(Buffer.from(h.os))}`;
    }
    case 17: {
      const r = d(codecs.rp);
      return `${absoluteName(r.mbox)} ${absoluteName(r.txt)}`;
    }
    case 64: case 65:
      return presentSvcb(buf, start, length);
    default:
      return genericRdata(buf, start, length);
  }
}
