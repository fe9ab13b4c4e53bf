import type { PacketJson } from '../../core/udp/format';
import type { MonitorStats } from '../../core/udp/monitor';
import type { MulticastSendResult } from '../../core/udp/multicast';
import type { EffectiveSocketOptions } from '../../core/udp/socket';
import type { UdpSendResult } from '../../core/udp/send';
import { newView } from '../results/new-view';
import type { ResultSection, ResultView } from '../results/view-model';
import type { SocketSessionInfo } from '../udp/udp-sessions';
import { formatHostPort } from '../../core/address/host-port';
import { formatByteCount, formatBytes, formatCount, formatDuration } from '../../core/text/units';

const ms = formatDuration;

function endpoint(address: string, port: number): string {
  return formatHostPort(address, port);
}

/** Socket options as key/value rows. */
export function optionRows(o: EffectiveSocketOptions, multicast: boolean): Array<[string, string]> {
  const buf = (b: { requested?: number; effective: number }): string =>
    `${formatByteCount(b.effective)}${b.requested ? `, asked ${formatByteCount(b.requested)}` : ''}`;
  const rows: Array<[string, string]> = [
    ['Local socket', endpoint(o.localAddress, o.localPort)],
    ['SO_REUSEADDR', o.reuseAddr ? 'on' : 'off'],
    ['SO_REUSEPORT', o.reusePort === 'unsupported' ? 'not supported here' : o.reusePort ? 'on' : 'off'],
    ['Receive buffer', buf(o.recvBufferSize)],
    ['Send buffer', buf(o.sendBufferSize)],
  ];
  if (o.ttl !== undefined) rows.push(['TTL', String(o.ttl)]);
  if (o.broadcast) rows.push(['SO_BROADCAST', 'on']);
  if (multicast)
    rows.push(
      ['Multicast TTL', String(o.multicastTtl)],
      ['Multicast loopback', o.multicastLoopback ? 'on' : 'off'],
      ['Multicast interface', o.multicastInterface],
    );
  return rows;
}

function packetTable(heading: string, packets: readonly PacketJson[]): ResultSection {
  return {
    type: 'table',
    heading,
    columns: ['#', 'Time', 'Source', 'Size', 'Payload'],
    rows: packets.map(p => [
      String(p.seq),
      new Date(p.time).toISOString().slice(11, 23),
      endpoint(p.from, p.port),
      formatBytes(p.size),
      p.printable ? p.text : `hex ${p.hex}`,
    ]),
  };
}

/** A datagram NetProbe sent to one of its own listeners. */
export interface OwnDelivery {
  /** The listener's title (`UDP 127.0.0.1:5000`). */
  listener: string;
  /** Its session id. */
  id: string;
  /** Its arrival number in that listener's monitor, when seen. */
  datagram?: number;
}

/** The result of Send UDP. */
export function udpSendView(r: Omit<UdpSendResult, 'replies'> & { replies: PacketJson[]; deliveredTo?: OwnDelivery }, rerun: unknown[]): ResultView {
  const own = r.deliveredTo;
  const ownText = own
    ? `Delivered to NetProbe's own listener ${own.listener}${own.datagram !== undefined ? ` (datagram #${own.datagram} in its monitor)` : ''}; a listener does not reply.`
    : undefined;
  const sections: ResultSection[] = [
    {
      type: 'kv',
      rows: [
        ['Target', `${r.host} → ${endpoint(r.address, r.port)}`],
        ['Sent', formatBytes(r.bytesSent)],
        ['Outcome', ownText ?? r.outcome],
        ...(r.firstReplyMs !== undefined ? [['First reply', ms(r.firstReplyMs)] as [string, string]] : []),
        ['Time', ms(r.elapsedMs)],
      ],
    },
    { type: 'kv', heading: 'Socket', rows: optionRows(r.options, false) },
  ];
  if (r.replies.length) sections.push(packetTable(`Replies (${r.replies.length})`, r.replies));
  return newView({
    kind: 'udpSend',
    title: `UDP to ${endpoint(r.address, r.port)}`,
    summary: ownText ?? r.message,
    status: own ? 'ok' : r.outcome === 'refused' ? 'error' : r.outcome === 'no-reply' ? 'warning' : 'ok',
    elapsedMs: r.elapsedMs,
    sections,
    data: r,
    rerun: { command: 'netprobe.sendUdp', args: rerun },
  });
}

/** The result of Send Multicast. */
export function mcastSendView(r: MulticastSendResult, rerun: unknown[]): ResultView {
  return newView({
    kind: 'mcastSend',
    title: `Multicast to ${endpoint(r.group.group, r.port)}`,
    summary: r.message,
    status: r.warnings.length ? 'warning' : 'ok',
    elapsedMs: r.elapsedMs,
    sections: [
      {
        type: 'kv',
        rows: [
          ['Group', r.group.group],
          ['Scope', r.group.description],
          ['Range', `${r.group.range}${r.group.ssm ? ' (source-specific)' : ''}`],
          ...(r.group.wellKnown ? [['Well-known', r.group.wellKnown] as [string, string]] : []),
          ['Datagrams', `${r.datagrams} (${formatBytes(r.bytesSent)})`],
        ],
      },
      { type: 'kv', heading: 'Socket', rows: optionRows(r.options, true) },
      ...(r.warnings.length ? [{ type: 'text', heading: 'Notes', text: r.warnings.join('\n') } as ResultSection] : []),
    ],
    data: r,
    rerun: { command: 'netprobe.sendMulticast', args: rerun },
  });
}

/** A finished listener, for History and the log; `rerun` listens again the same way. */
export function sessionView(
  info: SocketSessionInfo,
  endedBy: string,
  stats: MonitorStats,
  packets: readonly PacketJson[],
  rerun?: ResultView['rerun'],
): ResultView {
  const last = packets.slice(-50);
  return newView({
    kind: info.kind === 'multicast' ? 'mcastJoin' : 'udpListen',
    title: info.title,
    summary: `${formatCount(stats.packets, 'datagram')}, ${formatBytes(stats.bytes)} from ${formatCount(stats.sources.length, 'source')}; ended: ${endedBy}.`,
    status: endedBy === 'error' ? 'error' : 'ok',
    elapsedMs: Date.now() - info.startedAt,
    sections: [
      { type: 'kv', rows: optionRows(info.options, info.kind === 'multicast') },
      ...(stats.sources.length
        ? [
            {
              type: 'table',
              heading: 'Sources',
              columns: ['Source', 'Datagrams', 'Bytes'],
              rows: stats.sources.map(s => [s.source, String(s.packets), formatBytes(s.bytes)]),
            } as ResultSection,
          ]
        : []),
      ...(last.length ? [packetTable(last.length < packets.length ? `Last ${last.length} datagrams` : 'Datagrams', last)] : []),
    ],
    data: { ...info, endedBy, stats, packets: last },
    ...(rerun ? { rerun } : {}),
  });
}
