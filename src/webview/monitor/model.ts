// What the monitor panel holds: the header, the datagrams kept, the stats and the user's filter and Hex choice.
import type { PacketJson } from '../../core/udp/format';
import type { MonitorStats } from '../../core/udp/monitor';
import type { MonitorHeader } from '../../ui/webviews/monitor/protocol';

export interface MonitorModel {
  header: MonitorHeader | undefined;
  packets: PacketJson[];
  stats: MonitorStats | undefined;
  active: boolean;
  paused: boolean;
  /** Why the socket stopped ('' while it runs). */
  stopped: string;
  filter: string;
  showHex: boolean;
}

/** `address:port`, IPv6 in brackets. */
export function source(p: { from: string; port: number }): string {
  return p.from.includes(':') ? `[${p.from}]:${p.port}` : `${p.from}:${p.port}`;
}

/** The datagrams whose source contains the filter text. */
export function visiblePackets(m: MonitorModel): PacketJson[] {
  const f = m.filter.trim();
  return f ? m.packets.filter(p => source(p).includes(f)) : m.packets;
}
