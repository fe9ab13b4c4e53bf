import { formatIpv6 } from '../address/ipv6';
import { MalformedMessage, decodeName } from './name';

const KEYS = ['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint', 'dohpath', 'ohttp'];

function keyName(k: number): string {
  return KEYS[k] ?? `key${k}`;
}

/** Quotes a value for SvcParam presentation, escaping `"`, `\`, `,` where needed and non-printables. */
function quoted(bytes: Buffer, escapeCommas = false): string {
  let s = '';
  for (const c of bytes) {
    if (c === 0x22 || c === 0x5c || (escapeCommas && c === 0x2c)) s += `\\${escapeCommas && c === 0x2c ? '\\' : ''}${String.fromCharCode(c)}`;
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += `\\${String(c).padStart(3, '0')}`;
  }
  return s;
}

function paramValue(key: number, v: Buffer): string {
  switch (key) {
    case 0: {
      const keys: string[] = [];
      for (let i = 0; i + 1 < v.length; i += 2) keys.push(keyName(v.readUInt16BE(i)));
      return keys.join(',');
    }
    case 1: {
      const ids: string[] = [];
      for (let i = 0; i < v.length;) {
        const len = v[i] ?? 0;
        if (i + 1 + len > v.length) throw new MalformedMessage('an alpn SvcParam is cut short');
        ids.push(quoted(v.subarray(i + 1, i + 1 + len), true));
        i += 1 + len;
      }
      return `"${ids.join(',')}"`;
    }
    case 3:
      if (v.length !== 2) throw new MalformedMessage('a port SvcParam is not 2 bytes');
      return String(v.readUInt16BE(0));
    case 4: {
      const a: string[] = [];
      for (let i = 0; i + 3 < v.length; i += 4) a.push(`${v[i]}.${v[i + 1]}.${v[i + 2]}.${v[i + 3]}`);
      return a.join(',');
    }
    case 5:
      return v.toString('base64');
    case 6: {
      const a: string[] = [];
      for (let i = 0; i + 15 < v.length; i += 16) a.push(formatIpv6(v.subarray(i, i + 16)));
      return a.join(',');
    }
    default:
      return `"${quoted(v)}"`;
  }
}

/** Presentation form of SVCB/HTTPS rdata (RFC 9460): `priority target key=value …`. */
export function presentSvcb(buf: Buffer, start: number, length: number): string {
  const end = start + length;
  if (length < 3) throw new MalformedMessage('SVCB/HTTPS data is too short');
  const priority = buf.readUInt16BE(start);
  const target = decodeName(buf.subarray(0, end), start + 2);
  const parts = [String(priority), target.name];
  let pos = target.end;
  while (pos < end) {
    if (pos + 4 > end) throw new MalformedMessage('a SvcParam header is cut short');
    const key = buf.readUInt16BE(pos);
    const len = buf.readUInt16BE(pos + 2);
    if (pos + 4 + len > end) throw new MalformedMessage('a SvcParam value is cut short');
    const value = buf.subarray(pos + 4, pos + 4 + len);
    parts.push(key === 2 && len === 0 ? 'no-default-alpn' : `${keyName(key)}=${paramValue(key, value)}`);
    pos += 4 + len;
  }
  return parts.join(' ');
}
