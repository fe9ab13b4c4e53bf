// What the monitor panel holds: the header, the datagram previews listed, the stats and counters, the user's
// filter and Hex choice, and the datagram opened in full.
import type { PacketPreview } from '../../core/udp/format';
import type { MonitorStats } from '../../core/udp/monitor';
import type { MonitorCounters, MonitorHeader, PacketDetail } from '../../ui/webviews/monitor/protocol';

export interface MonitorModel {
  header: MonitorHeader | undefined;
  packets: PacketPreview[];
  stats: MonitorStats | undefined;
  counters: MonitorCounters | undefined;
  active: boolean;
  paused: boolean;
  /** Why the socket stopped ('' while it runs). */
  stopped: string;
  filter: string;
  showHex: boolean;
  /** The datagram opened (its number), and what the host sent for it. */
  selected?: number;
  detail?: { seq: number; packet?: PacketDetail; missing?: string };
}

/** Most previews the panel lists (older ones leave the list; the host keeps its own bounded store). */
export const LISTED = 5000;

/** `address:port`, IPv6 in brackets. */
export function source(p: { from: string; port: number }): string {
  return p.from.includes(':') ? `[${p.from}]:${p.port}` : `${p.from}:${p.port}`;
}

/** The datagrams whose source contains the filter text. */
export function visiblePackets(m: MonitorModel): PacketPreview[] {
  const f = m.filter.trim();
  return f ? m.packets.filter(p => source(p).includes(f)) : m.packets;
}

/** Adds previews, keeping the newest {@link LISTED} (and never more than the host keeps). */
export function addPackets(m: MonitorModel, packets: readonly PacketPreview[]): void {
  const limit = Math.min(LISTED, m.header?.capacity ?? LISTED);
  const all = m.packets.concat(packets);
  m.packets = all.length > limit ? all.slice(-limit) : all;
}
