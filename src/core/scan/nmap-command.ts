import { formatProxyUrl, proxyHops } from '../proxy/url';
import { parsePortSpec, formatPortList } from './ports';
import { scanTuning } from './tuning';
import type { ScanOptions } from './types';

const SAFE = /^[A-Za-z0-9._:%/,@-]+$/;

function quote(text: string): string {
  return SAFE.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `nmap` command that runs the same connect scan as {@link scanPorts} with these options. Through a
 * proxy: `--proxies` for SOCKS4 without a user (all nmap speaks besides HTTP), otherwise a trailing shell
 * comment naming the proxy (password redacted).
 */
export function nmapCommand(host: string, opts: Pick<ScanOptions, 'ports' | 'family' | 'portTimeout' | 'retries' | 'proxy' | 'directDefaults'> = {}): string {
  const proxy = opts.proxy;
  const portTimeout = opts.portTimeout !== undefined || opts.directDefaults?.portTimeout !== undefined || proxy ? scanTuning(opts).portTimeout : undefined;
  const spec = opts.ports ?? 'top1000';
  const top = /^top-?(\d+)$/i.exec(spec.trim());
  const args = ['nmap', '-sT', '-Pn', '-n'];
  if (top) args.push('--top-ports', top[1] ?? '1000');
  else if (spec.trim().toLowerCase() === 'all') args.push('-p-');
  else args.push('-p', formatPortList(parsePortSpec(spec)));
  if (opts.family === 6 || host.includes(':')) args.push('-6');
  if (portTimeout !== undefined) args.push('--max-rtt-timeout', `${portTimeout}ms`);
  if (opts.retries !== undefined) args.push('--max-retries', String(opts.retries));
  const hops = proxy ? proxyHops(proxy) : [];
  // nmap --proxies speaks SOCKS4 (names resolved here) and HTTP CONNECT, without credentials.
  const nmapProxies = hops.length > 0 && hops.every(h => (h.protocol.startsWith('socks4') || h.protocol === 'http') && h.username === undefined);
  if (nmapProxies) args.push('--proxies', quote(hops.map(h => formatProxyUrl({ ...h, protocol: h.protocol === 'http' ? 'http' : 'socks4' })).join(',')));
  args.push(quote(host));
  if (proxy && !nmapProxies)
    args.push(`# NetProbe scanned through ${formatProxyUrl(proxy)}; nmap --proxies speaks only SOCKS4 and HTTP (no credentials, no TLS)`);
  return args.join(' ');
}
