// Raw HTTP panel (src/ui/webviews/http/protocol.ts): Response, Wire (text + virtualised hex), Timing and TLS
// tabs. Network data is text only.
import type { CopyFormat, ExchangeView, HttpAction, HttpRenderedId, HttpTab, HttpView, ToHttpWebview } from '../../ui/webviews/http/protocol';
import { connect } from '../common/channel';
import { appRoot, button, el, icon } from '../common/dom';
import { kvTable } from '../common/table';
import { responseTab } from './response';
import { timingTab } from './timing';
import { tlsTab } from './tls';
import { wireTab } from './wire';

const STATUS_ICON: Record<HttpView['status'], string> = { ok: 'pass', warning: 'warning', error: 'error' };
const TABS: ReadonlyArray<[HttpTab, string, string]> = [['response', 'Response', 'output'], ['wire', 'Wire', 'debug-console'], ['timing', 'Timing', 'watch'], ['tls', 'TLS', 'lock']];

const app = appRoot();
let view: HttpView | undefined;
let tab: HttpTab = 'response';
let exIndex = 0;

const channel = connect<ToHttpWebview, HttpAction, HttpRenderedId>(m => {
  view = m.view;
  exIndex = view.exchanges.length - 1;
  if (m.tab) tab = m.tab;
  render();
});

function tabContent(ex: ExchangeView): HTMLElement {
  switch (tab) {
    case 'response': return responseTab(ex, () => channel.post({ type: 'openBody', exchange: exIndex }));
    case 'wire': return view?.kept
      ? el('div', {}, el('p', { class: 'muted' }, icon('history'), ` ${ex.wire.bytesSent} bytes sent, ${ex.wire.bytesReceived} received. History does not keep wire bytes (they may hold credentials): Re-run to see them.`),
        el('h2', {}, `Request headers (${ex.requestHeaders.length}, credentials redacted)`), kvTable(ex.requestHeaders))
      : wireTab(ex);
    case 'timing': return timingTab(ex);
    case 'tls': return tlsTab(ex);
  }
}

function exchangePicker(v: HttpView): HTMLElement {
  const sel = el('select', { 'aria-label': 'Exchange' });
  v.exchanges.forEach((e, i) => {
    const o = el('option', { value: String(i) }, `${i + 1}. ${e.label}`);
    if (i === exIndex) o.selected = true;
    sel.append(o);
  });
  sel.addEventListener('change', () => { exIndex = Number(sel.value); render(); });
  return el('div', { class: 'toolbar' }, sel);
}

function toolbar(v: HttpView): HTMLElement {
  const copy = (format: CopyFormat) => (): void => channel.post({ type: 'copy', format, exchange: exIndex });
  const bar = el('div', { class: 'toolbar' }, button(v.kept ? 'Re-run' : 'Resend', 'refresh', () => channel.post({ type: 'resend' }), 'secondary'));
  // History keeps no wire bytes: only the buttons that have something to copy.
  if (!v.kept && v.exchanges.length) {
    bar.append(button('Copy as curl', 'terminal', copy('curl'), 'secondary'), button('Copy raw request', 'copy', copy('raw'), 'secondary'),
      button('Copy as Python', 'symbol-method', copy('python'), 'secondary'), button('Copy response', 'copy', copy('response'), 'secondary'));
  }
  if (v.exchanges.length) bar.append(button('Copy JSON', 'json', copy('json'), 'secondary'));
  return bar;
}

function tabs(): HTMLElement {
  const bar = el('div', { class: 'tabs', role: 'tablist' });
  for (const [id, label, ic] of TABS) {
    const b = el('button', { class: `tab${id === tab ? ' active' : ''}`, role: 'tab', 'aria-selected': String(id === tab) }, icon(ic), label);
    b.addEventListener('click', () => { tab = id; render(); });
    bar.append(b);
  }
  return bar;
}

function render(): void {
  if (!view) return;
  const ex = view.exchanges[exIndex];
  app.replaceChildren();
  app.append(el('h1', { class: `status-${view.status}` }, icon(STATUS_ICON[view.status] ?? 'info'), view.title));
  app.append(el('p', { class: 'summary', id: 'summary' }, view.summary));
  if (view.target && !ex) {
    app.append(el('p', { class: 'muted', id: 'target' }, icon('globe'), ` ${view.target.label}${view.target.via ? ` through ${view.target.via}` : ''}: nothing was exchanged.`));
  }
  if (view.exchanges.length > 1) app.append(exchangePicker(view));
  app.append(toolbar(view), tabs());
  const content = el('div', { class: 'tab-content', id: `tab-${tab}` });
  if (ex) content.append(tabContent(ex));
  app.append(content);
  channel.rendered({ id: view.id, tab }, app);
}
