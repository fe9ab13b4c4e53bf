import * as dns from 'dns';
import * as fs from 'fs';
import type { PlatformOptions } from './types';
import { useLinuxSources } from './types';

/** Where Linux (and other Unix systems) keep the resolver configuration. */
export const DEFAULT_RESOLV_CONF = '/etc/resolv.conf';

/** The label {@link resolverConfig} gives the configuration when it comes from Node (not from a file). */
export const NODE_RESOLVER_SOURCE = 'dns.getServers()';

/** The system resolver's configuration as written: nameservers as given (`IP`, `IP:port`, `[v6]:port`), search list, options. */
export interface ResolverConfigText {
  /** The file read, or {@link NODE_RESOLVER_SOURCE}. */
  source: string;
  servers: string[];
  search: string[];
  /** resolv.conf `options` words, e.g. `ndots:5`, `edns0` (none from Node). */
  options: string[];
}

export interface ResolverConfigOptions extends PlatformOptions {
  /** Read this resolv.conf-format file (namespaces, tests) whatever the platform. */
  file?: string;
}

/** Parses resolv.conf(5) text: `nameserver` lines in order, the last `search`/`domain` line, every `options` word. */
export function parseResolvConf(text: string): Omit<ResolverConfigText, 'source'> {
  const config: Omit<ResolverConfigText, 'source'> = { servers: [], search: [], options: [] };
  for (const raw of text.split('\n')) {
    // resolv.conf(5): comment lines start with '#' or ';'.
    if (/^\s*[#;]/.test(raw)) continue;
    const [keyword, ...args] = raw.trim().split(/\s+/);
    if (keyword === 'nameserver' && args[0]) config.servers.push(args[0]);
    else if (keyword === 'search' || keyword === 'domain') config.search = args.filter(a => a !== '');
    else if (keyword === 'options') config.options.push(...args.filter(a => a !== ''));
  }
  return config;
}

/**
 * This machine's resolver configuration, without traffic: `/etc/resolv.conf` on Linux (or the `file` given);
 * elsewhere (macOS, Windows) the servers Node's resolver was configured with (`dns.getServers()`, which reads
 * the registry on Windows), without search list or options. A missing file gives no servers.
 */
export function resolverConfig(opts: ResolverConfigOptions = {}): ResolverConfigText {
  if (opts.file === undefined && !useLinuxSources(opts)) {
    return { source: NODE_RESOLVER_SOURCE, servers: dns.getServers(), search: [], options: [] };
  }
  const file = opts.file ?? DEFAULT_RESOLV_CONF;
  try {
    return { source: file, ...parseResolvConf(fs.readFileSync(file, 'utf8')) };
  } catch {
    return { source: file, servers: [], search: [], options: [] };
  }
}
