import type { MulticastGroup } from '../../../core/udp/group';
import type { MonitorStats } from '../../../core/udp/monitor';
import type { PacketJson } from '../../../core/udp/format';
import type { EffectiveSocketOptions } from '../../../core/udp/socket';

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

/** Messages from the monitor webview to the extension. */
export type FromMonitorWebview =
  | { type: 'ready' }
  | { type: 'pause'; paused: boolean }
  | { type: 'clear' }
  | { type: 'stop' }
  | { type: 'export'; format: 'csv' | 'json'; filter: string }
  /** Sent after rendering: rows shown and the page text (lets tests check the DOM). */
  | { type: 'rendered'; rows: number; text: string };

/** Narrows an unknown webview message to a FromMonitorWebview. */
export function isFromMonitorWebview(m: unknown): m is FromMonitorWebview {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready': case 'clear': case 'stop': return true;
    case 'pause': return typeof o.paused === 'boolean';
    case 'export': return (o.format === 'csv' || o.format === 'json') && typeof o.filter === 'string';
    case 'rendered': return typeof o.rows === 'number' && typeof o.text === 'string';
    default: return false;
  }
}
