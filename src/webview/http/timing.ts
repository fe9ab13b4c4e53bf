// The Timing tab: a waterfall of the phases and curl's -w equivalents.
import type { ExchangeView } from '../../ui/webviews/http/protocol';
import { el } from '../common/dom';
import { kvTable } from '../common/table';
import { formatDuration } from '../../core/text/units';

export function timingTab(ex: ExchangeView): HTMLElement {
  const t = ex.timings;
  const phases: Array<[string, number]> = [['DNS', t.dns], ['TCP connect', t.connect], ['TLS handshake', t.tls], ['Request sent', t.send], ['Waiting (TTFB)', t.wait], ['Download', t.download]];
  const total = Math.max(t.total, phases.reduce((n, p) => n + p[1], 0), 0.001);
  const chart = el('div', { class: 'timing' });
  let start = 0;
  phases.forEach(([name, ms], i) => {
    const bar = el('div', { class: `bar phase-${i}` });
    bar.style.marginLeft = `${(start / total) * 100}%`;
    bar.style.width = `${Math.max((ms / total) * 100, ms > 0 ? 0.4 : 0)}%`;
    chart.append(el('div', { class: 'timing-row' }, el('span', { class: 'timing-label' }, name), el('div', { class: 'track' }, bar), el('span', { class: 'timing-ms' }, formatDuration(ms))));
    start += ms;
  });
  chart.append(el('div', { class: 'timing-row total' }, el('span', { class: 'timing-label' }, 'Total'), el('div', { class: 'track' }), el('span', { class: 'timing-ms' }, formatDuration(t.total))));
  const c = ex.curl;
  const curl: Array<[string, number]> = [['time_namelookup', c.namelookup], ['time_connect', c.connect], ['time_appconnect', c.appconnect], ['time_pretransfer', c.pretransfer], ['time_starttransfer', c.starttransfer], ['time_total', c.total]];
  return el('div', {}, chart, el('h2', {}, 'curl -w equivalents (from the start)'), kvTable(curl.map(([k, v]) => [k, formatDuration(v)])));
}
