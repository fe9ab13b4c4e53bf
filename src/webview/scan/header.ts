// The top of the scan panel: title with the scan's status, progress, and the toolbar.
import type { ScanAction } from '../../ui/webviews/scan/protocol';
import { checkBox, filterBox } from '../common/controls';
import { button, el, icon } from '../common/dom';
import type { ScanModel } from './model';

const STATUS_ICON: Readonly<Record<string, string>> = {
  running: 'loading codicon-modifier-spin',
  finished: 'pass',
  cancelled: 'circle-slash',
  failed: 'error',
};

export function header(m: ScanModel): HTMLElement {
  const box = el('div', { class: 'head' });
  const title = m.start ? `Scan of ${m.start.host}` : 'Scan';
  const status = m.done ? m.done.status : 'running';
  box.append(el('h1', { class: `scan-${status}` }, icon(STATUS_ICON[status] ?? 'info'), title));
  const open = m.rows.filter(r => r.state === 'open').length;
  const p = m.progress;
  const line = m.done ? m.done.message : p ? `${p.done} / ${p.total} probes · ${p.open} open · ${p.rate}/s` : 'Starting…';
  box.append(el('p', { class: 'summary', id: 'summary' }, line));
  if (m.start) {
    const meta = el('div', { class: 'meta' }, `ports: ${m.start.spec} · ${open} open in the table`);
    if (m.start.via)
      meta.append(' · ', el('span', { class: 'via', title: 'Every probe is a SOCKS CONNECT through this proxy' }, icon('shield'), ` via ${m.start.via}`));
    box.append(meta);
  }
  if (!m.done && p && p.total > 0) {
    const bar = el('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(p.total), 'aria-valuenow': String(p.done) });
    const fill = el('div', { class: 'fill' });
    fill.style.width = `${Math.min(100, (100 * p.done) / p.total).toFixed(1)}%`;
    bar.append(fill);
    box.append(bar);
  }
  return box;
}

export interface ToolbarActions {
  post(action: ScanAction): void;
  /** The filter or "Show closed" changed. */
  refilter(): void;
}

export function toolbar(m: ScanModel, actions: ToolbarActions): HTMLElement {
  const post = (a: ScanAction) => (): void => actions.post(a);
  const bar = el('div', { class: 'toolbar' });
  if (!m.done) bar.append(button('Cancel', 'stop-circle', post({ type: 'cancel' })));
  else bar.append(button('Scan again', 'refresh', post({ type: 'rescan' })));
  bar.append(
    button('Copy as nmap command', 'terminal', post({ type: 'copyNmap' }), 'secondary'),
    button('Export CSV', 'export', post({ type: 'export', format: 'csv' }), 'secondary'),
    button('Export JSON', 'json', post({ type: 'export', format: 'json' }), 'secondary'),
  );
  bar.append(
    filterBox('Filter (port, service, state, banner)', 'Filter rows', m.filter, text => {
      m.filter = text;
      actions.refilter();
    }),
    checkBox('Show closed', 'show-closed', m.showClosed, on => {
      m.showClosed = on;
      actions.refilter();
    }),
  );
  return bar;
}
