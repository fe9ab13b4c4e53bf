import { formatHostPort } from '../../core/address/host-port';
import { connectedTo } from '../../core/route/describe';
import type { SessionCloseSummary, SessionInfo } from '../../core/session/session';
import { newView } from '../results/new-view';
import type { ResultView } from '../results/view-model';
import { formatByteCount, formatCount, formatDuration } from '../../core/text/units';

/** What a raw session was asked: the target, TLS and the proxy argument (its Re-run opens the same). */
export interface RawSessionTarget {
  host: string;
  port: number;
  tls: boolean;
  proxy?: string;
}

/**
 * A raw session as History and the log keep it: metadata only (target, route, duration, bytes each way, who
 * closed and how), never what was said.
 */
export function rawSessionView(t: RawSessionTarget, info: SessionInfo | undefined, end: SessionCloseSummary, error?: string): ResultView {
  const where = `${formatHostPort(t.host, t.port)}${t.tls ? ' (TLS)' : ''}`;
  const rows: Array<[string, string]> = [['Target', where]];
  if (info) {
    rows.push(['Connected to', connectedTo(info)], ['From', formatHostPort(info.localAddress ?? '?', info.localPort ?? 0)], ['Route', info.via]);
    if (info.tls) rows.push(['TLS', `${info.tls.protocol} ${info.tls.cipher}${info.tls.authorized ? '' : ' (not verified)'}`]);
    rows.push(['Connect time', formatDuration(info.connectMs)]);
  }
  rows.push(['Duration', formatDuration(end.durationMs)], ['Bytes sent', formatByteCount(end.bytesOut)], ['Bytes received', formatByteCount(end.bytesIn)]);
  if (info) rows.push(['Closed first by', `${end.firstClosedBy === 'local' ? 'NetProbe (you)' : 'the peer'} (${end.how.toUpperCase()})`]);
  return newView({
    kind: 'rawSession',
    title: `Raw session ${where}`,
    status: error || end.how === 'error' ? 'error' : 'ok',
    elapsedMs: end.durationMs,
    summary: info
      ? `${end.description} ${formatCount(end.bytesOut, 'byte')} sent, ${end.bytesIn} received in ${formatDuration(end.durationMs)}.`
      : `Could not connect: ${error ?? end.description}`,
    sections: [
      { type: 'kv', rows },
      { type: 'text', heading: 'Transcript', text: 'Not kept: History records what a session was, never what was said.' },
    ],
    data: {
      target: t,
      ...(info ? { remote: formatHostPort(info.remoteAddress, info.remotePort), via: info.via } : {}),
      durationMs: end.durationMs,
      bytesIn: end.bytesIn,
      bytesOut: end.bytesOut,
      firstClosedBy: end.firstClosedBy,
      how: end.how,
      ...(error ? { error } : {}),
    },
    rerun: { command: 'netprobe.openRawSession', args: t.proxy === undefined ? [t.host, t.port, t.tls] : [t.host, t.port, t.tls, t.proxy] },
  });
}
