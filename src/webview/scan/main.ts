// Port-scan panel (src/ui/webviews/scan/protocol.ts). Rows stream in; everything from the network is text only.
import type { ScanAction, ScanRenderedId, ToScanWebview } from '../../ui/webviews/scan/protocol';
import { connect } from '../common/channel';
import { appRoot, byId, el } from '../common/dom';
import { header, toolbar } from './header';
import type { ScanModel } from './model';
import { scanTable } from './table';

const app = appRoot();
const model: ScanModel = { start: undefined, rows: [], progress: undefined, done: undefined, sort: { key: 'port', dir: 1 }, filter: '', showClosed: false };
let renderQueued = false;

const channel = connect<ToScanWebview, ScanAction, ScanRenderedId>(m => {
  switch (m.type) {
    case 'start':
      Object.assign(model, { start: m, rows: [], progress: undefined, done: undefined });
      render(true);
      break;
    case 'rows':
      model.rows = model.rows.concat(m.rows);
      queueRender();
      break;
    case 'progress':
      model.progress = m.progress;
      queueRender();
      break;
    case 'done':
      model.done = m;
      render(true);
      break;
  }
});

function renderTable(): void {
  byId('table-host')?.replaceChildren(
    ...scanTable(model, {
      sortBy: key => {
        model.sort = { key, dir: model.sort.key === key ? (model.sort.dir > 0 ? -1 : 1) : 1 };
        renderTable();
      },
      addTarget: r => channel.post({ type: 'addTarget', address: r.address, port: r.port }),
    }),
  );
}

/** Renders the header and table; `full` also rebuilds the toolbar (its buttons change when the scan ends). */
function render(full: boolean): void {
  renderQueued = false;
  if (full || !byId('head-host')) {
    const bar = el('div', { id: 'toolbar-host' }, toolbar(model, { post: a => channel.post(a), refilter: renderTable }));
    app.replaceChildren(el('div', { id: 'head-host' }), bar, el('div', { id: 'table-host' }));
  }
  byId('head-host')?.replaceChildren(header(model));
  renderTable();
  if (model.done) channel.rendered({ rows: document.querySelectorAll('#ports tbody tr').length }, app);
}

function queueRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => render(false));
}
