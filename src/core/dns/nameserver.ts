import { parseAddressLiteral } from '../address/literal';
import { formatHostPort, parseHostPort, parsePort } from '../address/host-port';
import { NetProbeError } from '../errors';
import { isEncryptedSpec, parseEncryptedNameserver } from './encrypted/spec';
import type { PlatformOptions } from '../platform/types';
import { resolverConfig } from '../platform/resolver';
import type { DnsConnectionPool } from './encrypted/pool';
import type { Nameserver } from './types';

/**
 * Reads a nameserver as a user writes it: `IP`, `IP:port`, `[IPv6]:port`, `IPv6`, `IPv6%zone`,
 * `host`, `host:port` (a leading `@` as in dig, and `#port` as in kdig, are accepted too), and the encrypted
 * transports `tls://HOST[:853]` and `https://HOST[:443]/PATH[?get]`. Throws `invalid-input` with the reason.
 */
export function parseNameserver(spec: string, source: Nameserver['source'] = 'user'): Nameserver {
  if (isEncryptedSpec(spec)) return { ...parseEncryptedNameserver(spec), source };
  let text = spec.trim().replace(/^@/, '');
  if (text === '') throw new NetProbeError('invalid-input', 'No nameserver given.');
  let defaultPort = 53;
  const hash = text.lastIndexOf('#');
  if (hash > 0) {
    defaultPort = parsePort(text.slice(hash + 1));
    text = text.slice(0, hash);
  }
  const parsed = parseHostPort(text, { defaultPort });
  if (parsed.scheme !== undefined && parsed.scheme !== 'dns')
    throw new NetProbeError('invalid-input', `"${spec}": a nameserver is IP[:port] or a host name, not a ${parsed.scheme}:// URL.`);
  let host = parsed.host;
  const port = parsed.port;
  const literal = parseAddressLiteral(host);
  if (literal) host = literal.zone ? `${literal.address}%${literal.zone}` : literal.address;
  return { spec: spec.trim(), host, port, source, protocol: 'dns' };
}

/** The system resolver configuration (resolv.conf on Linux; what Node was given elsewhere). */
export interface SystemDnsConfig {
  /** The file read, or `dns.getServers()` where the configuration came from Node. */
  file: string;
  nameservers: Nameserver[];
  search: string[];
  /** `options` words, e.g. `ndots:5`, `edns0`. */
  options: string[];
}

/**
 * The system's nameservers in order, with the search list and options: `/etc/resolv.conf` on Linux (or `file`),
 * Node's resolver configuration elsewhere (see `core/platform` resolverConfig). No traffic. None configured
 * gives an empty list, which lookups report as "no system nameserver"; malformed entries are skipped.
 */
export function systemDnsConfig(file?: string, opts: PlatformOptions = {}): SystemDnsConfig {
  const text = resolverConfig({ ...opts, ...(file !== undefined ? { file } : {}) });
  const nameservers: Nameserver[] = [];
  for (const spec of text.servers) {
    try {
      nameservers.push({ ...parseNameserver(spec, 'system'), spec });
    } catch {
      // resolv.conf(5): malformed lines are ignored
    }
  }
  return { file: text.source, nameservers, search: text.search, options: text.options };
}

/**
 * Nameservers a lookup should try: the given one, or the system's in resolv.conf order. With `pool`, an encrypted
 * spec is read once per pool ({@link DnsConnectionPool.derived}).
 */
export function nameserversFor(server: string | undefined, resolvConf?: string, pool?: DnsConnectionPool): Nameserver[] {
  if (server !== undefined && server.trim() !== '' && server.trim().toLowerCase() !== 'system') {
    return [pool && isEncryptedSpec(server) ? { ...pool.derived(`nameserver ${server}`, () => parseNameserver(server)) } : parseNameserver(server)];
  }
  const config = systemDnsConfig(resolvConf);
  if (config.nameservers.length === 0) {
    throw new NetProbeError('dns-error', `No system nameserver is configured (${config.file} lists no "nameserver" line). Give a nameserver explicitly.`);
  }
  return config.nameservers;
}

/** `host:port` for display, bracketing IPv6 (`[::1]:5353`); the port is left out when it is 53. */
export function formatNameserver(host: string, port: number): string {
  return port === 53 ? host : formatHostPort(host, port);
}
