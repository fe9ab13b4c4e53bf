import { parseAddressLiteral } from '../address/literal';
import { resolve } from '../resolve/resolve';
import { DEFAULT_TIMEOUT_MS, NetProbeError, nowMs, throwIfAborted } from '../errors';
import { askSecure } from './encrypted/query';
import { encodeQuery } from './message';
import { nameserversFor } from './nameserver';
import { buildQuery, cookieAfterBadcookie, toResponse } from './question';
import { tcpExchange } from './tcp';
import { formatProxyUrl } from '../proxy/url';
import { queryUsesTcp } from './transport';
import type { Exchange, Target } from './udp';
import { udpExchange } from './udp';
import type { DnsQueryOptions, DnsResponse, Nameserver } from './types';

export { buildQuery, DEFAULT_EDNS_BUFFER } from './question';

/** The address a nameserver's queries go to: literals as they are, names through the system resolver. */
export async function nameserverTarget(ns: Nameserver, opts: { timeout?: number; signal?: AbortSignal }): Promise<Target> {
  const literal = parseAddressLiteral(ns.host);
  if (literal) return { address: literal.zone ? `${literal.address}%${literal.zone}` : literal.address, family: literal.family, port: ns.port };
  const { addresses } = await resolve(ns.host, opts);
  const first = addresses[0];
  if (!first) throw new NetProbeError('dns-error', `The nameserver name "${ns.host}" has no address.`);
  return { address: first.zone ? `${first.address}%${first.zone}` : first.address, family: first.family, port: ns.port };
}

async function askOne(name: string, ns: Nameserver, opts: DnsQueryOptions, deadline: number): Promise<DnsResponse> {
  if (ns.protocol === 'tls' || ns.protocol === 'https') return askSecure(name, ns, opts, deadline);
  const left = (): number => Math.max(1, deadline - nowMs());
  const target = await nameserverTarget(ns, { timeout: left(), signal: opts.signal });
  const exchange = async (o: DnsQueryOptions, viaTcp: boolean): Promise<Exchange> => {
    const { message, expected } = buildQuery(name, o, o.padding === true);
    return viaTcp
      ? tcpExchange(target, encodeQuery(message), expected, { timeoutMs: left(), signal: o.signal, proxy: o.proxy })
      : udpExchange(target, encodeQuery(message), expected, left(), o.tries ?? 3, o.signal);
  };
  const tcpOnly = queryUsesTcp(opts);
  let ex = await exchange(opts, tcpOnly);
  // Like dig: a BADCOOKIE answer that gives us the server cookie is retried once with it.
  const cookie = cookieAfterBadcookie(ex, opts);
  let retriedWithCookie = false;
  if (cookie) {
    opts = { ...opts, cookie };
    ex = await exchange(opts, tcpOnly);
    retriedWithCookie = true;
  }
  const extra = {
    ...(retriedWithCookie ? { retriedWithServerCookie: true } : {}),
    // Say it: a query that would have gone over UDP went over TCP because a proxy carries only TCP.
    ...(opts.proxy ? { viaProxy: formatProxyUrl(opts.proxy), ...(opts.tcp === true ? {} : { tcpForProxy: true }) } : {}),
  };
  if (tcpOnly) return { ...toResponse(ex, ns, target, 'tcp'), ...extra };
  if (!ex.message.truncated || opts.ignoreTruncation) return { ...toResponse(ex, ns, target, 'udp'), ...extra };
  const viaTcp = await exchange(opts, true);
  return { ...toResponse(viaTcp, ns, target, 'tcp'), retriedOverTcp: true, ...extra };
}

/**
 * Asks a nameserver one question, like `dig`: UDP with EDNS0 and automatic TCP retry on truncation (or
 * TCP only), random id and source port, answer id and question checked; `tls://` and `https://` nameservers are
 * asked over DNS over TLS / HTTPS (see {@link askSecure}; with `pool`, over a kept-open connection). With no `server`, the system's
 * nameservers (resolv.conf) are tried in order. Any rcode (NXDOMAIN, REFUSED, …) is a result, not an
 * error; throws NetProbeError for bad input, no answer (`timeout`), unusable answers (`protocol`),
 * an unreachable server, or cancel.
 */
export async function dnsQuery(name: string, opts: DnsQueryOptions = {}): Promise<DnsResponse> {
  throwIfAborted(opts.signal);
  buildQuery(name, opts, opts.padding === true);
  const servers = nameserversFor(opts.server, opts.resolvConf, opts.pool);
  const deadline = nowMs() + (opts.timeout ?? DEFAULT_TIMEOUT_MS);
  let lastError: NetProbeError | undefined;
  for (const [i, ns] of servers.entries()) {
    try {
      return await askOne(name, ns, opts, servers.length > 1 ? nowMs() + (deadline - nowMs()) / (servers.length - i) : deadline);
    } catch (e) {
      if (!(e instanceof NetProbeError) || e.code === 'aborted' || e.code === 'invalid-input') throw e;
      lastError = e;
    }
  }
  throw lastError ?? new NetProbeError('dns-error', 'No nameserver answered.');
}
