// The monitor panel's messages, imported by the host (panel.ts) and the webview (src/webview/monitor): no vscode here.
import type { MulticastGroup } from '../../../core/udp/group';
import type { MonitorStats } from '../../../core/udp/monitor';
import type { PacketJson } from '../../../core/udp/format';
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
}

/** Messages from the extension to the monitor webview. */
export type ToMonitorWebview =
  | { type: 'init'; header: MonitorHeader; packets: PacketJson[]; stats: MonitorStats; active: boolean; paused: boolean }
  | { type: 'packets'; packets: PacketJson[]; stats: MonitorStats }
  | { type: 'stats'; stats: MonitorStats }
  | { type: 'stopped'; reason: string; stats: MonitorStats };

/** What the monitor webview's buttons ask of the extension (`filter`: the source filter typed). */
export type MonitorAction =
  | { type: 'pause'; paused: boolean }
  | { type: 'clear' }
  | { type: 'stop' }
  | { type: 'export'; format: 'csv' | 'json'; filter: string };

/** The monitor webview reports how many datagram rows it shows. */
export type MonitorRenderedId = RowsId;
export const isMonitorRenderedId = isRowsId;

/** Messages from the monitor webview to the extension. */
export type FromMonitorWebview = ShellMessage<MonitorRenderedId> | MonitorAction;

/** Narrows an unknown webview message to a MonitorAction. */
export function isMonitorAction(m: unknown): m is MonitorAction {
  if (!isMessage(m)) return false;
  switch (m.type) {
    case 'clear': case 'stop': return true;
    case 'pause': return typeof m.paused === 'boolean';
    case 'export': return (m.format === 'csv' || m.format === 'json') && typeof m.filter === 'string';
    default: return false;
  }
}
