import * as vscode from 'vscode';
import { panelPage } from '../html';
import { StatePanelHost } from '../panel-host';
import type { WebviewContext } from '../render-reports';
import type { TrailMeta } from '../trail';
import type { CopyFormat, FramePage, FrameQuery, HttpAction, HttpRenderedId, HttpTab, HttpView, RetryHow, ToHttpWebview } from './protocol';
import { isHttpAction, isHttpRenderedId } from './protocol';

/** What the panel's buttons ask of the commands. */
export interface HttpPanelActions {
  copy(format: CopyFormat, exchange: number): string | undefined;
  openBody(exchange: number): void;
  resend(): void;
  /** Sends the failed request again as `how` says (offered in `HttpView.retries`); `caFile` skips the file picker. */
  retry(how: RetryHow, caFile?: string): void;
  /** One page of an HTTP/2 exchange's frames (undefined when the exchange has none). */
  frames(query: FrameQuery): FramePage | undefined;
}

/** A send on display with what its buttons do. */
export interface HttpShown {
  view: HttpView;
  actions: HttpPanelActions;
}

/**
 * The raw HTTP response panel: Response, Wire (text + hex), Timing and TLS tabs; back/forward goes through the
 * recent sends, and History reopens one here (without bodies and wire bytes, which it does not keep).
 */
export class HttpPanel extends StatePanelHost<HttpShown, ToHttpWebview, HttpAction, HttpRenderedId> {
  private tab: HttpTab | undefined;

  constructor(context: WebviewContext) {
    super(context, {
      viewType: 'netprobe.http',
      page: panelPage('http', 'NetProbe HTTP', 'Sending…'),
      isAction: isHttpAction,
      isRenderedId: isHttpRenderedId,
    });
  }

  /** Shows a send; `meta`: its re-run and, reopened from History, what History left out. */
  show(view: HttpView, actions: HttpPanelActions, meta: TrailMeta = {}): void {
    this.display({ view, actions }, `HTTP: ${view.exchanges[view.exchanges.length - 1]?.statusCode ?? '—'} ${view.title.slice(0, 60)}`, true, meta);
  }

  /** Does what the page's button `action` asks (tests); a CA-file retry uses `caFile` instead of asking. */
  act(action: unknown, caFile?: string): void {
    if (!isHttpAction(action) || !this.shown) return;
    if (action.type === 'retry' && caFile) this.shown.actions.retry(action.how, caFile);
    else this.onAction(action);
  }

  /** The send on display (tests). */
  get shownView(): HttpView | undefined {
    return this.shown?.view;
  }

  /**
   * Switches the visible tab; resolves with what the page then shows. Needs render reports (tests):
   * undefined at once when they are off or no panel is open.
   */
  showTab(tab: HttpTab): Promise<(HttpRenderedId & { text: string }) | undefined> {
    if (!this.shown || !this.context.reports.enabled) return Promise.resolve(undefined);
    const rendered = new Promise<HttpRenderedId & { text: string }>(resolve => {
      const sub = this.onDidRender(r => {
        if (r.id.tab !== tab) return;
        sub.dispose();
        if (this.tab === tab) this.tab = undefined;
        resolve({ ...r.id, text: r.text });
      });
    });
    // Kept until the page shows it: a webview still loading gets the tab with its first state.
    this.tab = tab;
    this.replay();
    return rendered;
  }

  protected message(s: HttpShown): ToHttpWebview {
    return { type: 'show', view: s.view, ...(this.tab ? { tab: this.tab } : {}) };
  }

  protected onStateAction(m: HttpAction, s: HttpShown): void {
    if (m.type === 'copy') {
      const text = s.actions.copy(m.format, m.exchange);
      if (text !== undefined)
        void vscode.env.clipboard.writeText(text).then(() => vscode.window.setStatusBarMessage('NetProbe: copied to the clipboard', 2000));
    } else if (m.type === 'openBody') {
      s.actions.openBody(m.exchange);
    } else if (m.type === 'resend') {
      s.actions.resend();
    } else if (m.type === 'retry') {
      s.actions.retry(m.how);
    } else if (m.type === 'frames') {
      const query = { exchange: m.exchange, scope: m.scope, offset: m.offset, ...(m.frameType !== undefined ? { frameType: m.frameType } : {}) };
      const page = s.actions.frames(query) ?? {
        ...query,
        total: 0,
        frames: [],
        types: [],
        note: 'The frames of this send are not kept (History keeps no wire bytes): Resend to see them.',
      };
      this.post({ type: 'frames', view: s.view.id, page });
    }
  }
}
