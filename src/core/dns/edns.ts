import { randomBytes } from 'crypto';
import { parseAddressLiteral } from '../address/literal';
import { parseIpv6 } from '../address/ipv6';
import { NetProbeError } from '../errors';
import type { DnsQueryOptions } from './types';

/** Encodes an EDNS client subnet (`192.0.2.0/24`, `2001:db8::/56`; a bare address means /32 or /56). */
export function clientSubnetOption(spec: string): Buffer {
  const [addrText = '', prefixText] = spec.trim().split('/');
  const literal = parseAddressLiteral(addrText);
  if (!literal || literal.zone) throw new NetProbeError('invalid-input', `"${spec}" is not a client subnet such as 192.0.2.0/24.`);
  const max = literal.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? (literal.family === 4 ? 32 : 56) : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new NetProbeError('invalid-input', `"${spec}": the prefix length must be 0–${max}.`);
  let bytes: Buffer;
  if (literal.family === 4) {
    bytes = Buffer.from(literal.address.split('.').map(Number));
  } else {
    bytes = Buffer.from(parseIpv6(literal.address).bytes);
  }
  const keep = Math.ceil(prefix / 8);
  const addr = Buffer.from(bytes.subarray(0, keep));
  if (prefix % 8 && keep > 0) addr[keep - 1] = (addr[keep - 1] ?? 0) & (0xff << (8 - (prefix % 8)));
  const head = Buffer.alloc(4);
  head.writeUInt16BE(literal.family === 4 ? 1 : 2, 0);
  head[2] = prefix;
  head[3] = 0;
  return Buffer.concat([head, addr]);
}

/** The EDNS options a query carries, from the query options. */
export function queryOptions(opts: DnsQueryOptions): Array<{ code: number; data: Buffer }> {
  const out: Array<{ code: number; data: Buffer }> = [];
  if (opts.nsid) out.push({ code: 3, data: Buffer.alloc(0) });
  if (opts.clientSubnet) out.push({ code: 8, data: clientSubnetOption(opts.clientSubnet) });
  if (opts.cookie === true) out.push({ code: 10, data: randomBytes(8) });
  else if (typeof opts.cookie === 'string' && opts.cookie !== '') {
    const hex = opts.cookie.trim();
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2 || (hex.length !== 16 && (hex.length < 32 || hex.length > 80))) {
      throw new NetProbeError('invalid-input', 'A DNS cookie is 8 bytes of hex (client cookie), or 16–40 bytes with the server cookie.');
    }
    out.push({ code: 10, data: Buffer.from(hex, 'hex') });
  }
  return out;
}
