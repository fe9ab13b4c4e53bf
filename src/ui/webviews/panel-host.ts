import * as vscode from 'vscode';
import type { PageSpec } from './html';
import { webviewHtml, webviewOptions } from './html';

/** What every panel's webview reports after rendering: an id of what it shows and its visible text. */
export interface Rendered<Id> {
  id: Id;
  text: string;
}

export interface PanelSpec {
  viewType: string;
  /** Tab title before the first state arrives. */
  title: string;
  page: PageSpec;
}

/**
 * A single webview panel that shows one state at a time: creates the panel on first show, reveals it when
 * hidden, keeps the latest state, and sends it after the webview's `ready` handshake (again whenever the
 * webview reloads). Handles the `ready` and `rendered` messages; subclasses handle the rest.
 */
export abstract class PanelHost<State, Id> implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private current: State | undefined;
  private readonly renderedEmitter = new vscode.EventEmitter<Rendered<Id>>();
  /** Fires when the webview has rendered a state, with the page's visible text. */
  readonly onDidRender = this.renderedEmitter.event;
  /** What the webview last reported rendering (tests read the real DOM through it). */
  lastRendered: Rendered<Id> | undefined;

  constructor(protected readonly extensionUri: vscode.Uri, private readonly spec: PanelSpec) {}

  /** The state on display, if the panel is open. */
  get shown(): State | undefined {
    return this.panel ? this.current : undefined;
  }

  /** The message that makes the webview show `state`. */
  protected abstract message(state: State): unknown;

  /** Handles a message other than `ready`/`rendered`; `state` is the one on display. */
  protected abstract onAction(message: unknown, state: State): void;

  /** Narrows a `rendered` message's id; undefined when the message is not a valid `rendered`. */
  protected abstract renderedId(message: { id?: unknown; text?: unknown }): Id | undefined;

  /** Shows `state` (creating or revealing the panel) under the tab title `title`. */
  protected display(state: State, title: string, preserveFocus = true): void {
    this.current = state;
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(this.spec.viewType, this.spec.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, webviewOptions(this.extensionUri));
      this.panel = panel;
      this.ready = false;
      panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'netprobe.svg');
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m));
      panel.onDidDispose(() => { this.panel = undefined; this.ready = false; });
      panel.webview.html = webviewHtml(panel.webview, this.extensionUri, this.spec.page);
    } else {
      // Revealing an already visible panel can reload its webview; only reveal a hidden one.
      if (!this.panel.visible) this.panel.reveal(this.panel.viewColumn, preserveFocus);
      this.post();
    }
    this.panel.title = title;
  }

  /** Sends the current state again (after it changed in place). */
  protected post(): void {
    if (!this.panel || !this.ready || this.current === undefined) return;
    void this.panel.webview.postMessage(this.message(this.current));
  }

  private receive(m: unknown): void {
    if (typeof m !== 'object' || m === null || this.current === undefined) return;
    const msg = m as { type?: unknown; id?: unknown; text?: unknown };
    if (msg.type === 'ready') {
      this.ready = true;
      this.post();
      return;
    }
    if (msg.type === 'rendered') {
      const id = this.renderedId(msg);
      if (id === undefined || typeof msg.text !== 'string') return;
      this.lastRendered = { id, text: msg.text };
      this.renderedEmitter.fire(this.lastRendered);
      return;
    }
    this.onAction(m, this.current);
  }

  dispose(): void {
    this.panel?.dispose();
    this.renderedEmitter.dispose();
  }
}
