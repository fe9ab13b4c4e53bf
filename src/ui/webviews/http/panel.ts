import * as vscode from 'vscode';
import { webviewHtml, webviewOptions } from '../html';
import type { CopyFormat, HttpTab, HttpView, ToHttpWebview } from './protocol';
import { isFromHttpWebview } from './protocol';

/** What the panel's buttons ask of the commands. */
export interface HttpPanelActions {
  copy(format: CopyFormat, exchange: number): string | undefined;
  openBody(exchange: number): void;
  resend(): void;
}

/** The raw HTTP response panel: Response, Wire (text + hex), Timing and TLS tabs. */
export class HttpPanel implements vscode.Disposable {
  static readonly viewType = 'netprobe.http';
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private current: HttpView | undefined;
  private actions: HttpPanelActions | undefined;
  private readonly renderedEmitter = new vscode.EventEmitter<{ id: string; tab: string; text: string }>();
  /** Fires when the webview has rendered a view, with the page's visible text. */
  readonly onDidRender = this.renderedEmitter.event;
  lastRendered: { id: string; tab: string; text: string } | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  get shown(): HttpView | undefined {
    return this.panel ? this.current : undefined;
  }

  show(view: HttpView, actions: HttpPanelActions): void {
    this.current = view;
    this.actions = actions;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(HttpPanel.viewType, 'NetProbe HTTP', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.extensionUri));
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'netprobe.svg');
      this.ready = false;
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
      this.panel.onDidDispose(() => { this.panel = undefined; this.ready = false; });
      this.panel.webview.html = webviewHtml(this.panel.webview, this.extensionUri, {
        title: 'NetProbe HTTP',
        scripts: ['http/http.js'],
        styles: ['http/http.css'],
        body: '<main id="app"><p class="empty">Sending…</p></main>',
      });
    } else {
      this.panel.reveal(undefined, true);
      this.post();
    }
    this.panel.title = `HTTP: ${view.exchanges[view.exchanges.length - 1]?.statusCode ?? '—'} ${view.title.slice(0, 60)}`;
  }

  /** Switches the visible tab; resolves with what the page then shows. */
  showTab(tab: HttpTab): Promise<{ id: string; tab: string; text: string } | undefined> {
    if (!this.panel || !this.ready) return Promise.resolve(undefined);
    const rendered = new Promise<{ id: string; tab: string; text: string }>(resolve => {
      const sub = this.onDidRender(r => { if (r.tab === tab) { sub.dispose(); resolve(r); } });
    });
    const msg: ToHttpWebview = { type: 'tab', tab };
    void this.panel.webview.postMessage(msg);
    return rendered;
  }

  private post(): void {
    if (!this.panel || !this.ready || !this.current) return;
    const msg: ToHttpWebview = { type: 'show', view: this.current };
    void this.panel.webview.postMessage(msg);
  }

  private onMessage(m: unknown): void {
    if (!isFromHttpWebview(m) || !this.current) return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post();
        break;
      case 'rendered':
        this.lastRendered = { id: m.id, tab: m.tab, text: m.text };
        this.renderedEmitter.fire(this.lastRendered);
        break;
      case 'copy': {
        const text = this.actions?.copy(m.format, m.exchange);
        if (text !== undefined) void vscode.env.clipboard.writeText(text).then(() => vscode.window.setStatusBarMessage('NetProbe: copied to the clipboard', 2000));
        break;
      }
      case 'openBody':
        this.actions?.openBody(m.exchange);
        break;
      case 'resend':
        this.actions?.resend();
        break;
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.renderedEmitter.dispose();
  }
}
