import * as vscode from 'vscode';
import { renderText, toJson } from '../../results/render-text';
import type { ResultView } from '../../results/view-model';
import { webviewHtml, webviewOptions } from '../html';
import type { ToResultsWebview } from './protocol';
import { isFromResultsWebview } from './protocol';

/** The shared results panel: one webview that shows the latest (or a chosen) result as tables. */
export class ResultsPanel implements vscode.Disposable {
  static readonly viewType = 'netprobe.results';
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private current: ResultView | undefined;
  private readonly renderedEmitter = new vscode.EventEmitter<{ id: string; text: string }>();
  /** Fires when the webview has rendered a result, with the page's visible text. */
  readonly onDidRender = this.renderedEmitter.event;
  /** What the webview last reported rendering. */
  lastRendered: { id: string; text: string } | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** The result on display, if the panel is open. */
  get shown(): ResultView | undefined {
    return this.panel ? this.current : undefined;
  }

  get isReady(): boolean {
    return this.ready;
  }

  show(view: ResultView, preserveFocus = true): void {
    this.current = view;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(ResultsPanel.viewType, 'NetProbe Results', { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, webviewOptions(this.extensionUri));
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'netprobe.svg');
      this.ready = false;
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
      this.panel.onDidDispose(() => { this.panel = undefined; this.ready = false; });
      this.panel.webview.html = webviewHtml(this.panel.webview, this.extensionUri, {
        title: 'NetProbe Results',
        scripts: ['results/results.js'],
        styles: ['results/results.css'],
        body: '<main id="app"><p class="empty">Waiting for a result…</p></main>',
      });
    } else {
      if (!this.panel.visible) this.panel.reveal(this.panel.viewColumn, preserveFocus);
      this.post();
    }
    this.panel.title = `NetProbe: ${view.title}`;
  }

  private post(): void {
    if (!this.panel || !this.ready || !this.current) return;
    const msg: ToResultsWebview = { type: 'show', view: this.current, text: renderText(this.current) };
    void this.panel.webview.postMessage(msg);
  }

  private onMessage(m: unknown): void {
    if (!isFromResultsWebview(m) || !this.current) return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post();
        break;
      case 'rendered':
        this.lastRendered = { id: m.id, text: m.text };
        this.renderedEmitter.fire(this.lastRendered);
        break;
      case 'copy':
        void vscode.env.clipboard.writeText(m.format === 'json' ? toJson(this.current.data) : renderText(this.current))
          .then(() => vscode.window.setStatusBarMessage('NetProbe: copied to the clipboard', 2000));
        break;
      case 'rerun':
        if (this.current.rerun) void vscode.commands.executeCommand(this.current.rerun.command, ...this.current.rerun.args);
        break;
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.renderedEmitter.dispose();
  }
}
