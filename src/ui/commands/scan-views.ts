import type { ListenersResult } from '../../core/listeners/listeners';
import { nmapCommand } from '../../core/scan/nmap-command';
import type { ScanCounts, ScanResult } from '../../core/scan/types';
import { formatCount, formatDuration } from '../../core/text/units';
import { newView } from '../results/new-view';
import type { ResultView } from '../results/view-model';
import type { ScanSnapshot } from '../webviews/scan/protocol';

const ms = formatDuration;

/** `2 open, 1 closed, 3 filtered, 1 error` (filtered and errors only when there are some). */
export function scanCountsText(c: ScanCounts): string {
  return [`${c.open} open`, `${c.closed} closed`, c.filtered ? `${c.filtered} filtered` : '', c.error ? formatCount(c.error, 'error') : '']
    .filter(Boolean)
    .join(', ');
}

/** What a scan covered: `3 ports × 1 address`. */
export function scanSizeText(r: Pick<ScanResult, 'portCount' | 'targets'>): string {
  return `${formatCount(r.portCount, 'port')} × ${formatCount(r.targets.length, 'address', 'addresses')}`;
}

/** A scan result; `via` (password redacted) and `resolvedBy` when it went through a SOCKS proxy. */
export type ScanViewInput = ScanResult & { via?: string; resolvedBy?: 'client' | 'proxy' | 'none' };

const RESOLVED_BY = { client: 'this machine', proxy: 'the proxy', none: 'nobody (an IP address)' } as const;

/**
 * The log view of a finished scan; `nmap` is the equivalent nmap command when the caller has it; `snapshot` what
 * the scan panel shows (History reopens it there).
 */
export function scanView(r: ScanViewInput, nmap?: string, snapshot?: ScanSnapshot): ResultView {
  // Like nmap: closed ports are listed only for short lists; otherwise they are counted.
  const listed = r.ports.length <= 25 ? r.ports : r.ports.filter(p => p.state !== 'closed');
  const states = scanCountsText(r.counts);
  return newView({
    kind: 'scan',
    title: `Scan ${r.host}${r.via ? ' (via proxy)' : ''}`,
    summary: `${formatCount(r.portCount, 'port')} on ${r.targets.map(t => t.address).join(', ')}${r.via ? ` via ${r.via}` : ''}: ${states}. Open: ${r.open.length ? r.open.join(', ') : 'none'}.`,
    status: r.counts.error ? 'warning' : 'ok',
    elapsedMs: r.elapsedMs,
    sections: [
      {
        type: 'kv',
        rows: [
          ['Host', r.host],
          ['Addresses', r.targets.map(t => t.address).join(', ')],
          ...(r.via
            ? ([
                ['Through proxy', r.via],
                ['Names resolved by', RESOLVED_BY[r.resolvedBy ?? 'client']],
              ] as Array<[string, string]>)
            : []),
          ['Ports', `${r.spec} (${r.portCount})`],
          ['States', states],
          ['Time', ms(r.elapsedMs)],
          ['Same scan with nmap', nmap ?? nmapCommand(r.host, { ports: r.spec })],
        ],
      },
      {
        type: 'table',
        heading: listed.length < r.ports.length ? `Ports (${r.ports.length - listed.length} closed not listed)` : 'Ports',
        columns: ['Address', 'Port', 'State', 'Service', 'Time', 'Banner'],
        rows: listed.map(p => [
          p.address,
          `${p.port}/tcp`,
          p.state + (p.errno && p.state !== 'closed' && p.state !== 'open' ? ` (${p.errno})` : ''),
          p.service ?? '',
          p.rttMs !== undefined ? ms(p.rttMs) : '',
          p.banner ? (p.banner.text.split('\n')[0] ?? '') : '',
        ]),
      },
    ],
    data: r,
    rerun: { command: 'netprobe.scanPorts', args: [r.host, r.spec] },
    ...(snapshot ? { model: { panel: 'scan' as const, state: snapshot } } : {}),
  });
}

/** The results-panel view of the local listeners. */
export function listenersView(r: ListenersResult): ResultView {
  if (!r.supported) {
    return newView({ kind: 'listeners', title: 'Listening ports', summary: r.message ?? 'Not supported here.', status: 'warning', sections: [], data: r });
  }
  const tcp = r.listeners.filter(l => l.protocol === 'tcp').length;
  return newView({
    kind: 'listeners',
    title: 'Listening ports',
    summary: `${formatCount(tcp, 'TCP listener')} and ${formatCount(r.listeners.length - tcp, 'bound UDP socket')} on this machine.`,
    status: 'ok',
    elapsedMs: r.elapsedMs,
    sections: [
      {
        type: 'table',
        columns: ['Proto', 'Address', 'Port', 'Service', 'PID', 'Process', 'Command'],
        rows: r.listeners.map(l => [
          `${l.protocol}${l.family === 6 ? '6' : ''}`,
          l.address,
          String(l.port),
          l.service ?? '',
          l.processes.map(p => String(p.pid)).join(', ') || '—',
          l.processes.map(p => p.name).join(', ') || (l.uid !== undefined ? `(uid ${l.uid})` : '—'),
          l.processes.map(p => p.command ?? '').join(' | '),
        ]),
      },
    ],
    data: r,
    rerun: { command: 'netprobe.showListeners', args: [] },
  });
}
