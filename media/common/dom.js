// DOM helpers shared by every NetProbe webview. Text is always inserted as text nodes, never as HTML.
(function () {
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  const icon = name => el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
  function button(label, iconName, onClick, cls) {
    const b = el('button', { class: cls || '', title: label }, icon(iconName), label);
    b.addEventListener('click', onClick);
    return b;
  }
  window.NetProbeDom = { el, icon, button };
})();
