// DNS panel: renders one lookup (see src/ui/webviews/dns/protocol.ts). Everything from the wire is text only.
(function () {
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  let showRaw = false;
  let current;

  const { el, icon } = window.NetProbeDom;

  const button = (label, iconName, onClick, cls) => window.NetProbeDom.button(label, iconName, onClick, cls || 'secondary');

  const FLAG_TITLES = {
    qr: 'Query response', aa: 'Authoritative answer', tc: 'Truncated', rd: 'Recursion desired',
    ra: 'Recursion available', ad: 'Authentic data (DNSSEC validated)', cd: 'Checking disabled',
  };

  function records(title, list) {
    const box = el('section', { class: 'section' }, el('h2', {}, `${title} (${list.length})`));
    if (list.length === 0) {
      box.append(el('p', { class: 'empty' }, 'none'));
      return box;
    }
    const t = el('table', { class: 'grid records' });
    t.append(el('thead', {}, el('tr', {}, ...['Name', 'TTL', 'Class', 'Type', 'Data'].map(c => el('th', {}, c)))));
    const body = el('tbody');
    for (const r of list) {
      body.append(el('tr', {},
        el('td', { class: 'name' }, r.name),
        el('td', { class: 'ttl', title: ttlText(r.ttl) }, String(r.ttl)),
        el('td', {}, r.class),
        el('td', {}, el('span', { class: 'rtype' }, r.type)),
        el('td', { class: 'data' }, r.data)));
    }
    t.append(body);
    box.append(t);
    return box;
  }

  function ttlText(s) {
    const parts = [];
    for (const [n, u] of [[86400, 'd'], [3600, 'h'], [60, 'm']]) {
      if (s >= n) { parts.push(`${Math.floor(s / n)}${u}`); s %= n; }
    }
    if (s || parts.length === 0) parts.push(`${s}s`);
    return parts.join(' ');
  }

  function hexDump(hex) {
    const lines = [];
    for (let i = 0; i < hex.length; i += 32) {
      const chunk = hex.slice(i, i + 32);
      const bytes = chunk.match(/../g) || [];
      const ascii = bytes.map(b => { const c = parseInt(b, 16); return c >= 32 && c < 127 ? String.fromCharCode(c) : '.'; }).join('');
      lines.push(`${(i / 2).toString(16).padStart(4, '0')}  ${bytes.join(' ').padEnd(47)}  ${ascii}`);
    }
    return lines.join('\n');
  }

  function show(state) {
    current = state;
    const r = state.response;
    app.replaceChildren();
    const ok = r.rcode === 'NOERROR';
    const status = ok ? (r.answers.length ? 'ok' : 'warning') : 'error';
    app.append(el('h1', { class: `status-${status}` }, icon(ok ? 'pass' : 'error'), `${state.name} ${state.type}`));
    const badges = el('div', { class: 'badges', id: 'flags' });
    badges.append(el('span', { class: `badge rcode rcode-${ok ? 'ok' : 'bad'}`, title: 'Response code' }, r.rcode));
    for (const f of r.flags) badges.append(el('span', { class: 'badge flag', title: FLAG_TITLES[f] || f }, f));
    if (r.edns && r.edns.do) badges.append(el('span', { class: 'badge flag', title: 'DNSSEC OK' }, 'do'));
    app.append(badges);
    const summary = r.answers.length
      ? `${r.answers.length} answer record${r.answers.length === 1 ? '' : 's'} from ${r.server.address}#${r.server.port}`
      : ok ? `No ${state.type} records (NODATA) at ${r.server.address}#${r.server.port}` : `${r.rcode} from ${r.server.address}#${r.server.port}`;
    app.append(el('p', { class: 'summary', id: 'summary' }, summary));
    const meta = el('div', { class: 'meta' },
      el('span', { title: 'Server asked' }, icon('server'), ` ${state.server === 'system' ? 'system nameserver' : state.server}`),
      el('span', { title: 'Transport' }, icon('plug'), ` ${r.transport.toUpperCase()}${r.retriedOverTcp ? ' (UDP truncated, retried)' : ''}`),
      el('span', { title: 'Round-trip time' }, icon('watch'), ` ${r.rttMs.toFixed(3)} ms`),
      el('span', { title: 'Message size' }, icon('file-binary'), ` ${r.sizeBytes} bytes`),
      el('span', { title: 'Message id' }, `id ${r.id}`));
    if (r.retriedWithServerCookie) meta.append(el('span', { title: 'The first answer was BADCOOKIE' }, 'retried with the server cookie'));
    if (r.ignored) meta.append(el('span', { class: 'status-warning' }, `${r.ignored} mismatched message(s) ignored`));
    app.append(meta);
    app.append(el('div', { class: 'toolbar' },
      button('Copy as dig', 'terminal', () => vscode.postMessage({ type: 'copy', format: 'dig' }), ''),
      button('Copy as JSON', 'json', () => vscode.postMessage({ type: 'copy', format: 'json' })),
      button('Copy text', 'copy', () => vscode.postMessage({ type: 'copy', format: 'text' })),
      button('Re-run', 'refresh', () => vscode.postMessage({ type: 'rerun' })),
      button('Compare resolvers', 'diff', () => vscode.postMessage({ type: 'compare' })),
      button(showRaw ? 'Hide raw' : 'Raw hex', 'file-binary', () => { showRaw = !showRaw; show(current); })));
    app.append(el('section', { class: 'section' }, el('h2', {}, 'Question'),
      el('table', { class: 'grid' }, el('tbody', {}, el('tr', {}, el('td', { class: 'name' }, r.question.name), el('td', {}, r.question.class), el('td', {}, r.question.type))))));
    app.append(records('Answer', r.answers));
    app.append(records('Authority', r.authority));
    app.append(records('Additional', r.additional));
    if (r.edns) {
      const rows = [['Version', String(r.edns.version)], ['UDP buffer', `${r.edns.udpSize} bytes`], ['DNSSEC OK', r.edns.do ? 'yes' : 'no']];
      for (const o of r.edns.options) rows.push([o.name, o.value]);
      const t = el('table', { class: 'kv' });
      for (const [k, v] of rows) t.append(el('tr', {}, el('th', {}, k), el('td', {}, v)));
      app.append(el('section', { class: 'section' }, el('h2', {}, 'EDNS'), t));
    }
    app.append(el('section', { class: 'section' }, el('h2', {}, 'Command'), el('pre', { class: 'dig' }, state.dig)));
    if (showRaw) app.append(el('section', { class: 'section' }, el('h2', {}, `Raw message (${r.sizeBytes} bytes)`), el('pre', { class: 'hex', id: 'raw' }, hexDump(r.rawHex))));
    vscode.postMessage({ type: 'rendered', id: r.receivedAt, text: app.innerText });
  }

  window.addEventListener('message', e => {
    const m = e.data;
    if (m && m.type === 'show') show(m.state);
  });
  vscode.postMessage({ type: 'ready' });
})();
