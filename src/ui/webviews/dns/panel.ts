import * as vscode from 'vscode';
import { webviewHtml, webviewOptions } from '../html';
import type { DnsPanelState, ToDnsWebview } from './protocol';
import { isFromDnsWebview } from './protocol';

/** Actions the panel's buttons ask of the commands. */
export interface DnsPanelActions {
  rerun(state: DnsPanelState): void;
  compare(state: DnsPanelState): void;
}

/** The DNS panel: one webview showing the latest lookup with flags, sections, EDNS and raw hex. */
export class DnsPanel implements vscode.Disposable {
  static readonly viewType = 'netprobe.dns';
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private current: DnsPanelState | undefined;
  private readonly renderedEmitter = new vscode.EventEmitter<{ id: number; text: string }>();
  /** Fires when the webview has rendered a lookup, with the page's visible text. */
  readonly onDidRender = this.renderedEmitter.event;
  /** What the webview last reported rendering (`id` is the answer's receive time). */
  lastRendered: { id: number; text: string } | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly actions: DnsPanelActions) {}

  /** The lookup on display, if the panel is open. */
  get shown(): DnsPanelState | undefined {
    return this.panel ? this.current : undefined;
  }

  show(state: DnsPanelState): void {
    this.current = state;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(DnsPanel.viewType, 'NetProbe DNS', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.extensionUri));
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'netprobe.svg');
      this.ready = false;
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
      this.panel.onDidDispose(() => { this.panel = undefined; this.ready = false; });
      this.panel.webview.html = webviewHtml(this.panel.webview, this.extensionUri, {
        title: 'NetProbe DNS',
        scripts: ['dns/dns.js'],
        styles: ['dns/dns.css'],
        body: '<main id="app"><p class="empty">Waiting for an answer…</p></main>',
      });
    } else {
      this.panel.reveal(undefined, true);
      this.post();
    }
    this.panel.title = `DNS: ${state.name} ${state.type}`;
  }

  private post(): void {
    if (!this.panel || !this.ready || !this.current) return;
    const msg: ToDnsWebview = { type: 'show', state: this.current };
    void this.panel.webview.postMessage(msg);
  }

  private onMessage(m: unknown): void {
    if (!isFromDnsWebview(m) || !this.current) return;
    const state = this.current;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post();
        break;
      case 'rendered':
        this.lastRendered = { id: m.id, text: m.text };
        this.renderedEmitter.fire(this.lastRendered);
        break;
      case 'copy': {
        const text = m.format === 'dig' ? state.dig : m.format === 'json' ? JSON.stringify(state.response, null, 2) : state.text;
        void vscode.env.clipboard.writeText(text).then(() => vscode.window.setStatusBarMessage('NetProbe: copied to the clipboard', 2000));
        break;
      }
      case 'rerun':
        this.actions.rerun(state);
        break;
      case 'compare':
        this.actions.compare(state);
        break;
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.renderedEmitter.dispose();
  }
}
