import * as dns from 'dns';
import { parseAddressLiteral } from '../address/literal';
import type { OperationOptions } from '../errors';
import { NetProbeError, isErrnoException, nowMs, roundMs, withDeadline } from '../errors';
import { assertHostName } from '../address/host-name';

/** One address a name resolved to. */
export interface ResolvedAddress {
  family: 4 | 6;
  address: string;
  /** Interface index for a scoped IPv6 address (`fe80::1%eth0`). */
  scopeId?: number;
  /** Zone as written (`eth0`). */
  zone?: string;
  /** IPv6 address that embeds an IPv4 one (::ffff:a.b.c.d). */
  ipv4Mapped?: boolean;
}

/** The outcome of {@link resolve}. */
export interface ResolveResult {
  host: string;
  /** `literal` when the input was an address (no traffic), `system` when getaddrinfo answered. */
  source: 'literal' | 'system';
  /** For IPv4 literals: true when written in a legacy form (`127.1`, `0xc000027b`, `0177.0.0.1`). */
  legacyForm?: boolean;
  addresses: ResolvedAddress[];
  elapsedMs: number;
}

export interface ResolveOptions extends OperationOptions {
  /** Restrict to one address family. */
  family?: 4 | 6;
}

/** Plain-language text for getaddrinfo failures. */
export function describeDnsError(host: string, e: unknown): NetProbeError {
  const code = isErrnoException(e) ? e.code : undefined;
  const text: Record<string, string> = {
    ENOTFOUND: `The name "${host}" does not exist (no address found in /etc/hosts or DNS).`,
    EAI_NONAME: `The name "${host}" does not exist (no address found in /etc/hosts or DNS).`,
    ENODATA: `"${host}" exists but has no address of the requested family.`,
    EAI_AGAIN: `Temporary DNS failure while resolving "${host}": the nameserver did not answer. Check the network or /etc/resolv.conf.`,
    ESERVFAIL: `The nameserver failed (SERVFAIL) while resolving "${host}".`,
    ECONNREFUSED: `The nameserver refused the connection while resolving "${host}".`,
  };
  return new NetProbeError('dns-error', text[code ?? ''] ?? `Could not resolve "${host}": ${code ?? String(e)}.`, code, { cause: e });
}

/**
 * Resolves a host like getaddrinfo: IP literals (with legacy IPv4 forms and IPv6 zones) are answered
 * without traffic; names go to the system resolver (/etc/hosts, then DNS), addresses in the system's order.
 */
export async function resolve(host: string, opts: ResolveOptions = {}): Promise<ResolveResult> {
  const start = nowMs();
  const name = host.trim();
  if (name === '') throw new NetProbeError('invalid-input', 'No host name given.');
  const literal = parseAddressLiteral(name);
  if (literal) {
    if (opts.family && opts.family !== literal.family) {
      throw new NetProbeError('invalid-input', `"${host}" is an IPv${literal.family} address, but IPv${opts.family} was requested.`);
    }
    const { legacyForm, ...address } = literal;
    return { host, source: 'literal', ...(legacyForm ? { legacyForm } : {}), addresses: [address], elapsedMs: roundMs(nowMs() - start) };
  }
  assertHostName(name);
  const lookup = dns.promises.lookup(name, { all: true, family: opts.family ?? 0, verbatim: true });
  let found: dns.LookupAddress[];
  try {
    found = await withDeadline(lookup, `Resolving "${host}"`, opts);
  } catch (e) {
    if (e instanceof NetProbeError) throw e;
    throw describeDnsError(host, e);
  }
  const addresses = found.map((a): ResolvedAddress => {
    const family = a.family === 6 ? 6 : 4;
    const parsed = parseAddressLiteral(a.address);
    return parsed?.ipv4Mapped ? { family, address: a.address, ipv4Mapped: true } : { family, address: a.address };
  });
  return { host, source: 'system', addresses, elapsedMs: roundMs(nowMs() - start) };
}
