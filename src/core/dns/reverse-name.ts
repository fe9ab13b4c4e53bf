import { parseAddressLiteral } from '../address/literal';
import { NetProbeError } from '../errors';

/**
 * The PTR owner name of an address: `4.3.2.1.in-addr.arpa.` for 1.2.3.4, the nibble form under
 * `ip6.arpa.` for IPv6 (zones dropped). Throws `invalid-input` for anything that is not an address.
 */
export function ptrName(ip: string): string {
  const literal = parseAddressLiteral(ip);
  if (!literal) throw new NetProbeError('invalid-input', `"${ip}" is not an IP address.`);
  if (literal.family === 4) return `${literal.address.split('.').reverse().join('.')}.in-addr.arpa.`;
  const text = literal.address;
  const m = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let normalized = text;
  if (m) {
    const o = (m[2] ?? '').split('.').map(Number);
    normalized = `${m[1] ?? ''}${(((o[0] ?? 0) << 8) | (o[1] ?? 0)).toString(16)}:${(((o[2] ?? 0) << 8) | (o[3] ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = normalized.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const nibbles = groups.map(g => g.padStart(4, '0')).join('');
  return `${[...nibbles].reverse().join('.')}.ip6.arpa.`;
}

/** The address a PTR owner name stands for, or undefined when it is not a full reverse name. */
export function addressOfPtrName(name: string): string | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa$/.exec(n);
  if (v4) return [v4[4], v4[3], v4[2], v4[1]].join('.');
  const v6 = /^((?:[0-9a-f]\.){32})ip6\.arpa$/.exec(n);
  if (!v6) return undefined;
  const hex = (v6[1] ?? '').split('.').filter(Boolean).reverse().join('');
  const groups = hex.match(/.{4}/g) ?? [];
  return parseAddressLiteral(groups.join(':'))?.address;
}
