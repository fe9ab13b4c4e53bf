import { cidrContains } from '../address/cidr';
import { parseAddressLiteral } from '../address/literal';
import type { ProxyConfig } from './types';

/** The `NO_PROXY` entry that sends `host:port` direct, or undefined when the proxy applies. */
export function noProxyMatch(host: string, port: number, noProxy: readonly string[] | undefined): string | undefined {
  if (!noProxy?.length) return undefined;
  const literal = parseAddressLiteral(host);
  const name = host
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1');
  for (const raw of noProxy) {
    const entry = raw.trim().toLowerCase();
    if (entry === '*') return raw;
    // `host:port` or `[v6]:port` limits an entry to one port (as Go reads NO_PROXY).
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    const pattern = (withPort?.[1] ?? entry).replace(/^\[(.*)\]$/, '$1');
    if (withPort && Number(withPort[2]) !== port) continue;
    if (pattern.includes('/')) {
      try {
        if (literal && cidrContains(pattern, literal.address)) return raw;
      } catch {
        // Not a network: never matches.
      }
      continue;
    }
    const entryLiteral = parseAddressLiteral(pattern);
    if (entryLiteral) {
      if (literal && literal.address === entryLiteral.address) return raw;
      continue;
    }
    const domain = pattern.replace(/^\*?\./, '');
    if (domain !== '' && (name === domain || name.endsWith(`.${domain}`))) return raw;
  }
  return undefined;
}

/** `proxy` for a connection to `host:port`, or undefined when its `noProxy` list sends that target direct. */
export function proxyForTarget(proxy: ProxyConfig | undefined, host: string, port: number): ProxyConfig | undefined {
  if (!proxy) return undefined;
  return noProxyMatch(host, port, proxy.noProxy) === undefined ? proxy : undefined;
}
