// The top of the monitor: state, why it stopped, the socket options in effect, warnings and live stats.
import type { MonitorStats } from '../../core/udp/monitor';
import type { MonitorCounters, MonitorHeader } from '../../ui/webviews/monitor/protocol';
import { el, icon } from '../common/dom';
import { kvTable } from '../common/table';
import type { MonitorModel } from './model';
import { source } from './model';
import { formatByteCount, formatBytes, formatCount } from '../../core/text/units';

const STATE_ICON: Readonly<Record<string, string>> = { live: 'radio-tower', paused: 'debug-pause', stopped: 'circle-slash' };

const bytes = formatBytes;

function optionRows(header: MonitorHeader): Array<[string, string]> {
  const o = header.options;
  const where = source({ from: o.localAddress, port: o.localPort });
  const buf = (b: { effective: number; requested?: number }): string =>
    `${formatByteCount(b.effective)}${b.requested ? `, asked ${formatByteCount(b.requested)}` : ''}`;
  const rows: Array<[string, string]> = [
    ['Bound to', `${where} (IPv${o.family}${o.family === 6 && o.localAddress === '::' && !o.ipv6Only ? ', also IPv4' : ''})`],
  ];
  if (header.group) {
    const g = header.group;
    rows.push(['Group', `${g.group} — ${g.description}${g.wellKnown ? ` (${g.wellKnown})` : ''}`], ['Range', `${g.range}${g.ssm ? ' · source-specific' : ''}`]);
  }
  if (o.memberships.length) rows.push(['Memberships', o.memberships.map(m => `${m.group} on ${m.iface}${m.source ? ` from ${m.source}` : ''}`).join(', ')]);
  rows.push(
    ['SO_REUSEADDR', o.reuseAddr ? 'on' : 'off'],
    ['SO_REUSEPORT', o.reusePort === 'unsupported' ? 'not supported by this Node/platform' : o.reusePort ? 'on' : 'off'],
    ['Receive buffer', buf(o.recvBufferSize)],
    ['Send buffer', buf(o.sendBufferSize)],
  );
  if (header.kind === 'multicast')
    rows.push(['Multicast TTL / loopback', `${o.multicastTtl} / ${o.multicastLoopback ? 'on' : 'off'}`], ['Multicast interface', o.multicastInterface]);
  if (o.family === 6) rows.push(['IPV6_V6ONLY', o.ipv6Only ? 'on' : 'off']);
  rows.push(
    ['Kept in memory', `the last ${header.capacity} datagrams (click one to see it whole)`],
    ['Listed', `at most ${header.listedPerRefresh} new datagrams per 0.1 s; the totals count every one`],
  );
  return rows;
}

/** One line of totals and rates (the `#stats` element, updated in place every second). */
export function statsText(stats: MonitorStats | undefined, counters?: MonitorCounters): string {
  if (!stats) return '';
  const parts = [
    formatCount(stats.packets, 'datagram'),
    bytes(stats.bytes),
    `${stats.packetsPerSecond.toFixed(1)} pkt/s`,
    `${bytes(stats.bytesPerSecond)}/s (last ${stats.windowMs / 1000} s)`,
    formatCount(stats.sources.length, 'source'),
  ];
  if (stats.evicted) parts.push(`${stats.evicted} older let go`);
  if (counters?.notListed) parts.push(`${counters.notListed} not listed (came faster than the list refreshes)`);
  return parts.join(' · ');
}

/** The kernel's drops, apart from the totals: datagrams the socket never delivered (the `#kernel` element). */
export function kernelText(counters: MonitorCounters | undefined): string {
  const k = counters?.kernel;
  if (!k) return '';
  if (!k.available) return `Kernel drops: not available (${k.reason})`;
  return `Kernel drops: ${formatCount(k.drops, 'datagram')} dropped before delivery (receive buffer full)${k.queuedBytes ? ` · ${formatByteCount(k.queuedBytes)} waiting` : ''}`;
}

export function head(m: MonitorModel, header: MonitorHeader): HTMLElement {
  const box = el('div', { class: 'head' });
  const state = !m.active ? 'stopped' : m.paused ? 'paused' : 'live';
  box.append(el('h1', { class: `mon-${state}` }, icon(STATE_ICON[state] ?? 'info'), header.title, el('span', { class: 'badge' }, state)));
  if (m.stopped) box.append(el('p', { class: 'summary', id: 'stopped' }, m.stopped));
  const opts = el('details', { class: 'options', open: '' }, el('summary', {}, 'Socket options in effect'));
  opts.append(kvTable(optionRows(header)));
  box.append(opts);
  for (const w of header.warnings) box.append(el('p', { class: 'warning' }, icon('warning'), w));
  box.append(el('p', { class: 'stats', id: 'stats' }, statsText(m.stats, m.counters)), el('p', { class: 'stats muted', id: 'kernel' }, kernelText(m.counters)));
  return box;
}
