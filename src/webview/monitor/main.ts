// UDP / multicast monitor panel (src/ui/webviews/monitor/protocol.ts). Packets stream in; everything from
// the network is inserted as text only, never as HTML.
import type { MonitorAction, MonitorRenderedId, ToMonitorWebview } from '../../ui/webviews/monitor/protocol';
import { connect } from '../common/channel';
import { appRoot, byId, el } from '../common/dom';
import { head, statsText } from './header';
import type { MonitorModel } from './model';
import { packetTable, toolbar } from './table';

const app = appRoot();
const model: MonitorModel = { header: undefined, packets: [], stats: undefined, active: true, paused: false, stopped: '', filter: '', showHex: false };
let renderQueued = false;

const channel = connect<ToMonitorWebview, MonitorAction, MonitorRenderedId>(m => {
  switch (m.type) {
    case 'init':
      Object.assign(model, { header: m.header, packets: m.packets, stats: m.stats, active: m.active, paused: m.paused });
      render();
      break;
    case 'packets':
      model.packets = model.packets.concat(m.packets);
      if (model.header && model.packets.length > model.header.capacity) model.packets = model.packets.slice(-model.header.capacity);
      model.stats = m.stats;
      schedule();
      break;
    case 'stats':
      model.stats = m.stats;
      updateStats();
      break;
    case 'stopped':
      Object.assign(model, { active: false, stopped: m.reason, stats: m.stats });
      render();
      break;
  }
});

function updateStats(): void {
  const s = byId('stats');
  if (s) s.textContent = statsText(model.stats);
}

function renderTable(): void {
  const host = byId('table-host');
  if (!host) return;
  const { nodes, rows } = packetTable(model);
  host.replaceChildren(...nodes);
  channel.rendered({ rows });
}

function render(): void {
  renderQueued = false;
  if (!model.header) return;
  app.replaceChildren(head(model, model.header), toolbar(model, { post: a => channel.post(a), pausedChanged: render, refilter: renderTable }), el('div', { id: 'table-host' }));
  renderTable();
}

function schedule(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    if (!renderQueued) return;
    renderQueued = false;
    updateStats();
    renderTable();
  });
}
