import type { ParseArgsConfig } from 'util';
import { isPrintable, packetJson, payloadHex } from '../../core/udp/format';
import type { ListenResult } from '../../core/udp/collect';
import { udpListen } from '../../core/udp/listen';
import type { PayloadSpec } from '../../core/udp/payload';
import { payloadBytes } from '../../core/udp/payload';
import type { EffectiveSocketOptions, UdpPacket } from '../../core/udp/socket';
import { sourceKey } from '../../core/udp/monitor';
import { udpSend } from '../../core/udp/send';
import { flag, intOption, noExtraPositionals, parseIntArg, requirePositional, stringOption } from '../args';
import { hostAndPort } from '../host-port';
import { ms } from '../format';
import type { CliCommand, CliContext } from '../types';
import { UsageError } from '../types';
import { formatHostPort } from '../../core/address/host-port';
import { formatCount } from '../../core/text/units';

/** Options shared by the payload-sending subcommands. */
export const PAYLOAD_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  text: { type: 'string' },
  hex: { type: 'string' },
  file: { type: 'string' },
  escapes: { type: 'boolean', short: 'e' },
};

/** The payload given by exactly one of --text, --hex, --file. */
export async function payloadFromCli(ctx: CliContext, usage: string): Promise<Buffer> {
  const text = stringOption(ctx, 'text');
  const hex = stringOption(ctx, 'hex');
  const file = stringOption(ctx, 'file');
  const given = [text, hex, file].filter(v => v !== undefined).length;
  if (given !== 1) throw new UsageError(`give exactly one of --text, --hex or --file (usage: netprobe ${usage})`);
  const spec: PayloadSpec = text !== undefined ? { text, escapes: flag(ctx, 'escapes') } : hex !== undefined ? { hex } : { file: file ?? '' };
  return payloadBytes(spec);
}

/** The port positional (1–65535, or 0 when `allowZero`). */
export function portArg(ctx: CliContext, index: number, usage: string, allowZero = false): number {
  return parseIntArg('PORT', requirePositional(ctx, index, 'PORT', usage), { min: allowZero ? 0 : 1, max: 65535 });
}

/** --timeout as a listening time: only when given (else listen until the count or Ctrl+C). */
export function durationOption(ctx: CliContext): number | undefined {
  return typeof ctx.values.timeout === 'string' ? ctx.timeout : undefined;
}

/** -4 / -6. */
export function familyOption(ctx: CliContext): 4 | 6 | undefined {
  if (flag(ctx, 'ipv4') && flag(ctx, 'ipv6')) throw new UsageError('give -4 or -6, not both.');
  return flag(ctx, 'ipv4') ? 4 : flag(ctx, 'ipv6') ? 6 : undefined;
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

function clock(time: number): string {
  const d = new Date(time);
  const ms = d.getMilliseconds();
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}`;
}

/** One line per datagram: time, source, size, and the payload as text when printable, else hex. */
export function packetLine(p: UdpPacket): string {
  const shown = p.payload.length > 512 ? p.payload.subarray(0, 512) : p.payload;
  const more = p.payload.length > 512 ? ' …' : '';
  const body = isPrintable(shown) ? `${JSON.stringify(shown.toString('utf8'))}${more}` : `hex ${payloadHex(shown)}${more}`;
  return `${clock(p.time)}  ${sourceKey(p).padEnd(22)}  ${String(p.size).padStart(5)} B  ${body}`;
}

/**
 * Prints packet lines in batches (one write per event-loop turn instead of one per datagram), so a flood
 * costs fewer system calls. Call `flush` before printing anything else.
 */
export function lineBatcher(ctx: CliContext): { push: (line: string) => void; flush: () => void } {
  let lines: string[] = [];
  let queued = false;
  const flush = (): void => {
    queued = false;
    if (!lines.length) return;
    const text = lines.join('\n');
    lines = [];
    ctx.out(text);
  };
  return {
    push: line => {
      lines.push(line);
      if (!queued) {
        queued = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

/** The socket options line for headers. */
export function optionsLine(o: EffectiveSocketOptions): string {
  const parts = [
    `reuseAddr ${o.reuseAddr ? 'on' : 'off'}`,
    `reusePort ${o.reusePort === 'unsupported' ? 'unsupported' : o.reusePort ? 'on' : 'off'}`,
    `rcvbuf ${o.recvBufferSize.effective}${o.recvBufferSize.requested ? ` (asked ${o.recvBufferSize.requested})` : ''}`,
    `sndbuf ${o.sendBufferSize.effective}${o.sendBufferSize.requested ? ` (asked ${o.sendBufferSize.requested})` : ''}`,
  ];
  if (o.family === 6) parts.push(`v6only ${o.ipv6Only ? 'on' : 'off'}`);
  return parts.join(', ');
}

/** JSON form of a listen result (payloads as text and hex). */
export function listenJson(r: ListenResult): Record<string, unknown> {
  return { ...r, packets: r.packets.map(p => packetJson(p)), ...(r.error ? { error: { code: r.error.code, message: r.error.message } } : {}) };
}

/** Summary line after a listen. */
export function listenSummary(r: ListenResult): string {
  const why = { count: 'count reached', duration: 'time is up', aborted: 'stopped', error: `error: ${r.error?.message ?? ''}` }[r.endedBy];
  const drops =
    r.kernelDrops.available && r.kernelDrops.drops > 0 ? ` The kernel dropped ${r.kernelDrops.drops} more (receive buffer full; --rcvbuf raises it).` : '';
  return `${formatCount(r.stats.packets, 'datagram')}, ${formatCount(r.stats.bytes, 'byte')} from ${formatCount(r.stats.sources.length, 'source')} in ${ms(r.elapsedMs)} (${why}).${drops}`;
}

const SEND_USAGE =
  'udp send HOST PORT|HOST:PORT (--text S [-e] | --hex H | --file F) [--wait MS] [--replies N] [-4|-6] [--bind ADDR] [--ttl N] [--broadcast] [--json]';
const LISTEN_USAGE = 'udp listen PORT [--count N] [--timeout MS] [--bind ADDR|IFACE] [-4|-6] [--reuse-addr] [--rcvbuf BYTES] [--json]';

async function send(ctx: CliContext): Promise<number> {
  const { host, port } = hostAndPort(ctx, SEND_USAGE, 1);
  const payload = await payloadFromCli(ctx, SEND_USAGE);
  const wait = intOption(ctx, 'wait') ?? 0;
  const replies = intOption(ctx, 'replies', { min: 1 });
  const ttl = intOption(ctx, 'ttl', { min: 1 });
  const family = familyOption(ctx);
  const bind = stringOption(ctx, 'bind');
  const r = await udpSend(host, port, payload, {
    timeout: ctx.timeout,
    signal: ctx.signal,
    wait,
    ...(replies !== undefined ? { maxReplies: replies } : {}),
    ...(ttl !== undefined ? { ttl } : {}),
    ...(family ? { family } : {}),
    ...(bind ? { bind } : {}),
    ...(flag(ctx, 'broadcast') ? { broadcast: true } : {}),
    ...(!ctx.json ? { onReply: (p: UdpPacket) => ctx.out(packetLine(p)) } : {}),
  });
  if (ctx.json) ctx.printJson({ ...r, replies: r.replies.map(p => packetJson(p)) });
  else
    ctx.err(
      `${r.message}${r.firstReplyMs !== undefined ? ` First reply after ${ms(r.firstReplyMs)}.` : ''} (from ${r.options.localAddress}:${r.options.localPort})`,
    );
  return r.outcome === 'refused' || r.outcome === 'no-reply' ? 1 : 0;
}

async function listen(ctx: CliContext): Promise<number> {
  const port = portArg(ctx, 1, LISTEN_USAGE, true);
  noExtraPositionals(ctx, 2, LISTEN_USAGE);
  const count = intOption(ctx, 'count', { min: 1 });
  const duration = durationOption(ctx);
  const rcvbuf = intOption(ctx, 'rcvbuf', { min: 1 });
  const family = familyOption(ctx);
  const bind = stringOption(ctx, 'bind');
  const lines = lineBatcher(ctx);
  const r = await udpListen(port, {
    timeout: 5000,
    signal: ctx.signal,
    ...(count !== undefined ? { count } : {}),
    ...(duration !== undefined ? { duration } : {}),
    ...(rcvbuf !== undefined ? { recvBufferSize: rcvbuf } : {}),
    ...(family ? { family } : {}),
    ...(bind ? { address: bind } : {}),
    ...(flag(ctx, 'reuse-addr') ? { reuseAddr: true } : {}),
    onReady: s => {
      const o = s.effective();
      const where = formatHostPort(o.localAddress, o.localPort);
      const dual = o.family === 6 && o.localAddress === '::' && !o.ipv6Only ? ' (IPv4 and IPv6)' : '';
      ctx.err(`Listening on UDP ${where}${dual} — ${optionsLine(o)}. ${duration === undefined && count === undefined ? 'Ctrl+C to stop.' : ''}`.trimEnd());
    },
    ...(!ctx.json ? { onPacket: (p: UdpPacket) => lines.push(packetLine(p)) } : {}),
  });
  lines.flush();
  if (ctx.json) ctx.printJson(listenJson(r));
  else ctx.err(listenSummary(r));
  if (r.endedBy === 'error') return 1;
  return r.stats.packets > 0 ? 0 : 1;
}

export const udpCommand: CliCommand = {
  name: 'udp',
  summary: 'Send a UDP datagram (and wait for replies), or listen on a UDP port and print what arrives.',
  usage: `${SEND_USAGE}\n       netprobe ${LISTEN_USAGE}`,
  options: {
    ...PAYLOAD_OPTIONS,
    wait: { type: 'string' },
    replies: { type: 'string' },
    ttl: { type: 'string' },
    bind: { type: 'string' },
    broadcast: { type: 'boolean' },
    count: { type: 'string' },
    rcvbuf: { type: 'string' },
    'reuse-addr': { type: 'boolean' },
    ipv4: { type: 'boolean', short: '4' },
    ipv6: { type: 'boolean', short: '6' },
  },
  async run(ctx) {
    const sub = ctx.positionals[0];
    if (sub === 'send') return send(ctx);
    if (sub === 'listen') return listen(ctx);
    throw new UsageError(
      sub === undefined ? `missing subcommand: send or listen (usage: netprobe ${this.usage})` : `unknown subcommand "${sub}": use send or listen.`,
    );
  },
};
