import * as vscode from 'vscode';
import { panelPage } from '../html';
import { StatePanelHost } from '../panel-host';
import type { WebviewContext } from '../render-reports';
import type { CopyFormat, HttpAction, HttpRenderedId, HttpTab, HttpView, ToHttpWebview } from './protocol';
import { isHttpAction, isHttpRenderedId } from './protocol';

/** What the panel's buttons ask of the commands. */
export interface HttpPanelActions {
  copy(format: CopyFormat, exchange: number): string | undefined;
  openBody(exchange: number): void;
  resend(): void;
}

/** The raw HTTP response panel: Response, Wire (text + hex), Timing and TLS tabs. */
export class HttpPanel extends StatePanelHost<HttpView, ToHttpWebview, HttpAction, HttpRenderedId> {
  private actions: HttpPanelActions | undefined;
  private tab: HttpTab | undefined;

  constructor(context: WebviewContext) {
    super(context, {
      viewType: 'netprobe.http',
      page: panelPage('http', 'NetProbe HTTP', 'Sending…'),
      isAction: isHttpAction,
      isRenderedId: isHttpRenderedId,
    });
  }

  show(view: HttpView, actions: HttpPanelActions): void {
    this.actions = actions;
    this.display(view, `HTTP: ${view.exchanges[view.exchanges.length - 1]?.statusCode ?? '—'} ${view.title.slice(0, 60)}`);
  }

  /**
   * Switches the visible tab; resolves with what the page then shows. Needs render reports (tests):
   * undefined at once when they are off or no panel is open.
   */
  showTab(tab: HttpTab): Promise<HttpRenderedId & { text: string } | undefined> {
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

  protected message(view: HttpView): ToHttpWebview {
    return { type: 'show', view, ...(this.tab ? { tab: this.tab } : {}) };
  }

  protected onStateAction(m: HttpAction): void {
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
