import { formatIpv6Ntop } from '../address/ipv6';
import { MalformedMessage } from './name';
import type { RdataReader } from './rdata-reader';
import { alpnId, characterString } from './rdata-text';

/** SvcParamKeys dig names (RFC 9460 §14.3.2, as BIND 9.18 knows them); others are `keyNNNNN`. */
const KEYS = ['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint'];

function keyName(k: number): string {
  return KEYS[k] ?? `key${k}`;
}

function list(v: Buffer, size: number, key: string, item: (b: Buffer) => string): string {
  if (v.length % size !== 0) throw new MalformedMessage(`a ${key} SvcParam is not a whole number of ${size}-byte items`);
  const out: string[] = [];
  for (let i = 0; i < v.length; i += size) out.push(item(v.subarray(i, i + size)));
  return out.join(',');
}

function paramValue(key: number, v: Buffer): string {
  switch (key) {
    case 0:
      return list(v, 2, 'mandatory', b => keyName(b.readUInt16BE(0)));
    case 1: {
      const ids: string[] = [];
      for (let i = 0; i < v.length;) {
        const len = v[i] ?? 0;
        if (i + 1 + len > v.length) throw new MalformedMessage('an alpn SvcParam is cut short');
        ids.push(alpnId(v.subarray(i + 1, i + 1 + len)));
        i += 1 + len;
      }
      return `"${ids.join(',')}"`;
    }
    case 2:
      throw new MalformedMessage('a no-default-alpn SvcParam has a value');
    case 3:
      if (v.length !== 2) throw new MalformedMessage('a port SvcParam is not 2 bytes');
      return String(v.readUInt16BE(0));
    case 4:
      return list(v, 4, 'ipv4hint', b => Array.from(b).join('.'));
    case 5:
      return v.toString('base64');
    case 6:
      return list(v, 16, 'ipv6hint', formatIpv6Ntop);
    default:
      return characterString(v);
  }
}

/** Presentation form of SVCB/HTTPS rdata (RFC 9460): `priority target key=value …`, parameters in wire order. */
export function presentSvcb(r: RdataReader): string {
  const parts = [String(r.u16()), r.name()];
  while (r.remaining > 0) {
    const key = r.u16();
    const value = r.bytes(r.u16());
    parts.push(value.length === 0 ? keyName(key) : `${keyName(key)}=${paramValue(key, value)}`);
  }
  return parts.join(' ');
}
