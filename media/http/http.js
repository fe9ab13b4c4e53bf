// Raw HTTP panel: Response, Wire (text + virtualised hex), Timing and TLS tabs. Network data is text only.
(function () {
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  let view;
  let tab = 'response';
  let exIndex = 0;

  const { el, icon } = window.NetProbeDom;
  const statusIcon = { ok: 'pass', warning: 'warning', error: 'error' };

  const button = (label, iconName, onClick, cls) => window.NetProbeDom.button(label, iconName, onClick, cls || 'secondary');
  function kv(rows) {
    const t = el('table', { class: 'kv' });
    for (const [k, v] of rows) t.append(el('tr', {}, el('th', {}, k), el('td', {}, v)));
    return t;
  }
  function fromBase64(b64) {
    const s = atob(b64 || '');
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  const hex2 = n => n.toString(16).padStart(2, '0');

  // Virtualised hex dump: only the rows in sight are in the DOM, whatever the size.
  function hexView(bytes) {
    const ROW = 18;
    const rows = Math.ceil(bytes.length / 16);
    const outer = el('div', { class: 'hex', tabindex: '0' });
    outer.style.height = `${Math.min(rows * ROW + 4, 440)}px`;
    const spacer = el('div', { class: 'hex-spacer' });
    spacer.style.height = `${rows * ROW}px`;
    const layer = el('div', { class: 'hex-rows' });
    spacer.append(layer);
    outer.append(spacer);
    function line(r) {
      const start = r * 16;
      const chunk = bytes.subarray(start, start + 16);
      let hex = '';
      let ascii = '';
      for (let i = 0; i < 16; i++) {
        hex += i < chunk.length ? `${hex2(chunk[i])} ` : '   ';
        if (i === 7) hex += ' ';
        if (i < chunk.length) ascii += chunk[i] >= 0x20 && chunk[i] < 0x7f ? String.fromCharCode(chunk[i]) : '.';
      }
      return el('div', { class: 'hex-row' }, el('span', { class: 'off' }, start.toString(16).padStart(8, '0')), el('span', { class: 'bytes' }, hex), el('span', { class: 'ascii' }, ascii));
    }
    function render() {
      const first = Math.max(0, Math.floor(outer.scrollTop / ROW));
      const count = Math.ceil((outer.clientHeight || 440) / ROW) + 2;
      layer.style.transform = `translateY(${first * ROW}px)`;
      const nodes = [];
      for (let r = first; r < Math.min(rows, first + count); r++) nodes.push(line(r));
      layer.replaceChildren(...nodes);
    }
    outer.addEventListener('scroll', render);
    render();
    return outer;
  }

  // Wire text: latin-1 characters with CR and LF made visible; capped so the DOM stays small. `marks` maps a
  // byte offset to the violation found there: that byte is highlighted.
  function wireText(bytes, limit, marks) {
    const pre = el('pre', { class: 'wire-text' });
    const n = Math.min(bytes.length, limit);
    let line = '';
    const flush = eol => {
      pre.append(document.createTextNode(line));
      if (eol) pre.append(el('span', { class: 'eol' }, eol), '\n');
      line = '';
    };
    for (let i = 0; i < n; i++) {
      const c = bytes[i];
      const mark = marks && marks.get(i);
      if (mark) {
        flush('');
        const shown = c === 0x0d ? '\\r' : c === 0x0a ? '\\n' : c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${hex2(c)}`;
        pre.append(el('mark', { class: 'violation', title: mark }, shown));
        if (c === 0x0a) pre.append('\n');
        continue;
      }
      if (c === 0x0d && bytes[i + 1] === 0x0a) { flush('\\r\\n'); i++; }
      else if (c === 0x0a) flush('\\n');
      else if (c === 0x0d) flush('\\r');
      else if (c === 0x09 || (c >= 0x20 && c < 0x7f) || c >= 0xa0) line += String.fromCharCode(c);
      else line += `\\x${hex2(c)}`;
    }
    flush('');
    if (bytes.length > limit) pre.append(el('span', { class: 'muted' }, `\n… ${bytes.length - limit} more bytes in the hex view`));
    return pre;
  }

  function wireBlock(title, b64, total, truncated, marks) {
    const bytes = fromBase64(b64);
    const box = el('section', { class: 'wire' });
    let mode = 'text';
    const body = el('div');
    const toggle = button('Hex', 'file-binary', () => {
      mode = mode === 'text' ? 'hex' : 'text';
      toggle.lastChild.textContent = mode === 'text' ? 'Hex' : 'Text';
      draw();
    });
    function draw() { body.replaceChildren(mode === 'text' ? wireText(bytes, 64 * 1024, marks) : hexView(bytes)); }
    box.append(el('h2', {}, `${title} — ${total} bytes${truncated ? ` (first ${bytes.length} kept)` : ''}`, ' ', toggle));
    box.append(body);
    draw();
    return box;
  }

  function responseTab(ex) {
    const box = el('div');
    if (ex.error) box.append(el('p', { class: 'status-error' }, icon('error'), ` ${ex.error}`));
    for (const w of ex.warnings) box.append(el('p', { class: 'status-warning' }, icon('warning'), ` ${w}`));
    if (ex.violations.length) {
      box.append(el('h2', {}, `HTTP/1.1 violations (${ex.violations.length}) — read leniently, as curl would; bytes marked in the Wire tab`));
      for (const v of ex.violations) {
        box.append(el('p', { class: v.framing ? 'status-error violation' : 'status-warning violation' }, icon(v.framing ? 'error' : 'warning'), ` Byte ${v.offset} · ${v.code}${v.framing ? ' · framing' : ''}: ${v.message}`));
      }
    }
    for (const c of ex.changes) box.append(el('p', { class: 'muted' }, icon('edit'), ` ${c}`));
    if (ex.statusCode !== undefined) {
      for (const i of ex.informational) box.append(el('p', { class: 'muted' }, `Interim: ${i.statusCode} ${i.statusText}`));
      const cls = ex.statusCode >= 400 ? 'status-error' : ex.statusCode >= 300 ? 'status-warning' : 'status-ok';
      box.append(el('h2', {}, el('span', { class: `status-line ${cls}` }, `HTTP/${ex.httpVersion} ${ex.statusCode} ${ex.statusText}`)));
      box.append(el('h2', {}, `Headers (${ex.headers.length})`), kv(ex.headers));
    }
    const b = ex.body;
    if (b) {
      const facts = [`${b.size} bytes`, b.kind, b.charset, b.decompressed ? `decompressed from ${b.decompressed}${b.wireSize !== undefined ? ` (${b.wireSize} bytes on the wire)` : ''}` : '', b.truncated ? 'cut at the size limit' : '', b.file ? `saved to ${b.file}` : ''].filter(Boolean).join(' · ');
      const head = el('h2', {}, `Body — ${facts}`);
      if (b.file || b.partial) head.append(' ', button('Open full body', 'go-to-file', () => vscode.postMessage({ type: 'openBody', exchange: exIndex })));
      box.append(head);
      if (b.note) box.append(el('p', { class: b.truncated ? 'status-warning' : 'muted' }, b.truncated ? icon('warning') : '', b.truncated ? ` ${b.note}` : b.note));
      if (b.kind === 'image' && b.base64) {
        const img = el('img', { class: 'body-image', alt: 'response image' });
        img.src = `data:${b.mimeType};base64,${b.base64}`;
        box.append(img);
      } else if ((b.kind === 'text' || b.kind === 'json') && b.text !== undefined) {
        box.append(el('pre', { class: `body body-${b.kind}` }, b.text));
        if (b.partial) box.append(el('p', { class: 'muted' }, 'Only the beginning is shown.'));
      } else if (b.kind === 'binary' && b.base64) {
        box.append(hexView(fromBase64(b.base64)));
        if (b.partial) box.append(el('p', { class: 'muted' }, 'Only the beginning is shown.'));
      } else if (b.kind === 'empty') {
        box.append(el('p', { class: 'muted' }, 'No body.'));
      }
    }
    return box;
  }

  function wireTab(ex) {
    const c = ex.connection;
    return el('div', {},
      el('p', { class: 'muted' }, `Connection #${c.id}${c.reused ? ' (reused)' : ''}: ${c.local} → ${c.remote}${c.via !== 'direct' ? ` via ${c.via}` : ''}${c.closed ? `; closed ${c.closed}` : ''}`),
      wireBlock('Sent', ex.wire.sent, ex.wire.bytesSent, ex.wire.sentTruncated),
      wireBlock('Received', ex.wire.received, ex.wire.bytesReceived, ex.wire.receivedTruncated, new Map(ex.violations.map(v => [v.offset, `${v.code}: ${v.message}`]))));
  }

  function timingTab(ex) {
    const t = ex.timings;
    const phases = [['DNS', t.dns], ['TCP connect', t.connect], ['TLS handshake', t.tls], ['Request sent', t.send], ['Waiting (TTFB)', t.wait], ['Download', t.download]];
    const total = Math.max(t.total, phases.reduce((n, p) => n + p[1], 0), 0.001);
    const chart = el('div', { class: 'timing' });
    let start = 0;
    phases.forEach(([name, ms], i) => {
      const bar = el('div', { class: `bar phase-${i}` });
      bar.style.marginLeft = `${(start / total) * 100}%`;
      bar.style.width = `${Math.max((ms / total) * 100, ms > 0 ? 0.4 : 0)}%`;
      chart.append(el('div', { class: 'timing-row' }, el('span', { class: 'timing-label' }, name), el('div', { class: 'track' }, bar), el('span', { class: 'timing-ms' }, `${ms.toFixed(3)} ms`)));
      start += ms;
    });
    chart.append(el('div', { class: 'timing-row total' }, el('span', { class: 'timing-label' }, 'Total'), el('div', { class: 'track' }), el('span', { class: 'timing-ms' }, `${t.total.toFixed(3)} ms`)));
    const c = ex.curl;
    return el('div', {}, chart, el('h2', {}, 'curl -w equivalents (ms from start)'),
      kv([['time_namelookup', c.namelookup], ['time_connect', c.connect], ['time_appconnect', c.appconnect], ['time_pretransfer', c.pretransfer], ['time_starttransfer', c.starttransfer], ['time_total', c.total]].map(([k, v]) => [k, v.toFixed(3)])));
  }

  function tlsTab(ex) {
    const t = ex.tls;
    if (!t) return el('p', { class: 'muted' }, 'Plain TCP: no TLS on this connection.');
    const box = el('div');
    box.append(el('p', { class: t.authorized ? 'status-ok' : 'status-error' }, icon(t.authorized ? 'verified' : 'unverified'), t.authorized ? ' Certificate chain verified.' : ` Not verified: ${t.authorizationError || t.authorizationCode || 'unknown reason'}`));
    box.append(kv([['Protocol', t.protocol], ['Cipher', t.cipher], ['ALPN', t.alpn || '(none)'], ['SNI', t.servername || '(not sent)'], ['Key exchange', t.keyExchange || ''], ['Session reused', t.sessionReused ? 'yes' : 'no']]));
    t.chain.forEach((c, i) => {
      box.append(el('h2', {}, `${i === 0 ? 'Leaf' : c.selfSigned ? 'Root' : 'Intermediate'} certificate [${i}]`));
      box.append(kv([
        ['Subject', c.subject], ['SAN', c.subjectAltNames.join(', ')], ['Issuer', c.issuer],
        ['Valid', `${c.validFrom} → ${c.validTo}`], ['Days left', c.daysLeft < 0 ? `expired ${-c.daysLeft} days ago` : String(c.daysLeft)],
        ['Key', `${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ''}${c.curve ? ` (${c.curve})` : ''}`], ['Serial', c.serialNumber], ['SHA-256', c.fingerprintSha256],
      ]));
    });
    return box;
  }

  const TABS = [['response', 'Response', 'output'], ['wire', 'Wire', 'debug-console'], ['timing', 'Timing', 'watch'], ['tls', 'TLS', 'lock']];

  function render() {
    if (!view) return;
    const ex = view.exchanges[exIndex];
    app.replaceChildren();
    app.append(el('h1', { class: `status-${view.status}` }, icon(statusIcon[view.status] || 'info'), view.title));
    app.append(el('p', { class: 'summary', id: 'summary' }, view.summary));
    if (view.exchanges.length > 1) {
      const sel = el('select', { 'aria-label': 'Exchange' });
      view.exchanges.forEach((e, i) => { const o = el('option', { value: String(i) }, `${i + 1}. ${e.label}`); if (i === exIndex) o.selected = true; sel.append(o); });
      sel.addEventListener('change', () => { exIndex = Number(sel.value); render(); });
      app.append(el('div', { class: 'toolbar' }, sel));
    }
    const copy = format => () => vscode.postMessage({ type: 'copy', format, exchange: exIndex });
    app.append(el('div', { class: 'toolbar' },
      button('Resend', 'refresh', () => vscode.postMessage({ type: 'resend' }), ''),
      button('Copy as curl', 'terminal', copy('curl')), button('Copy raw request', 'copy', copy('raw')),
      button('Copy as Python', 'symbol-method', copy('python')), button('Copy response', 'copy', copy('response')), button('Copy JSON', 'json', copy('json'))));
    const tabs = el('div', { class: 'tabs', role: 'tablist' });
    for (const [id, label, ic] of TABS) {
      const b = el('button', { class: `tab${id === tab ? ' active' : ''}`, role: 'tab', 'aria-selected': String(id === tab) }, icon(ic), label);
      b.addEventListener('click', () => { tab = id; render(); });
      tabs.append(b);
    }
    app.append(tabs);
    const content = el('div', { class: 'tab-content', id: `tab-${tab}` });
    if (ex) content.append(tab === 'response' ? responseTab(ex) : tab === 'wire' ? wireTab(ex) : tab === 'timing' ? timingTab(ex) : tlsTab(ex));
    app.append(content);
    vscode.postMessage({ type: 'rendered', id: view.id, tab, text: app.innerText });
  }

  window.addEventListener('message', e => {
    const m = e.data;
    if (m && m.type === 'show') {
      view = m.view;
      exIndex = view.exchanges.length - 1;
      if (m.tab) tab = m.tab;
      render();
    } else if (m && m.type === 'tab') {
      tab = m.tab;
      render();
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
