// UDP / multicast monitor panel (src/ui/webviews/monitor/protocol.ts). Previews stream in; a datagram opened is
// fetched whole from the host; everything from the network is inserted as text only, never as HTML.
import type { MonitorAction, MonitorRenderedId, ToMonitorWebview } from '../../ui/webviews/monitor/protocol';
import { connect } from '../common/channel';
import { appRoot, byId, el } from '../common/dom';
import { head, kernelText, statsText } from './header';
import type { MonitorModel } from './model';
import { addPackets, visiblePackets } from './model';
import { packetDetail, packetTable, toolbar } from './table';

const app = appRoot();
const model: MonitorModel = {
  header: undefined,
  packets: [],
  stats: undefined,
  counters: undefined,
  active: true,
  paused: false,
  stopped: '',
  filter: '',
  showHex: false,
};
let renderQueued = false;

const channel = connect<ToMonitorWebview, MonitorAction, MonitorRenderedId>(m => {
  switch (m.type) {
    case 'init':
      Object.assign(model, { header: m.header, packets: [], stats: m.stats, counters: m.counters, active: m.active, paused: m.paused });
      addPackets(model, m.packets);
      render();
      break;
    case 'packets':
      addPackets(model, m.packets);
      Object.assign(model, { stats: m.stats, counters: m.counters });
      schedule();
      break;
    case 'stats':
      Object.assign(model, { stats: m.stats, counters: m.counters });
      updateStats();
      channel.rendered({ rows: visiblePackets(model).length });
      break;
    case 'stopped':
      Object.assign(model, { active: false, stopped: m.reason, stats: m.stats, counters: m.counters });
      render();
      break;
    case 'detail':
      model.detail = { seq: m.seq, ...(m.packet ? { packet: m.packet } : {}), ...(m.missing !== undefined ? { missing: m.missing } : {}) };
      renderDetail();
      channel.rendered({ rows: visiblePackets(model).length });
      break;
    case 'open':
      open(m.seq);
      break;
  }
});

function updateStats(): void {
  const s = byId('stats');
  if (s) s.textContent = statsText(model.stats, model.counters);
  const k = byId('kernel');
  if (k) k.textContent = kernelText(model.counters);
}

function open(seq: number): void {
  model.selected = seq;
  channel.post({ type: 'detail', seq });
  renderTable();
  renderDetail();
}

function renderDetail(): void {
  byId('detail-host')?.replaceChildren(...packetDetail(model));
}

function renderTable(): void {
  const host = byId('table-host');
  if (!host) return;
  const { nodes, rows } = packetTable(model, open);
  host.replaceChildren(...nodes);
  channel.rendered({ rows });
}

function render(): void {
  renderQueued = false;
  if (!model.header) return;
  app.replaceChildren(
    head(model, model.header),
    toolbar(model, { post: a => channel.post(a), pausedChanged: render, refilter: renderTable }),
    el('div', { id: 'table-host' }),
    el('div', { id: 'detail-host' }),
  );
  renderTable();
  renderDetail();
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
