import type { OperationOptions } from '../errors';
import { errorMessage, NetProbeError, nowMs, roundMs } from '../errors';
import { resolve } from '../resolve/resolve';
import { systemDnsConfig } from './nameserver';
import { DnsConnectionPool } from './encrypted/pool';
import type { SecureDnsOptions } from './encrypted/types';
import { dnsQuery } from './query';

/** What one resolver said about the name. */
export interface ResolverView {
  source: 'getaddrinfo' | 'system-dns' | 'server';
  /** `getaddrinfo (/etc/hosts, then DNS)`, `system nameserver 10.0.0.53`, `127.0.0.1:5353`. */
  label: string;
  addresses: string[];
  /** CNAMEs followed on the way, for DNS sources. */
  cnames: string[];
  rcode?: string;
  error?: string;
  rttMs: number;
}

/** The outcome of {@link compareResolvers}. */
export interface ResolverComparison {
  name: string;
  views: ResolverView[];
  /** Addresses that some resolvers give and others do not. */
  differences: string[];
  /** True when every resolver that answered gave the same set of addresses (and none failed). */
  agree: boolean;
}

/** How to compare; the {@link SecureDnsOptions} apply when the chosen server is `tls://` or `https://`. */
export interface CompareOptions extends OperationOptions, SecureDnsOptions {
  /** The chosen nameserver to compare against (left out when absent), `tls://…` and `https://…` too. */
  server?: string;
  /** Override for the system nameserver (default: the first in resolv.conf). */
  systemServer?: string;
  resolvConf?: string;
  /** Keeps the encrypted connection for later (without one, a connection is opened for the comparison and closed). */
  pool?: DnsConnectionPool;
}

async function viaDns(name: string, source: 'system-dns' | 'server', label: string, server: string, opts: CompareOptions): Promise<ResolverView> {
  const start = nowMs();
  const view: ResolverView = { source, label, addresses: [], cnames: [], rttMs: 0 };
  const { systemServer: _system, server: _server, ...common } = opts;
  const pool = opts.pool ?? new DnsConnectionPool();
  try {
    for (const type of ['A', 'AAAA']) {
      const r = await dnsQuery(name, { ...common, server, type, pool });
      view.rcode = view.rcode && view.rcode !== 'NOERROR' ? view.rcode : r.rcode;
      for (const a of r.answers) {
        if (a.type === type) view.addresses.push(a.data);
        if (a.type === 'CNAME' && !view.cnames.includes(a.data)) view.cnames.push(a.data);
      }
    }
  } catch (e) {
    if (e instanceof NetProbeError && e.code === 'aborted') throw e;
    view.error = errorMessage(e);
  } finally {
    if (!opts.pool) pool.close();
  }
  view.rttMs = roundMs(nowMs() - start);
  return view;
}

/**
 * Resolves one name three ways side by side: getaddrinfo (honours /etc/hosts), the system nameserver,
 * and a chosen nameserver, and lists the addresses they disagree on. Failures are part of the result.
 */
export async function compareResolvers(name: string, opts: CompareOptions = {}): Promise<ResolverComparison> {
  const host = name.trim().replace(/\.$/, '');
  if (host === '') throw new NetProbeError('invalid-input', 'No name given.');
  const views: Array<Promise<ResolverView>> = [];
  views.push((async (): Promise<ResolverView> => {
    const start = nowMs();
    const view: ResolverView = { source: 'getaddrinfo', label: 'getaddrinfo (/etc/hosts, then DNS)', addresses: [], cnames: [], rttMs: 0 };
    try {
      view.addresses = (await resolve(host, opts)).addresses.map(a => a.address);
    } catch (e) {
      if (e instanceof NetProbeError && e.code === 'aborted') throw e;
      view.error = errorMessage(e);
    }
    view.rttMs = roundMs(nowMs() - start);
    return view;
  })());
  const system = opts.systemServer ?? systemDnsConfig(opts.resolvConf).nameservers[0]?.spec;
  if (system) views.push(viaDns(host, 'system-dns', `system nameserver ${system}`, system, opts));
  if (opts.server) views.push(viaDns(host, 'server', opts.server, opts.server, opts));
  const all = await Promise.all(views);
  const answered = all.filter(v => !v.error);
  const union = [...new Set(answered.flatMap(v => v.addresses))];
  const differences = union.filter(a => !answered.every(v => v.addresses.includes(a)));
  return { name: host, views: all, differences, agree: differences.length === 0 && answered.length === all.length };
}
