import { randomInt } from 'crypto';
import { NetProbeError } from '../errors';
import { queryOptions } from './edns';
import type { QueryMessage } from './message';
import { encodeQuery } from './message';
import { decodeName, encodeName } from './name';
import { paddingOption } from './padding';
import { classCode, typeCode } from './rrtypes';
import type { DnsQueryOptions, DnsResponse, DnsTransport, Nameserver } from './types';
import type { Exchange, Expected } from './udp';

export const DEFAULT_EDNS_BUFFER = 1232;

/** Builds the query message and what its answer must match; `padded` adds EDNS padding (RFC 7830/8467). */
export function buildQuery(name: string, opts: DnsQueryOptions, padded = false): { message: QueryMessage; expected: Expected } {
  const qname = encodeName(name);
  const qtype = typeCode(opts.type ?? 'A');
  const qclass = classCode(opts.class ?? 'IN');
  const bufferSize = opts.bufferSize ?? DEFAULT_EDNS_BUFFER;
  if (!Number.isInteger(bufferSize) || bufferSize < 512 || bufferSize > 65535) {
    throw new NetProbeError('invalid-input', `The EDNS buffer size must be 512–65535 bytes (got ${bufferSize}).`);
  }
  const useEdns = opts.edns !== false || opts.dnssec === true;
  const message: QueryMessage = {
    id: randomInt(65536),
    qname,
    qtype,
    qclass,
    rd: opts.recurse !== false,
    cd: opts.checkingDisabled === true,
    ad: opts.authenticData === true,
  };
  if (useEdns) {
    message.edns = { udpSize: bufferSize, do: opts.dnssec === true, options: queryOptions(opts) };
    if (padded) message.edns.options.push(paddingOption(encodeQuery(message).length));
  }
  const expected: Expected = { id: message.id, name: decodeName(qname, 0).name.toLowerCase(), type: qtype, class: qclass };
  return { message, expected };
}

/** The response of an exchange: the decoded message with the server it came from and how. */
export function toResponse(ex: Exchange, ns: Nameserver, server: { address: string; port: number }, transport: DnsTransport): DnsResponse {
  const m = ex.message;
  const response: DnsResponse = {
    question: m.question ? { name: m.question.name, type: m.question.type, class: m.question.class } : { name: '', type: '', class: '' },
    id: m.id,
    opcode: m.opcode,
    rcode: m.rcode,
    rcodeCode: m.rcodeCode,
    flags: m.flags,
    answers: m.answers,
    authority: m.authority,
    additional: m.additional,
    server: { spec: ns.spec, address: server.address, port: server.port },
    transport,
    sizeBytes: ex.raw.length,
    rttMs: ex.rttMs,
    rawHex: ex.raw.toString('hex'),
    receivedAt: Date.now(),
  };
  if (m.edns) response.edns = m.edns;
  if (ex.ignored) response.ignored = ex.ignored;
  return response;
}

/** The server cookie to resend after BADCOOKIE (RFC 7873 §5.3), when the answer carries one for our client cookie. */
export function cookieAfterBadcookie(ex: Exchange, opts: DnsQueryOptions): string | undefined {
  if (ex.message.rcode !== 'BADCOOKIE' || !opts.cookie) return undefined;
  const hex = ex.message.edns?.options.find(o => o.code === 10)?.hex;
  return hex && hex.length >= 32 && hex.length <= 80 ? hex : undefined;
}
