// Results panel: renders a ResultView (see src/ui/webviews/results/protocol.ts). Network data is text only.
(function () {
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');

  const { el, icon, button } = window.NetProbeDom;
  const statusIcon = { ok: 'pass', warning: 'warning', error: 'error' };

  function section(s) {
    const box = el('section', { class: `section section-${s.type}` });
    if (s.heading) box.append(el('h2', {}, s.heading));
    if (s.type === 'text') box.append(el('pre', {}, s.text));
    if (s.type === 'kv') {
      const t = el('table', { class: 'kv' });
      for (const [k, v] of s.rows) t.append(el('tr', {}, el('th', {}, k), el('td', {}, v)));
      box.append(t);
    }
    if (s.type === 'table') {
      const t = el('table', { class: 'grid' });
      t.append(el('thead', {}, el('tr', {}, ...s.columns.map(c => el('th', {}, c)))));
      const body = el('tbody');
      for (const r of s.rows) body.append(el('tr', {}, ...r.map(c => el('td', {}, c))));
      t.append(body);
      box.append(t);
    }
    return box;
  }


  function show(view) {
    app.replaceChildren();
    app.dataset.kind = view.kind;
    app.append(el('h1', { class: `status-${view.status}` }, icon(statusIcon[view.status] || 'info'), view.title));
    app.append(el('p', { class: 'summary', id: 'summary' }, view.summary));
    const meta = el('div', { class: 'meta' }, new Date(view.createdAt).toLocaleString());
    if (typeof view.elapsedMs === 'number') meta.append(el('span', {}, `${view.elapsedMs.toFixed(3)} ms`));
    app.append(meta);
    const bar = el('div', { class: 'toolbar' },
      button('Copy', 'copy', () => vscode.postMessage({ type: 'copy', format: 'text' })),
      button('Copy as JSON', 'json', () => vscode.postMessage({ type: 'copy', format: 'json' }), 'secondary'));
    if (view.rerun) bar.append(button('Re-run', 'refresh', () => vscode.postMessage({ type: 'rerun' }), 'secondary'));
    app.append(bar);
    for (const s of view.sections) app.append(section(s));
    vscode.postMessage({ type: 'rendered', id: view.id, text: app.innerText });
  }

  window.addEventListener('message', e => {
    const m = e.data;
    if (m && m.type === 'show') show(m.view);
  });
  vscode.postMessage({ type: 'ready' });
})();
