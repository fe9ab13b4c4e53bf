// Raw HTTP panel (src/ui/webviews/http/protocol.ts): Response, Wire (text + virtualised hex), Timing and TLS
// tabs. Network data is text only.
import type { CopyFormat, ExchangeView, FramePage, HttpAction, HttpRenderedId, HttpTab, HttpView, ToHttpWebview } from '../../ui/webviews/http/protocol';
import { connect } from '../common/channel';
import { appRoot, button, el, icon } from '../common/dom';
import { kvTable } from '../common/table';
import type { FrameListState } from './frames';
import { http2WireTab } from './frames';
import { responseTab } from './response';
import { timingTab } from './timing';
import { tlsTab } from './tls';
import { wireTab } from './wire';

const STATUS_ICON: Record<HttpView['status'], string> = { ok: 'pass', warning: 'warning', error: 'error' };
const TABS: ReadonlyArray<[HttpTab, string, string]> = [
  ['response', 'Response', 'output'],
  ['wire', 'Wire', 'debug-console'],
  ['timing', 'Timing', 'watch'],
  ['tls', 'TLS', 'lock'],
];

const app = appRoot();
let view: HttpView | undefined;
let tab: HttpTab = 'response';
let exIndex = 0;
/** HTTP/2 frames: which the list shows, and the page the host sent for it (cleared when anything changes). */
let frameState: FrameListState = { scope: 'stream', offset: 0 };
let framePage: FramePage | undefined;

const channel = connect<ToHttpWebview, HttpAction, HttpRenderedId>(m => {
  if (m.type === 'frames') {
    const p = m.page;
    if (m.view !== view?.id || p.exchange !== exIndex || p.scope !== frameState.scope || p.frameType !== frameState.frameType || p.offset !== frameState.offset)
      return;
    framePage = p;
    render();
    return;
  }
  view = m.view;
  selectExchange(view.exchanges.length - 1);
  if (m.tab) tab = m.tab;
  render();
});

function selectExchange(i: number): void {
  exIndex = i;
  frameState = { scope: 'stream', offset: 0 };
  framePage = undefined;
}

function requestFrames(state: FrameListState): void {
  frameState = state;
  framePage = undefined;
  render();
}

/** Whether the tab waits for a page of frames (asked for here; the page's arrival renders again). */
function waitingForFrames(ex: ExchangeView | undefined): boolean {
  if (tab !== 'wire' || !ex?.http2 || framePage || view?.kept) return false;
  channel.post({ type: 'frames', exchange: exIndex, ...frameState });
  return true;
}

function tabContent(ex: ExchangeView): HTMLElement {
  switch (tab) {
    case 'response':
      return responseTab(ex, () => channel.post({ type: 'openBody', exchange: exIndex }));
    case 'wire':
      return view?.kept
        ? el(
            'div',
            {},
            el(
              'p',
              { class: 'muted' },
              icon('history'),
              ` ${ex.wire.bytesSent} bytes sent, ${ex.wire.bytesReceived} received. History does not keep wire bytes (they may hold credentials): Re-run to see them.`,
            ),
            el('h2', {}, `Request headers (${ex.requestHeaders.length}, credentials redacted)`),
            kvTable(ex.requestHeaders),
          )
        : ex.http2
          ? http2WireTab(ex, ex.http2, framePage, frameState, requestFrames)
          : wireTab(ex);
    case 'timing':
      return timingTab(ex, view?.exchanges ?? [ex]);
    case 'tls':
      return tlsTab(ex);
  }
}

/** Says when HTTP/2 was asked for but not spoken (the server refused h2 in ALPN, or ALPN needs TLS). */
function negotiationNote(ex: ExchangeView | undefined): HTMLElement | null {
  const n = ex?.negotiation;
  if (!n || n.used !== '1.1') return null;
  return el(
    'p',
    { class: 'status-warning', id: 'negotiation' },
    icon('warning'),
    ` HTTP/2 was asked for, HTTP/1.1 was used: ${n.note ?? 'the server did not take h2.'}`,
  );
}

function exchangePicker(v: HttpView): HTMLElement {
  const sel = el('select', { 'aria-label': 'Exchange' });
  v.exchanges.forEach((e, i) => {
    const o = el('option', { value: String(i) }, `${i + 1}. ${e.label}${e.http2 ? ` · stream ${e.http2.streamId}` : ''}`);
    if (i === exIndex) o.selected = true;
    sel.append(o);
  });
  sel.addEventListener('change', () => {
    selectExchange(Number(sel.value));
    render();
  });
  return el('div', { class: 'toolbar' }, sel);
}

function toolbar(v: HttpView): HTMLElement {
  const copy = (format: CopyFormat) => (): void => channel.post({ type: 'copy', format, exchange: exIndex });
  const bar = el(
    'div',
    { class: 'toolbar' },
    button(v.kept ? 'Re-run' : 'Resend', 'refresh', () => channel.post({ type: 'resend' }), 'secondary'),
  );
  // History keeps no wire bytes: only the buttons that have something to copy.
  if (!v.kept && v.exchanges.length) {
    bar.append(
      button('Copy as curl', 'terminal', copy('curl'), 'secondary'),
      button('Copy raw request', 'copy', copy('raw'), 'secondary'),
      button('Copy as Python', 'symbol-method', copy('python'), 'secondary'),
    );
    // Nothing came back (the connection failed, or no byte arrived): no response to copy.
    if (v.exchanges[exIndex]?.wire.bytesReceived) bar.append(button('Copy response', 'copy', copy('response'), 'secondary'));
  }
  if (v.exchanges.length) bar.append(button('Copy JSON', 'json', copy('json'), 'secondary'));
  if (!v.kept && v.exchanges[exIndex]?.http2) bar.append(button('Copy frames', 'list-flat', copy('frames'), 'secondary'));
  return bar;
}

/** What the failure offers: send again without verification (clearly marked), or trusting a CA file. */
function retryBar(v: HttpView): HTMLElement | null {
  if (v.kept || !v.retries?.length) return null;
  const bar = el('div', { class: 'toolbar', id: 'retries' });
  for (const how of v.retries) {
    bar.append(
      how === 'insecure'
        ? button('Retry without verification', 'unlock', () => channel.post({ type: 'retry', how }))
        : button('Choose CA file…', 'file-symlink-file', () => channel.post({ type: 'retry', how }), 'secondary'),
    );
  }
  return bar;
}

function tabs(): HTMLElement {
  const bar = el('div', { class: 'tabs', role: 'tablist' });
  for (const [id, label, ic] of TABS) {
    const b = el('button', { class: `tab${id === tab ? ' active' : ''}`, role: 'tab', 'aria-selected': String(id === tab) }, icon(ic), label);
    b.addEventListener('click', () => {
      tab = id;
      render();
    });
    bar.append(b);
  }
  return bar;
}

function render(): void {
  if (!view) return;
  const ex = view.exchanges[exIndex];
  app.replaceChildren();
  const heading = el('h1', { class: `status-${view.status}` }, icon(STATUS_ICON[view.status] ?? 'info'), view.title);
  // Say it where it is seen: a response over TLS whose certificate was not verified (# @insecure) is no plain success.
  const unverified = view.exchanges.find(e => e.statusCode !== undefined && e.tls && !e.tls.authorized);
  if (unverified?.tls)
    heading.append(
      el(
        'span',
        { class: 'badge badge-warning', id: 'tls-unverified', title: unverified.tls.authorizationError ?? 'The certificate was not verified.' },
        icon('unlock'),
        ' TLS not verified',
      ),
    );
  app.append(heading);
  app.append(el('p', { class: 'summary', id: 'summary' }, view.summary));
  const note = negotiationNote(ex);
  if (note) app.append(note);
  if (view.target && !ex) {
    app.append(
      el(
        'p',
        { class: 'muted', id: 'target' },
        icon('globe'),
        ` ${view.target.label}${view.target.via ? ` through ${view.target.via}` : ''}: nothing was exchanged.`,
      ),
    );
  }
  const retries = retryBar(view);
  if (retries) app.append(retries);
  if (view.exchanges.length > 1) app.append(exchangePicker(view));
  app.append(toolbar(view), tabs());
  const content = el('div', { class: 'tab-content', id: `tab-${tab}` });
  const waiting = waitingForFrames(ex);
  if (ex) content.append(tabContent(ex));
  app.append(content);
  // A tab waiting for its frames reports once they are there.
  if (!waiting) channel.rendered({ id: view.id, tab }, app);
}
