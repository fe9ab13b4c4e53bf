import type { MulticastGroup } from '../../core/udp/group';
import { parseMulticastGroup } from '../../core/udp/group';
import { mcastJoin, mcastSend } from '../../core/udp/multicast';
import type { UdpPacket } from '../../core/udp/socket';
import { flag, intOption, noExtraPositionals, requirePositional, stringOption } from '../args';
import type { CliCommand, CliContext } from '../types';
import { UsageError } from '../types';
import { PAYLOAD_OPTIONS, durationOption, lineBatcher, listenJson, listenSummary, optionsLine, packetLine, payloadFromCli, portArg } from './udp';

const JOIN_USAGE = 'mcast join GROUP PORT [--iface I] [--source S] [--count N] [--timeout MS] [--rcvbuf BYTES] [--json]';
const SEND_USAGE = 'mcast send GROUP PORT (--text S [-e] | --hex H | --file F) [--ttl N] [--iface I] [--loopback] [--repeat N] [--interval MS] [--json]';
const INFO_USAGE = 'mcast info GROUP [--json]';

function groupLine(g: MulticastGroup): string {
  return `${g.group}: ${g.description}${g.wellKnown ? ` — ${g.wellKnown}` : ''} [${g.range}${g.ssm ? ', SSM' : ''}]`;
}

async function join(ctx: CliContext): Promise<number> {
  const group = requirePositional(ctx, 1, 'GROUP', JOIN_USAGE);
  const port = portArg(ctx, 2, JOIN_USAGE);
  noExtraPositionals(ctx, 3, JOIN_USAGE);
  const count = intOption(ctx, 'count', { min: 1 });
  const duration = durationOption(ctx);
  const rcvbuf = intOption(ctx, 'rcvbuf', { min: 1 });
  const iface = stringOption(ctx, 'iface');
  const source = stringOption(ctx, 'source');
  const lines = lineBatcher(ctx);
  const r = await mcastJoin(group, port, {
    timeout: 5000,
    signal: ctx.signal,
    ...(count !== undefined ? { count } : {}),
    ...(duration !== undefined ? { duration } : {}),
    ...(rcvbuf !== undefined ? { recvBufferSize: rcvbuf } : {}),
    ...(iface ? { iface } : {}),
    ...(source ? { source } : {}),
    onReady: rec => {
      const o = rec.socket.effective();
      const m = o.memberships[0];
      ctx.err(
        `Joined ${rec.group.group}${m?.source ? ` from ${m.source}` : ''} on ${m?.iface ?? 'default'}, port ${port} (bound ${o.localAddress}) — ${optionsLine(o)}.`,
      );
      ctx.err(groupLine(rec.group));
      for (const w of rec.warnings) ctx.err(`note: ${w}`);
      if (duration === undefined && count === undefined) ctx.err('Waiting for datagrams — Ctrl+C to stop.');
    },
    ...(!ctx.json ? { onPacket: (p: UdpPacket) => lines.push(packetLine(p)) } : {}),
  });
  lines.flush();
  if (ctx.json) ctx.printJson({ ...listenJson(r), group: r.group, port: r.port, warnings: r.warnings });
  else ctx.err(listenSummary(r));
  if (r.endedBy === 'error') return 1;
  return r.stats.packets > 0 ? 0 : 1;
}

async function send(ctx: CliContext): Promise<number> {
  const group = requirePositional(ctx, 1, 'GROUP', SEND_USAGE);
  const port = portArg(ctx, 2, SEND_USAGE);
  noExtraPositionals(ctx, 3, SEND_USAGE);
  const payload = await payloadFromCli(ctx, SEND_USAGE);
  const ttl = intOption(ctx, 'ttl');
  const repeat = intOption(ctx, 'repeat', { min: 1 });
  const interval = intOption(ctx, 'interval');
  const iface = stringOption(ctx, 'iface');
  const r = await mcastSend(group, port, payload, {
    timeout: ctx.timeout,
    signal: ctx.signal,
    loopback: flag(ctx, 'loopback'),
    ...(ttl !== undefined ? { ttl } : {}),
    ...(repeat !== undefined ? { count: repeat } : {}),
    ...(interval !== undefined ? { interval } : {}),
    ...(iface ? { iface } : {}),
  });
  if (ctx.json) {
    ctx.printJson(r);
  } else {
    ctx.out(r.message);
    ctx.out(groupLine(r.group));
    for (const w of r.warnings) ctx.err(`note: ${w}`);
  }
  return 0;
}

function info(ctx: CliContext): number {
  const g = parseMulticastGroup(requirePositional(ctx, 1, 'GROUP', INFO_USAGE));
  noExtraPositionals(ctx, 2, INFO_USAGE);
  if (ctx.json) ctx.printJson(g);
  else ctx.out(groupLine(g));
  return 0;
}

export const mcastCommand: CliCommand = {
  name: 'mcast',
  summary: "Join a multicast group and print what arrives, send to a group, or name a group's scope.",
  usage: `${JOIN_USAGE}\n       netprobe ${SEND_USAGE}\n       netprobe ${INFO_USAGE}`,
  options: {
    ...PAYLOAD_OPTIONS,
    iface: { type: 'string' },
    source: { type: 'string' },
    count: { type: 'string' },
    rcvbuf: { type: 'string' },
    ttl: { type: 'string' },
    loopback: { type: 'boolean' },
    repeat: { type: 'string' },
    interval: { type: 'string' },
  },
  async run(ctx) {
    const sub = ctx.positionals[0];
    if (sub === 'join') return join(ctx);
    if (sub === 'send') return send(ctx);
    if (sub === 'info') return Promise.resolve(info(ctx));
    throw new UsageError(
      sub === undefined ? `missing subcommand: join, send or info (usage: netprobe ${this.usage})` : `unknown subcommand "${sub}": use join, send or info.`,
    );
  },
};
