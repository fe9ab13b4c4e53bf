// The Timing tab: a waterfall of the phases and curl's -w equivalents; for HTTP/2, each stream's timing.
import type { ExchangeView } from '../../ui/webviews/http/protocol';
import { el } from '../common/dom';
import { gridTable, kvTable, row } from '../common/table';
import { formatDuration } from '../../core/text/units';

function ms(v: number | undefined): string {
  return v === undefined ? '—' : formatDuration(v);
}

/** A bar from `from` to `to` (ms) on a track `span` ms long (nothing when a mark is missing). */
function streamBar(from: number | undefined, to: number | undefined, span: number, phase: number): HTMLElement | null {
  if (from === undefined || to === undefined) return null;
  const bar = el('div', { class: `bar phase-${phase}` });
  bar.style.left = `${(from / span) * 100}%`;
  bar.style.width = `${Math.max(((to - from) / span) * 100, 0.4)}%`;
  return bar;
}

/**
 * HTTP/2: the stream's own marks (headers sent, first and last byte, in ms from the connection's first frame)
 * and, when the send had several streams on this connection, each of them side by side.
 */
function streamTiming(ex: ExchangeView, all: readonly ExchangeView[]): HTMLElement[] {
  const h = ex.http2;
  if (!h) return [];
  const out: HTMLElement[] = [
    el('h2', {}, `HTTP/2 stream ${h.streamId} (ms from the connection's first frame)`),
    kvTable([
      ['Headers sent', ms(h.headersSentMs)],
      ['First byte', ms(h.firstByteMs)],
      ['Last byte', ms(h.lastByteMs)],
      ['Waiting (headers sent → first byte)', h.headersSentMs !== undefined && h.firstByteMs !== undefined ? ms(h.firstByteMs - h.headersSentMs) : '—'],
      ['Receiving (first → last byte)', h.firstByteMs !== undefined && h.lastByteMs !== undefined ? ms(h.lastByteMs - h.firstByteMs) : '—'],
    ]),
  ];
  const peers = all.filter(e => e.http2 && e.connection.id === ex.connection.id);
  if (peers.length < 2) return out;
  const span = Math.max(0.001, ...peers.map(e => e.http2?.lastByteMs ?? e.http2?.firstByteMs ?? e.http2?.headersSentMs ?? 0));
  out.push(
    el('h2', {}, `Streams on connection #${ex.connection.id} (${peers.length})`),
    gridTable(
      ['Stream', 'Request', 'Headers sent', 'First byte', 'Last byte', 'Waiting / receiving'],
      peers.map(e => {
        const s = e.http2;
        const track = el(
          'div',
          { class: 'stream-track' },
          streamBar(s?.headersSentMs, s?.firstByteMs, span, 4),
          streamBar(s?.firstByteMs, s?.lastByteMs, span, 5),
        );
        return row(
          [
            String(s?.streamId ?? ''),
            `${e.method} ${e.url}${e.statusCode ? ` → ${e.statusCode}` : ''}`,
            ms(s?.headersSentMs),
            ms(s?.firstByteMs),
            ms(s?.lastByteMs),
            track,
          ],
          e === ex ? { class: 'current' } : {},
        );
      }),
      ['fit', 'name', 'fit', 'fit', 'fit', 'data'],
    ),
  );
  return out;
}

export function timingTab(ex: ExchangeView, all: readonly ExchangeView[]): HTMLElement {
  const t = ex.timings;
  const steps: Array<[string, number, NonNullable<ExchangeView['failedPhase']>]> = [
    ['DNS', t.dns, 'dns'],
    ['TCP connect', t.connect, 'connect'],
    ['TLS handshake', t.tls, 'tls'],
    ['Request sent', t.send, 'send'],
    ['Waiting (TTFB)', t.wait, 'wait'],
    ['Download', t.download, 'download'],
  ];
  // A failed exchange: the phases up to the one that failed (marked); those after it never ran.
  const failedAt = ex.failedPhase ? steps.findIndex(p => p[2] === ex.failedPhase) : -1;
  const phases: Array<[string, number]> = (failedAt >= 0 ? steps.slice(0, failedAt + 1) : steps).map(([name, v], i) => [
    i === failedAt ? `${name} ✗ failed` : name,
    v,
  ]);
  const total = Math.max(
    t.total,
    phases.reduce((n, p) => n + p[1], 0),
    0.001,
  );
  const chart = el('div', { class: 'timing' });
  let start = 0;
  phases.forEach(([name, ms], i) => {
    const bar = el('div', { class: `bar phase-${i}` });
    bar.style.marginLeft = `${(start / total) * 100}%`;
    bar.style.width = `${Math.max((ms / total) * 100, ms > 0 ? 0.4 : 0)}%`;
    chart.append(
      el(
        'div',
        { class: 'timing-row' },
        el('span', { class: 'timing-label' }, name),
        el('div', { class: 'track' }, bar),
        el('span', { class: 'timing-ms' }, formatDuration(ms)),
      ),
    );
    start += ms;
  });
  chart.append(
    el(
      'div',
      { class: 'timing-row total' },
      el('span', { class: 'timing-label' }, 'Total'),
      el('div', { class: 'track' }),
      el('span', { class: 'timing-ms' }, formatDuration(t.total)),
    ),
  );
  if (failedAt >= 0 && failedAt < steps.length - 1)
    chart.append(
      el(
        'p',
        { class: 'muted', id: 'timing-not-reached' },
        `Not reached: ${steps
          .slice(failedAt + 1)
          .map(p => p[0])
          .join(', ')}.`,
      ),
    );
  const c = ex.curl;
  const curl: Array<[string, number]> = [
    ['time_namelookup', c.namelookup],
    ['time_connect', c.connect],
    ['time_appconnect', c.appconnect],
    ['time_pretransfer', c.pretransfer],
    ['time_starttransfer', c.starttransfer],
    ['time_total', c.total],
  ];
  return el(
    'div',
    {},
    chart,
    el('h2', {}, 'curl -w equivalents (from the start)'),
    kvTable(curl.map(([k, v]) => [k, formatDuration(v)])),
    ...streamTiming(ex, all),
  );
}
