// Port-scan panel (see src/ui/webviews/scan/protocol.ts). Rows stream in; everything from the network is text only.
(function () {
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  const STATE_ORDER = { open: 0, filtered: 1, error: 2, closed: 3 };
  const STATE_ICON = { open: 'pass-filled', closed: 'circle-slash', filtered: 'watch', error: 'error' };
  const COLUMNS = [
    { key: 'port', label: 'Port' },
    { key: 'address', label: 'Address' },
    { key: 'state', label: 'State' },
    { key: 'service', label: 'Service' },
    { key: 'rttMs', label: 'Time' },
    { key: 'banner', label: 'Banner' },
  ];

  let start = null;
  let rows = [];
  let progress = null;
  let done = null;
  let sort = { key: 'port', dir: 1 };
  let filter = '';
  let showClosed = false;
  let renderQueued = false;

  const { el, icon, button } = window.NetProbeDom;
  const fmtMs = v => (typeof v !== 'number' ? '' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(3)} ms`);

  function value(r, key) {
    if (key === 'state') return STATE_ORDER[r.state] ?? 9;
    if (key === 'banner') return r.banner ? r.banner.text : '';
    if (key === 'rttMs') return typeof r.rttMs === 'number' ? r.rttMs : Infinity;
    const v = r[key];
    return v === undefined ? '' : v;
  }
  function compare(a, b) {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return (c || a.port - b.port || String(a.address).localeCompare(String(b.address))) * sort.dir;
  }
  function visible() {
    const f = filter.trim().toLowerCase();
    return rows.filter(r => (showClosed || r.state !== 'closed') && (!f || [r.port, r.address, r.state, r.service || '', r.banner ? r.banner.text : '', r.errno || '']
      .some(v => String(v).toLowerCase().includes(f))));
  }

  function header() {
    const box = el('div', { class: 'head' });
    const title = start ? `Scan of ${start.host}` : 'Scan';
    const status = !done ? 'running' : done.status;
    const statusIcon = { running: 'loading codicon-modifier-spin', finished: 'pass', cancelled: 'circle-slash', failed: 'error' }[status];
    box.append(el('h1', { class: `scan-${status}` }, icon(statusIcon), title));
    const open = rows.filter(r => r.state === 'open').length;
    const p = progress;
    const line = done ? done.message : p ? `${p.done} / ${p.total} probes · ${p.open} open · ${p.rate}/s` : 'Starting…';
    box.append(el('p', { class: 'summary', id: 'summary' }, line));
    if (start) {
      const meta = el('div', { class: 'meta' }, `ports: ${start.spec} · ${open} open in the table`);
      if (start.via) meta.append(' · ', el('span', { class: 'via', title: 'Every probe is a SOCKS CONNECT through this proxy' }, icon('shield'), ` via ${start.via}`));
      box.append(meta);
    }
    if (!done && p && p.total > 0) {
      const bar = el('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(p.total), 'aria-valuenow': String(p.done) });
      const fill = el('div', { class: 'fill' });
      fill.style.width = `${Math.min(100, (100 * p.done) / p.total).toFixed(1)}%`;
      bar.append(fill);
      box.append(bar);
    }
    return box;
  }

  function toolbar() {
    const bar = el('div', { class: 'toolbar' });
    if (!done) bar.append(button('Cancel', 'stop-circle', () => vscode.postMessage({ type: 'cancel' })));
    else bar.append(button('Scan again', 'refresh', () => vscode.postMessage({ type: 'rescan' })));
    bar.append(
      button('Copy as nmap command', 'terminal', () => vscode.postMessage({ type: 'copyNmap' }), 'secondary'),
      button('Export CSV', 'export', () => vscode.postMessage({ type: 'export', format: 'csv' }), 'secondary'),
      button('Export JSON', 'json', () => vscode.postMessage({ type: 'export', format: 'json' }), 'secondary'),
    );
    const input = el('input', { type: 'search', placeholder: 'Filter (port, service, state, banner)', 'aria-label': 'Filter rows', id: 'filter' });
    input.value = filter;
    input.addEventListener('input', () => { filter = input.value; renderTable(); });
    const closedBox = el('input', { type: 'checkbox', id: 'show-closed' });
    closedBox.checked = showClosed;
    closedBox.addEventListener('change', () => { showClosed = closedBox.checked; renderTable(); });
    bar.append(el('span', { class: 'filter' }, icon('filter'), input), el('label', { class: 'check' }, closedBox, 'Show closed'));
    return bar;
  }

  function bannerCell(r) {
    const td = el('td', { class: 'banner' });
    if (!r.banner) return td;
    const text = r.banner.text.length > 200 ? `${r.banner.text.slice(0, 200)}…` : r.banner.text;
    const details = el('details', {}, el('summary', {}, text.split('\n')[0] || '(binary)'));
    details.append(el('pre', {}, r.banner.text), el('pre', { class: 'hex' }, r.banner.hex.replace(/(..)/g, '$1 ').trim()));
    td.append(details);
    return td;
  }

  function row(r) {
    const tr = el('tr', { class: `state-${r.state}` });
    const add = el('button', { class: 'icon', title: `Add ${r.address}:${r.port} to Targets`, 'aria-label': 'Add to Targets' }, icon('add'));
    add.addEventListener('click', () => vscode.postMessage({ type: 'addTarget', address: r.address, port: r.port }));
    tr.append(
      el('td', { class: 'num' }, `${r.port}/tcp`),
      el('td', {}, r.address),
      el('td', {}, el('span', { class: `state state-${r.state}` }, icon(STATE_ICON[r.state] || 'question'), r.state + (r.errno && r.state !== 'closed' && r.state !== 'open' ? ` (${r.errno})` : ''))),
      el('td', {}, r.service || ''),
      el('td', { class: 'num' }, fmtMs(r.rttMs)),
      bannerCell(r),
      el('td', { class: 'actions' }, r.state === 'open' ? add : ''),
    );
    return tr;
  }

  function renderTable() {
    const host = document.getElementById('table-host');
    if (!host) return;
    const list = visible().sort(compare);
    const t = el('table', { class: 'grid', id: 'ports' });
    const headRow = el('tr');
    for (const c of COLUMNS) {
      const th = el('th', { 'aria-sort': sort.key === c.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none', tabindex: '0' }, c.label);
      if (sort.key === c.key) th.append(icon(sort.dir > 0 ? 'triangle-up' : 'triangle-down'));
      const toggle = () => { sort = { key: c.key, dir: sort.key === c.key ? -sort.dir : 1 }; renderTable(); };
      th.addEventListener('click', toggle);
      th.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } });
      headRow.append(th);
    }
    headRow.append(el('th', {}, ''));
    t.append(el('thead', {}, headRow));
    const body = el('tbody');
    const LIMIT = 5000;
    for (const r of list.slice(0, LIMIT)) body.append(row(r));
    t.append(body);
    host.replaceChildren(t);
    const hidden = rows.length - list.length;
    const note = [];
    if (list.length > LIMIT) note.push(`showing the first ${LIMIT} of ${list.length} rows (use the filter)`);
    if (hidden > 0) note.push(`${hidden} row(s) hidden by the filter or "Show closed"`);
    if (done && done.counts && !rows.some(r => r.state === 'closed') && done.counts.closed > 0) note.push(`${done.counts.closed} closed port(s) not listed`);
    if (!list.length && done) note.unshift('No port matches.');
    host.append(el('p', { class: 'muted', id: 'table-note' }, note.join(' · ')));
  }

  function render(full) {
    renderQueued = false;
    if (full || !document.getElementById('head-host')) {
      app.replaceChildren(el('div', { id: 'head-host' }), el('div', { id: 'toolbar-host' }), el('div', { id: 'table-host' }));
      document.getElementById('toolbar-host').append(toolbar());
    }
    document.getElementById('head-host').replaceChildren(header());
    renderTable();
    if (done) vscode.postMessage({ type: 'rendered', rows: document.querySelectorAll('#ports tbody tr').length, text: app.innerText });
  }
  function queueRender() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => render(false));
  }

  window.addEventListener('message', e => {
    const m = e.data;
    if (!m || typeof m.type !== 'string') return;
    if (m.type === 'start') { start = m; rows = []; progress = null; done = null; }
    else if (m.type === 'rows') rows = rows.concat(m.rows);
    else if (m.type === 'progress') progress = m.progress;
    else if (m.type === 'done') done = m;
    else return;
    if (m.type === 'done' || m.type === 'start') render(true); else queueRender();
  });
  vscode.postMessage({ type: 'ready' });
})();
