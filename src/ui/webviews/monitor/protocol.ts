// The monitor panel's messages, imported by the host (panel.ts) and the webview (src/webview/monitor): no vscode here.
import type { MulticastGroup } from '../../../core/udp/group';
import type { MonitorStats } from '../../../core/udp/monitor';
import type { KernelDrops } from '../../../core/platform/udp-drops';
import type { PacketJson, PacketPreview } from '../../../core/udp/format';
import type { EffectiveSocketOptions } from '../../../core/udp/socket';
import type { RowsId, ShellMessage } from '../protocol';
import { isMessage, isRowsId } from '../protocol';

/** The monitor header: what is listening and with which effective socket options. */
export interface MonitorHeader {
  id: string;
  kind: 'udp' | 'multicast';
  title: string;
  options: EffectiveSocketOptions;
  group?: MulticastGroup;
  warnings: string[];
  startedAt: number;
  /** Most packets kept (older ones are let go). */
  capacity: number;
  /** Most datagrams the monitor lists per refresh (10 a second); the rest are counted, not listed. */
  listedPerRefresh: number;
}

/** Counts the totals in `stats` do not hold: datagrams not listed, and those the kernel dropped before NetProbe saw them. */
export interface MonitorCounters {
  /** Received (and counted in `stats`) but not listed: they came faster than the list refreshes. */
  notListed: number;
  /** Dropped by the kernel (the socket's receive buffer was full): never received, not in `stats`. */
  kernel: KernelDrops;
}

/** One whole datagram, fetched on demand: its payload as base64 (the hex dump) and as text. */
export type PacketDetail = PacketJson & { base64: string };

/** Messages from the extension to the monitor webview. */
export type ToMonitorWebview =
  | { type: 'init'; header: MonitorHeader; packets: PacketPreview[]; stats: MonitorStats; counters: MonitorCounters; active: boolean; paused: boolean }
  | { type: 'packets'; packets: PacketPreview[]; stats: MonitorStats; counters: MonitorCounters }
  | { type: 'stats'; stats: MonitorStats; counters: MonitorCounters }
  | { type: 'stopped'; reason: string; stats: MonitorStats; counters: MonitorCounters }
  | { type: 'detail'; seq: number; packet?: PacketDetail; missing?: string }
  /** Test hook (netprobe.internal.openMonitorPacket): open datagram `seq` as a click on its row does. */
  | { type: 'open'; seq: number };

/** What the monitor webview's buttons ask of the extension (`filter`: the source filter typed). */
export type MonitorAction =
  | { type: 'pause'; paused: boolean }
  | { type: 'clear' }
  | { type: 'stop' }
  | { type: 'export'; format: 'csv' | 'json'; filter: string }
  | { type: 'detail'; seq: number };

/** The monitor webview reports how many datagram rows it shows. */
export type MonitorRenderedId = RowsId;
export const isMonitorRenderedId = isRowsId;

/** Messages from the monitor webview to the extension. */
export type FromMonitorWebview = ShellMessage<MonitorRenderedId> | MonitorAction;

/** Narrows an unknown webview message to a MonitorAction. */
export function isMonitorAction(m: unknown): m is MonitorAction {
  if (!isMessage(m)) return false;
  switch (m.type) {
    case 'clear':
    case 'stop':
      return true;
    case 'pause':
      return typeof m.paused === 'boolean';
    case 'export':
      return (m.format === 'csv' || m.format === 'json') && typeof m.filter === 'string';
    case 'detail':
      return typeof m.seq === 'number' && Number.isSafeInteger(m.seq) && m.seq > 0;
    default:
      return false;
  }
}
