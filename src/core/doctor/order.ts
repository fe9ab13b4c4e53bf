import type { ResolvedAddress } from '../resolve/resolve';

/**
 * Happy-eyeballs order (RFC 8305 §4): keep the resolver's order within each family and alternate
 * families, starting with the family of the first address.
 */
export function happyEyeballsOrder(addresses: ResolvedAddress[]): ResolvedAddress[] {
  const first = addresses[0]?.family;
  if (first === undefined) return [];
  const a = addresses.filter(x => x.family === first);
  const b = addresses.filter(x => x.family !== first);
  const out: ResolvedAddress[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x) out.push(x);
    if (y) out.push(y);
  }
  return out;
}
