// Results panel: renders a ResultView (src/ui/webviews/results/protocol.ts). Network data is text only.
import type { ResultSection, ResultView } from '../../ui/results/view-model';
import type { ResultsAction, ResultsRenderedId, ShownResult, ToResultsWebview } from '../../ui/webviews/results/protocol';
import { connect } from '../common/channel';
import { appRoot, button, el, icon } from '../common/dom';
import { gridTable, kvTable, row } from '../common/table';

const STATUS_ICON: Record<ResultView['status'], string> = { ok: 'pass', warning: 'warning', error: 'error' };

const app = appRoot();
const channel = connect<ToResultsWebview, ResultsAction, ResultsRenderedId>(m => show(m.view, m.json));

function section(s: ResultSection): HTMLElement {
  const box = el('section', { class: `section section-${s.type}` });
  if (s.heading) box.append(el('h2', {}, s.heading));
  if (s.type === 'text') box.append(el('pre', {}, s.text));
  else if (s.type === 'kv') box.append(kvTable(s.rows));
  else box.append(gridTable(s.columns, s.rows.map(r => row(r))));
  return box;
}

function show(view: ShownResult, json: boolean): void {
  app.replaceChildren();
  app.dataset.kind = view.kind;
  app.append(el('h1', { class: `status-${view.status}` }, icon(STATUS_ICON[view.status] ?? 'info'), view.title));
  app.append(el('p', { class: 'summary', id: 'summary' }, view.summary));
  const meta = el('div', { class: 'meta' }, new Date(view.createdAt).toLocaleString());
  if (typeof view.elapsedMs === 'number') meta.append(el('span', {}, `${view.elapsedMs.toFixed(3)} ms`));
  app.append(meta);
  const bar = el('div', { class: 'toolbar' }, button('Copy', 'copy', () => channel.post({ type: 'copy', format: 'text' })));
  if (json) bar.append(button('Copy as JSON', 'json', () => channel.post({ type: 'copy', format: 'json' }), 'secondary'));
  if (view.rerun) bar.append(button('Re-run', 'refresh', () => channel.post({ type: 'rerun' }), 'secondary'));
  app.append(bar);
  for (const s of view.sections) app.append(section(s));
  channel.rendered(view.id, app);
}
