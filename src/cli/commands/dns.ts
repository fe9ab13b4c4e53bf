import { formatDig, formatShort } from '../../core/dns/dig-format';
import { dnsQuery } from '../../core/dns/query';
import { ptrName } from '../../core/dns/reverse-name';
import { isRecordType } from '../../core/dns/rrtypes';
import type { DnsQueryOptions, DnsRecord, DnsResponse } from '../../core/dns/types';
import { flag, intOption, stringOption } from '../args';
import { secureDnsLines } from '../../core/dns/encrypted/describe';
import { isEncryptedSpec } from '../../core/dns/encrypted/spec';
import { SECURE_DNS_OPTIONS, SECURE_DNS_USAGE, secureDnsFromCli } from '../dns-secure';
import { TLS_EXTRA_OPTIONS, TLS_EXTRA_USAGE, tlsExtrasFromCli } from '../tls-extras';
import { withInsecureHint } from '../tls-hint';
import { PROXY_OPTION, proxyFromCli } from '../proxy-option';
import type { CliCommand, CliContext } from '../types';
import { UsageError } from '../types';
import { formatHostPort } from '../../core/address/host-port';

const USAGE = `dns NAME [TYPE] [@SERVER] [--server HOST[:PORT] | tls://HOST[:853] | https://HOST[:PORT]/PATH[?get]] ${SECURE_DNS_USAGE} ${TLS_EXTRA_USAGE} [-x ADDR] [-c CLASS] [--tcp] [--dnssec] [--no-recurse] [--cd] [--nsid] [--cookie[=HEX]] [--subnet CIDR] [--bufsize N] [--no-edns] [--ignore-tc] [--tries N] [--short] [--raw] [--json] [--timeout MS] [--proxy socks5://|http://HOST:PORT (implies --tcp)] [--proxy-cacert F] [--proxy-insecure]`;

/** A record as the JSON output carries it. */
function jsonRecord(r: DnsRecord): { name: string; type: string; ttl: number; data: string } {
  return { name: r.name, type: r.type, ttl: r.ttl, data: r.data };
}

/**
 * The `--json` shape: rcode, flags, sections as `{ name, type, ttl, data }`, server, transport (`udp`, `tcp`, `tls`,
 * `https`), rttMs; for DNS over TLS/HTTPS also `tls`, `timings`, `connectionReused` and (DoH) `http`.
 */
export function dnsJson(r: DnsResponse): Record<string, unknown> {
  const server = formatHostPort(r.server.address, r.server.port);
  return {
    question: r.question,
    id: r.id,
    opcode: r.opcode,
    rcode: r.rcode,
    flags: r.flags,
    answers: r.answers.map(jsonRecord),
    authority: r.authority.map(jsonRecord),
    additional: r.additional.map(jsonRecord),
    ...(r.edns ? { edns: r.edns } : {}),
    server,
    serverSpec: r.server.spec,
    transport: r.transport,
    ...(r.retriedOverTcp ? { retriedOverTcp: true } : {}),
    ...(r.retriedWithServerCookie ? { retriedWithServerCookie: true } : {}),
    ...(r.ignored ? { ignored: r.ignored } : {}),
    sizeBytes: r.sizeBytes,
    rttMs: r.rttMs,
    ...(r.tls ? { tls: r.tls } : {}),
    ...(r.timings ? { timings: r.timings, connectionReused: r.connectionReused === true } : {}),
    ...(r.http ? { http: r.http } : {}),
  };
}

/** Reads NAME, then TYPE, and an optional `@server` anywhere among the positionals, dig style. */
function readPositionals(ctx: CliContext): { name?: string; type?: string; server?: string } {
  const out: { name?: string; type?: string; server?: string } = {};
  for (const p of ctx.positionals) {
    if (p.startsWith('@') && out.server === undefined) out.server = p.slice(1);
    else if (out.name === undefined) out.name = p;
    else if (out.type === undefined && isRecordType(p)) out.type = p.toUpperCase();
    else throw new UsageError(`unexpected argument "${p}" (usage: netprobe ${USAGE})`);
  }
  return out;
}

export const dnsCommand: CliCommand = {
  name: 'dns',
  summary: 'Ask a nameserver any record type, like dig (UDP with EDNS, TCP retry on truncation, DNSSEC; DNS over TLS and HTTPS).',
  usage: USAGE,
  options: {
    server: { type: 'string', short: 's' },
    reverse: { type: 'string', short: 'x' },
    class: { type: 'string', short: 'c' },
    tcp: { type: 'boolean' },
    dnssec: { type: 'boolean' },
    'no-recurse': { type: 'boolean' },
    cd: { type: 'boolean' },
    nsid: { type: 'boolean' },
    cookie: { type: 'string' },
    subnet: { type: 'string' },
    bufsize: { type: 'string' },
    'no-edns': { type: 'boolean' },
    'ignore-tc': { type: 'boolean' },
    tries: { type: 'string' },
    short: { type: 'boolean' },
    raw: { type: 'boolean' },
    ...SECURE_DNS_OPTIONS,
    ...TLS_EXTRA_OPTIONS,
    ...PROXY_OPTION,
  },
  async run(ctx) {
    const pos = readPositionals(ctx);
    const reverse = stringOption(ctx, 'reverse');
    let name = pos.name;
    let type = pos.type;
    if (reverse !== undefined) {
      if (name !== undefined) throw new UsageError('give either NAME or -x ADDR, not both.');
      name = ptrName(reverse);
      type = type ?? 'PTR';
    }
    if (name === undefined) throw new UsageError(`missing NAME (usage: netprobe ${USAGE})`);
    const server = stringOption(ctx, 'server') ?? pos.server;
    if (stringOption(ctx, 'server') !== undefined && pos.server !== undefined) throw new UsageError('give the server once: either --server or @SERVER.');
    const cookie = stringOption(ctx, 'cookie');
    const proxy = proxyFromCli(ctx);
    const opts: DnsQueryOptions = {
      ...secureDnsFromCli(ctx, server),
      ...(server !== undefined && isEncryptedSpec(server) ? tlsExtrasFromCli(ctx) : {}),
      type: type ?? 'A',
      timeout: ctx.timeout,
      signal: ctx.signal,
      tcp: flag(ctx, 'tcp'),
      dnssec: flag(ctx, 'dnssec'),
      recurse: !flag(ctx, 'no-recurse'),
      checkingDisabled: flag(ctx, 'cd'),
      nsid: flag(ctx, 'nsid'),
      edns: !flag(ctx, 'no-edns'),
      ignoreTruncation: flag(ctx, 'ignore-tc'),
    };
    if (server !== undefined) opts.server = server;
    const klass = stringOption(ctx, 'class');
    if (klass !== undefined) opts.class = klass.toUpperCase();
    if (proxy) opts.proxy = proxy;
    if (cookie !== undefined) opts.cookie = cookie === '' ? true : cookie;
    const subnet = stringOption(ctx, 'subnet');
    if (subnet !== undefined) opts.clientSubnet = subnet;
    const bufsize = intOption(ctx, 'bufsize', { min: 1 });
    if (bufsize !== undefined) opts.bufferSize = bufsize;
    const tries = intOption(ctx, 'tries', { min: 1 });
    if (tries !== undefined) opts.tries = tries;
    let r: DnsResponse;
    try {
      r = await dnsQuery(name, opts);
    } catch (e) {
      throw withInsecureHint(e);
    }
    const status = r.rcode === 'NOERROR' ? 0 : 1;
    if (ctx.json) {
      ctx.printJson({ ...dnsJson(r), ...(flag(ctx, 'raw') ? { rawHex: r.rawHex } : {}) });
      return status;
    }
    if (flag(ctx, 'short')) {
      const text = formatShort(r);
      if (text) ctx.out(text);
      if (status) ctx.err(`;; ${r.rcode}`);
      return status;
    }
    ctx.out([formatDig(r), ...secureDnsLines(r)].join('\n'));
    if (flag(ctx, 'raw')) ctx.out(`;; RAW: ${r.rawHex}`);
    return status;
  },
};
