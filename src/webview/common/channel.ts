// The webview end of the shared protocol (src/ui/webviews/protocol.ts): `ready` once loaded, the panel's
// actions, and `rendered` reports only while the host asked for them (the test host does).
import type { FrameMessage, LayoutMessage, MeasureMessage, NavMessage, ReadyMessage, RenderedMessage, ReportMessage } from '../../ui/webviews/protocol';
import { byId } from './dom';
import { renderFrame } from './frame';
import { measureLayout } from './layout';

/** The API VS Code gives a webview script (once per page). */
interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What a panel script uses to talk to its host. */
export interface Channel<Action, Id> {
  /** Sends one of the panel's actions. */
  post(action: Action): void;
  /**
   * After rendering: tells the host what the page shows (`id`) and its visible text (the frame bar's and
   * `root.innerText`), only while reports are on; otherwise does nothing (the text is not even read).
   */
  rendered(id: Id, root?: HTMLElement): void;
}

/**
 * Connects the panel script: `receive` gets every message of the panel's own protocol (`To`); the shared
 * `report`, `measure` (tests) and `frame` (the bar above the result, `#frame`) messages are handled here. Posts
 * `ready` last, so the host's first message finds the listener.
 */
export function connect<To extends { type: string }, Action, Id>(receive: (m: To) => void): Channel<Action, Id> {
  const vscode = acquireVsCodeApi();
  let reporting = false;
  window.addEventListener('message', (e: MessageEvent<To | ReportMessage | undefined>) => {
    const m = e.data;
    if (!m || typeof m.type !== 'string') return;
    if (isReport(m)) reporting = m.on;
    else if (isMeasure(m)) {
      const l: LayoutMessage = { type: 'layout', seq: m.seq, layout: measureLayout() };
      vscode.postMessage(l);
    } else if (isFrame(m)) showFrame(m);
    else receive(m);
  });
  const showFrame = (m: FrameMessage): void => {
    const bar = byId('frame');
    if (bar)
      renderFrame(bar, m, to => {
        const nav: NavMessage = { type: 'nav', to };
        vscode.postMessage(nav);
      });
  };
  const channel: Channel<Action, Id> = {
    post: action => vscode.postMessage(action),
    rendered: (id, root = document.body) => {
      if (!reporting) return;
      const bar = byId('frame');
      const frame = bar && !bar.hidden ? `${bar.innerText}\n` : '';
      const m: RenderedMessage<Id> = { type: 'rendered', id, text: frame + root.innerText };
      vscode.postMessage(m);
    },
  };
  const ready: ReadyMessage = { type: 'ready' };
  vscode.postMessage(ready);
  return channel;
}

function isReport(m: { type: string }): m is ReportMessage {
  return m.type === 'report';
}

function isMeasure(m: { type: string }): m is MeasureMessage {
  return m.type === 'measure';
}

function isFrame(m: { type: string }): m is FrameMessage {
  return m.type === 'frame';
}
