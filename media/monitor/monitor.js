// UDP / multicast monitor panel (see src/ui/webviews/monitor/protocol.ts). Packets stream in; everything
// from the network is inserted as text only (textContent), never as HTML.
(function () {
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  const LIMIT = 2000;

  let header = null;
  let packets = [];
  let stats = null;
  let active = true;
  let paused = false;
  let stopped = '';
  let filter = '';
  let showHex = false;
  let renderQueued = false;

  const { el, icon, button } = window.NetProbeDom;
  const bytes = n => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${Math.round(n)} B`);
  const clock = t => {
    const d = new Date(t);
    return `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
  };
  const source = p => (p.from.includes(':') ? `[${p.from}]:${p.port}` : `${p.from}:${p.port}`);

  function optionRows() {
    const o = header.options;
    const where = o.localAddress.includes(':') ? `[${o.localAddress}]:${o.localPort}` : `${o.localAddress}:${o.localPort}`;
    const buf = b => `${b.effective} bytes${b.requested ? ` (asked ${b.requested})` : ''}`;
    const rows = [['Bound to', `${where} (IPv${o.family}${o.family === 6 && o.localAddress === '::' && !o.ipv6Only ? ', also IPv4' : ''})`]];
    if (header.group) {
      const g = header.group;
      rows.push(['Group', `${g.group} — ${g.description}${g.wellKnown ? ` (${g.wellKnown})` : ''}`], ['Range', `${g.range}${g.ssm ? ' · source-specific' : ''}`]);
    }
    if (o.memberships.length) rows.push(['Memberships', o.memberships.map(m => `${m.group} on ${m.iface}${m.source ? ` from ${m.source}` : ''}`).join(', ')]);
    rows.push(
      ['SO_REUSEADDR', o.reuseAddr ? 'on' : 'off'],
      ['SO_REUSEPORT', o.reusePort === 'unsupported' ? 'not supported by this Node/platform' : o.reusePort ? 'on' : 'off'],
      ['Receive buffer', buf(o.recvBufferSize)],
      ['Send buffer', buf(o.sendBufferSize)],
    );
    if (header.kind === 'multicast') rows.push(['Multicast TTL / loopback', `${o.multicastTtl} / ${o.multicastLoopback ? 'on' : 'off'}`], ['Multicast interface', o.multicastInterface]);
    if (o.family === 6) rows.push(['IPV6_V6ONLY', o.ipv6Only ? 'on' : 'off']);
    rows.push(['Kept in memory', `the last ${header.capacity} datagrams`]);
    return rows;
  }

  function head() {
    const box = el('div', { class: 'head' });
    const state = !active ? 'stopped' : paused ? 'paused' : 'live';
    const stateIcon = { live: 'radio-tower', paused: 'debug-pause', stopped: 'circle-slash' }[state];
    box.append(el('h1', { class: `mon-${state}` }, icon(stateIcon), header.title, el('span', { class: 'badge' }, state)));
    if (stopped) box.append(el('p', { class: 'summary', id: 'stopped' }, stopped));
    const opts = el('details', { class: 'options', open: '' }, el('summary', {}, 'Socket options in effect'));
    const t = el('table', { class: 'kv' });
    for (const [k, v] of optionRows()) t.append(el('tr', {}, el('th', {}, k), el('td', {}, v)));
    opts.append(t);
    box.append(opts);
    for (const w of header.warnings) box.append(el('p', { class: 'warning' }, icon('warning'), w));
    box.append(el('p', { class: 'stats', id: 'stats' }, statsText()));
    return box;
  }

  function statsText() {
    if (!stats) return '';
    const parts = [
      `${stats.packets} datagram${stats.packets === 1 ? '' : 's'}`,
      bytes(stats.bytes),
      `${stats.packetsPerSecond.toFixed(1)} pkt/s`,
      `${bytes(stats.bytesPerSecond)}/s (last ${stats.windowMs / 1000} s)`,
      `${stats.sources.length} source${stats.sources.length === 1 ? '' : 's'}`,
    ];
    if (stats.evicted) parts.push(`${stats.evicted} older let go`);
    return parts.join(' · ');
  }

  function toolbar() {
    const bar = el('div', { class: 'toolbar' });
    if (active) {
      bar.append(button(paused ? 'Resume' : 'Pause', paused ? 'debug-continue' : 'debug-pause', () => {
        paused = !paused;
        vscode.postMessage({ type: 'pause', paused });
        render();
      }, 'secondary'));
      bar.append(button('Stop', 'debug-stop', () => vscode.postMessage({ type: 'stop' })));
    }
    bar.append(
      button('Clear', 'clear-all', () => vscode.postMessage({ type: 'clear' }), 'secondary'),
      button('Export CSV', 'export', () => vscode.postMessage({ type: 'export', format: 'csv', filter }), 'secondary'),
      button('Export JSON', 'json', () => vscode.postMessage({ type: 'export', format: 'json', filter }), 'secondary'),
    );
    const input = el('input', { type: 'search', placeholder: 'Filter by source (address or :port)', 'aria-label': 'Filter by source', id: 'filter' });
    input.value = filter;
    input.addEventListener('input', () => { filter = input.value; renderTable(); });
    const hexBox = el('input', { type: 'checkbox', id: 'show-hex' });
    hexBox.checked = showHex;
    hexBox.addEventListener('change', () => { showHex = hexBox.checked; renderTable(); });
    bar.append(el('span', { class: 'filter' }, icon('filter'), input), el('label', { class: 'check' }, hexBox, 'Hex'));
    return bar;
  }

  function visible() {
    const f = filter.trim();
    return f ? packets.filter(p => source(p).includes(f)) : packets;
  }

  function renderTable() {
    const host = document.getElementById('table-host');
    if (!host) return;
    const list = visible();
    const shown = list.slice(-LIMIT);
    const t = el('table', { class: 'grid', id: 'packets' });
    t.append(el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, 'Time'), el('th', {}, 'Source'), el('th', {}, 'Size'), el('th', {}, showHex ? 'Payload (hex)' : 'Payload'))));
    const body = el('tbody');
    for (let i = shown.length - 1; i >= 0; i--) {
      const p = shown[i];
      const payload = showHex || !p.printable
        ? el('td', { class: 'payload hex' }, p.hex)
        : el('td', { class: 'payload' }, p.text);
      body.append(el('tr', {}, el('td', { class: 'num' }, p.seq), el('td', { class: 'time' }, clock(p.time)), el('td', {}, source(p)), el('td', { class: 'num' }, `${p.size} B`), payload));
    }
    t.append(body);
    const note = list.length !== packets.length ? `${list.length} of ${packets.length} datagrams match the filter.` : packets.length ? '' : (active ? 'Waiting for datagrams…' : 'No datagrams arrived.');
    host.replaceChildren(...(note ? [el('p', { class: 'empty', id: 'note' }, note)] : []), ...(shown.length ? [t] : []));
    vscode.postMessage({ type: 'rendered', rows: shown.length, text: document.body.innerText });
  }

  function render() {
    renderQueued = false;
    if (!header) return;
    app.replaceChildren(head(), toolbar(), el('div', { id: 'table-host' }));
    renderTable();
  }

  function schedule() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => {
      if (!renderQueued) return;
      renderQueued = false;
      const s = document.getElementById('stats');
      if (s) s.textContent = statsText();
      renderTable();
    });
  }

  window.addEventListener('message', ev => {
    const m = ev.data;
    switch (m.type) {
      case 'init':
        header = m.header; packets = m.packets; stats = m.stats; active = m.active; paused = m.paused;
        render();
        break;
      case 'packets':
        packets = packets.concat(m.packets);
        if (header && packets.length > header.capacity) packets = packets.slice(-header.capacity);
        stats = m.stats;
        schedule();
        break;
      case 'stats': {
        stats = m.stats;
        const s = document.getElementById('stats');
        if (s) s.textContent = statsText();
        break;
      }
      case 'stopped':
        active = false; stopped = m.reason; stats = m.stats;
        render();
        break;
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
