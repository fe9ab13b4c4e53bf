// Results panel: renders a ResultView (src/ui/webviews/results/protocol.ts). Network data is text only.
import type { ResultSection, ResultView } from '../../ui/results/view-model';
import type { ColumnKind } from '../../ui/webviews/protocol';
import type { ResultsAction, ResultsRenderedId, ShownResult, ToResultsWebview } from '../../ui/webviews/results/protocol';
import { connect } from '../common/channel';
import { appRoot, button, el, icon } from '../common/dom';
import { gridTable, kvTable, row } from '../common/table';
import { formatDuration } from '../../core/text/units';

const STATUS_ICON: Record<ResultView['status'], string> = { ok: 'pass', warning: 'warning', error: 'error' };

const app = appRoot();
const channel = connect<ToResultsWebview, ResultsAction, ResultsRenderedId>(m => show(m.view, m.json, m.kinds));

function section(s: ResultSection, kinds: readonly ColumnKind[] | null | undefined): HTMLElement {
  const box = el('section', { class: `section section-${s.type}` });
  if (s.heading) box.append(el('h2', {}, s.heading));
  if (s.type === 'text') box.append(el('pre', {}, s.text));
  else if (s.type === 'kv') box.append(kvTable(s.rows));
  else
    box.append(
      gridTable(
        s.columns,
        s.rows.map(r => row(r)),
        kinds ?? [],
      ),
    );
  return box;
}

function show(view: ShownResult, json: boolean, kinds: ReadonlyArray<ColumnKind[] | null>): void {
  app.replaceChildren();
  app.dataset.kind = view.kind;
  app.append(el('h1', { class: `status-${view.status}` }, icon(STATUS_ICON[view.status] ?? 'info'), view.title));
  app.append(el('p', { class: 'summary', id: 'summary' }, view.summary));
  const meta = el('div', { class: 'meta' }, new Date(view.createdAt).toLocaleString());
  if (typeof view.elapsedMs === 'number') meta.append(el('span', {}, formatDuration(view.elapsedMs)));
  app.append(meta);
  const bar = el(
    'div',
    { class: 'toolbar' },
    button('Copy', 'copy', () => channel.post({ type: 'copy', format: 'text' })),
  );
  if (json) bar.append(button('Copy as JSON', 'json', () => channel.post({ type: 'copy', format: 'json' }), 'secondary'));
  if (view.rerun) bar.append(button('Re-run', 'refresh', () => channel.post({ type: 'rerun' }), 'secondary'));
  app.append(bar);
  view.sections.forEach((s, i) => app.append(section(s, kinds[i])));
  channel.rendered(view.id, app);
}
