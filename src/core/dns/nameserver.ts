import * as fs from 'fs';
import * as net from 'net';
import { parseAddressLiteral } from '../address/literal';
import { parsePort } from '../check-port';
import { NetProbeError } from '../errors';
import { isEncryptedSpec, parseEncryptedNameserver } from './encrypted/spec';
import type { Nameserver } from './types';

export const DEFAULT_RESOLV_CONF = '/etc/resolv.conf';

/**
 * Reads a nameserver as a user writes it: `IP`, `IP:port`, `[IPv6]:port`, `IPv6`, `IPv6%zone`,
 * `host`, `host:port` (a leading `@` as in dig, and `#port` as in kdig, are accepted too), and the encrypted
 * transports `tls://HOST[:853]` and `https://HOST[:443]/PATH[?get]`. Throws `invalid-input` with the reason.
 */
export function parseNameserver(spec: string, source: Nameserver['source'] = 'user'): Nameserver {
  if (isEncryptedSpec(spec)) return { ...parseEncryptedNameserver(spec), source };
  let text = spec.trim().replace(/^@/, '');
  if (text === '') throw new NetProbeError('invalid-input', 'No nameserver given.');
  let port = 53;
  let host: string;
  const hash = text.lastIndexOf('#');
  if (hash > 0) {
    port = parsePort(text.slice(hash + 1));
    text = text.slice(0, hash);
  }
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracket) {
    host = bracket[1] ?? '';
    if (bracket[2] !== undefined) port = parsePort(bracket[2]);
    if (!net.isIPv6(host.split('%')[0] ?? '')) throw new NetProbeError('invalid-input', `"${spec}": only IPv6 addresses go in brackets.`);
  } else if ((text.match(/:/g) ?? []).length >= 2) {
    host = text;
  } else {
    const colon = text.indexOf(':');
    host = colon >= 0 ? text.slice(0, colon) : text;
    if (colon >= 0) port = parsePort(text.slice(colon + 1));
  }
  const literal = parseAddressLiteral(host);
  if (!literal && !/^[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\.?$/.test(host)) {
    throw new NetProbeError('invalid-input', `"${spec}" is not a nameserver address or host name.`);
  }
  if (literal) host = literal.zone ? `${literal.address}%${literal.zone}` : literal.address;
  return { spec: spec.trim(), host, port, source, protocol: 'dns' };
}

/** The system resolver configuration as read from resolv.conf. */
export interface SystemDnsConfig {
  file: string;
  nameservers: Nameserver[];
  search: string[];
  /** `options` words, e.g. `ndots:5`, `edns0`. */
  options: string[];
}

/**
 * Reads the system's nameservers from resolv.conf (`nameserver` lines, in order), with the search list and
 * options. No traffic. A missing file gives an empty list, which lookups report as "no system nameserver".
 */
export function systemDnsConfig(file = DEFAULT_RESOLV_CONF): SystemDnsConfig {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { file, nameservers: [], search: [], options: [] };
  }
  const config: SystemDnsConfig = { file, nameservers: [], search: [], options: [] };
  for (const raw of text.split('\n')) {
    // resolv.conf(5): comment lines start with '#' or ';'.
    if (/^\s*[#;]/.test(raw)) continue;
    const [keyword, ...args] = raw.trim().split(/\s+/);
    if (keyword === 'nameserver' && args[0]) {
      try {
        config.nameservers.push({ ...parseNameserver(args[0], 'system'), spec: args[0] });
      } catch {
        // resolv.conf(5): malformed lines are ignored
      }
    } else if (keyword === 'search' || keyword === 'domain') {
      config.search = args.filter(a => a !== '');
    } else if (keyword === 'options') {
      config.options.push(...args.filter(a => a !== ''));
    }
  }
  return config;
}

/** Nameservers a lookup should try: the given one, or the system's in resolv.conf order. */
export function nameserversFor(server: string | undefined, resolvConf?: string): Nameserver[] {
  if (server !== undefined && server.trim() !== '' && server.trim().toLowerCase() !== 'system') return [parseNameserver(server)];
  const config = systemDnsConfig(resolvConf);
  if (config.nameservers.length === 0) {
    throw new NetProbeError('dns-error', `No system nameserver is configured (${config.file} lists no "nameserver" line). Give a nameserver explicitly.`);
  }
  return config.nameservers;
}

/** `host:port` for display, bracketing IPv6 (`[::1]:5353`); the port is left out when it is 53. */
export function formatNameserver(host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === 53 ? host : `${h}:${port}`;
}
