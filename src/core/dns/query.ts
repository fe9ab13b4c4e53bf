import { randomInt } from 'crypto';
import { parseAddressLiteral } from '../address/literal';
import { resolve } from '../resolve/resolve';
import { DEFAULT_TIMEOUT_MS, NetProbeError, nowMs, throwIfAborted } from '../errors';
import { queryOptions } from './edns';
import type { QueryMessage } from './message';
import { encodeQuery } from './message';
import { decodeName, encodeName } from './name';
import { nameserversFor } from './nameserver';
import { classCode, typeCode } from './rrtypes';
import { tcpExchange } from './tcp';
import { queryUsesTcp } from './transport';
import type { Exchange, Expected, Target } from './udp';
import { udpExchange } from './udp';
import type { DnsQueryOptions, DnsResponse, Nameserver } from './types';

export const DEFAULT_EDNS_BUFFER = 1232;

/** The address a nameserver's queries go to: literals as they are, names through the system resolver. */
export async function nameserverTarget(ns: Nameserver, opts: { timeout?: number; signal?: AbortSignal }): Promise<Target> {
  const literal = parseAddressLiteral(ns.host);
  if (literal) return { address: literal.zone ? `${literal.address}%${literal.zone}` : literal.address, family: literal.family, port: ns.port };
  const { addresses } = await resolve(ns.host, opts);
  const first = addresses[0];
  if (!first) throw new NetProbeError('dns-error', `The nameserver name "${ns.host}" has no address.`);
  return { address: first.zone ? `${first.address}%${first.zone}` : first.address, family: first.family, port: ns.port };
}

/** Builds the query message and what its answer must match. */
export function buildQuery(name: string, opts: DnsQueryOptions): { message: QueryMessage; expected: Expected } {
  const qname = encodeName(name);
  const qtype = typeCode(opts.type ?? 'A');
  const qclass = classCode(opts.class ?? 'IN');
  const bufferSize = opts.bufferSize ?? DEFAULT_EDNS_BUFFER;
  if (!Number.isInteger(bufferSize) || bufferSize < 512 || bufferSize > 65535) {
    throw new NetProbeError('invalid-input', `The EDNS buffer size must be 512–65535 bytes (got ${bufferSize}).`);
  }
  const useEdns = opts.edns !== false || opts.dnssec === true;
  const message: QueryMessage = {
    id: randomInt(65536), qname, qtype, qclass, rd: opts.recurse !== false, cd: opts.checkingDisabled === true, ad: opts.authenticData === true,
  };
  if (useEdns) message.edns = { udpSize: bufferSize, do: opts.dnssec === true, options: queryOptions(opts) };
  const expected: Expected = { id: message.id, name: decodeName(qname, 0).name.toLowerCase(), type: qtype, class: qclass };
  return { message, expected };
}

function toResponse(ex: Exchange, ns: Nameserver, target: Target, transport: 'udp' | 'tcp'): DnsResponse {
  const m = ex.message;
  const response: DnsResponse = {
    question: m.question ? { name: m.question.name, type: m.question.type, class: m.question.class } : { name: '', type: '', class: '' },
    id: m.id, opcode: m.opcode, rcode: m.rcode, rcodeCode: m.rcodeCode, flags: m.flags,
    answers: m.answers, authority: m.authority, additional: m.additional,
    server: { spec: ns.spec, address: target.address, port: target.port },
    transport, sizeBytes: ex.raw.length, rttMs: ex.rttMs, rawHex: ex.raw.toString('hex'), receivedAt: Date.now(),
  };
  if (m.edns) response.edns = m.edns;
  if (ex.ignored) response.ignored = ex.ignored;
  return response;
}

/** The server cookie to resend after BADCOOKIE (RFC 7873 §5.3), when the answer carries one for our client cookie. */
function cookieAfterBadcookie(ex: Exchange, opts: DnsQueryOptions): string | undefined {
  if (ex.message.rcode !== 'BADCOOKIE' || !opts.cookie) return undefined;
  const hex = ex.message.edns?.options.find(o => o.code === 10)?.hex;
  return hex && hex.length >= 32 && hex.length <= 80 ? hex : undefined;
}

async function askOne(name: string, ns: Nameserver, opts: DnsQueryOptions, deadline: number): Promise<DnsResponse> {
  const left = (): number => Math.max(1, deadline - nowMs());
  const target = await nameserverTarget(ns, { timeout: left(), signal: opts.signal });
  const exchange = async (o: DnsQueryOptions, viaTcp: boolean): Promise<Exchange> => {
    const { message, expected } = buildQuery(name, o);
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
  const extra = retriedWithCookie ? { retriedWithServerCookie: true } : {};
  if (tcpOnly) return { ...toResponse(ex, ns, target, 'tcp'), ...extra };
  if (!ex.message.truncated || opts.ignoreTruncation) return { ...toResponse(ex, ns, target, 'udp'), ...extra };
  const viaTcp = await exchange(opts, true);
  return { ...toResponse(viaTcp, ns, target, 'tcp'), retriedOverTcp: true, ...extra };
}

/**
 * Asks a nameserver one question, like `dig`: UDP with EDNS0 and automatic TCP retry on truncation (or
 * TCP only), random id and source port, answer id and question checked. With no `server`, the system's
 * nameservers (resolv.conf) are tried in order. Any rcode (NXDOMAIN, REFUSED, …) is a result, not an
 * error; throws NetProbeError for bad input, no answer (`timeout`), unusable answers (`protocol`),
 * an unreachable server, or cancel.
 */
export async function dnsQuery(name: string, opts: DnsQueryOptions = {}): Promise<DnsResponse> {
  throwIfAborted(opts.signal);
  buildQuery(name, opts);
  const servers = nameserversFor(opts.server, opts.resolvConf);
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
