import * as vscode from 'vscode';
import { PanelHost } from '../panel-host';
import type { CopyFormat, HttpTab, HttpView, ToHttpWebview } from './protocol';
import { isFromHttpWebview } from './protocol';

/** What the panel's buttons ask of the commands. */
export interface HttpPanelActions {
  copy(format: CopyFormat, exchange: number): string | undefined;
  openBody(exchange: number): void;
  resend(): void;
}

/** What the webview reports after rendering: the view's id and the tab shown. */
export interface HttpRendered {
  id: string;
  tab: string;
}

/** The raw HTTP response panel: Response, Wire (text + hex), Timing and TLS tabs. */
export class HttpPanel extends PanelHost<HttpView, HttpRendered> {
  private actions: HttpPanelActions | undefined;
  private tab: HttpTab | undefined;

  constructor(extensionUri: vscode.Uri) {
    super(extensionUri, {
      viewType: 'netprobe.http',
      title: 'NetProbe HTTP',
      page: { title: 'NetProbe HTTP', scripts: ['http/http.js'], styles: ['http/http.css'], body: '<main id="app"><p class="empty">Sending…</p></main>' },
    });
  }

  show(view: HttpView, actions: HttpPanelActions): void {
    this.actions = actions;
    this.display(view, `HTTP: ${view.exchanges[view.exchanges.length - 1]?.statusCode ?? '—'} ${view.title.slice(0, 60)}`);
  }

  /** Switches the visible tab; resolves with what the page then shows. */
  showTab(tab: HttpTab): Promise<{ id: string; tab: string; text: string } | undefined> {
    if (!this.shown) return Promise.resolve(undefined);
    const rendered = new Promise<{ id: string; tab: string; text: string }>(resolve => {
      const sub = this.onDidRender(r => {
        if (r.id.tab !== tab) return;
        sub.dispose();
        if (this.tab === tab) this.tab = undefined;
        resolve({ ...r.id, text: r.text });
      });
    });
    // Kept until the page shows it: a webview still loading gets the tab with its first state.
    this.tab = tab;
    this.post();
    return rendered;
  }

  protected message(view: HttpView): ToHttpWebview {
    return { type: 'show', view, ...(this.tab ? { tab: this.tab } : {}) };
  }

  protected renderedId(m: { id?: unknown; tab?: unknown }): HttpRendered | undefined {
    return typeof m.id === 'string' && typeof m.tab === 'string' ? { id: m.id, tab: m.tab } : undefined;
  }

  protected onAction(m: unknown): void {
    if (!isFromHttpWebview(m)) return;
    if (m.type === 'copy') {
      const text = this.actions?.copy(m.format, m.exchange);
      if (text !== undefined) void vscode.env.clipboard.writeText(text).then(() => vscode.window.setStatusBarMessage('NetProbe: copied to the clipboard', 2000));
    } else if (m.type === 'openBody') {
      this.actions?.openBody(m.exchange);
    } else if (m.type === 'resend') {
      this.actions?.resend();
    }
  }
}
