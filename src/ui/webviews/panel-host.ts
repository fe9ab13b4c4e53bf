import * as vscode from 'vscode';
import type { PageSpec } from './html';
import { webviewHtml, webviewOptions } from './html';
import type { IdGuard, LayoutReport, MeasureMessage, ReportMessage } from './protocol';
import { shellMessage } from './protocol';
import type { WebviewContext } from './render-reports';

/** What a webview reported after rendering: an id of what it shows and its visible text. */
export interface Rendered<Id> {
  id: Id;
  text: string;
}

export interface PanelSpec<Action, Id> {
  viewType: string;
  page: PageSpec;
  /** Narrows a message from the webview to one of the panel's actions. */
  isAction: (m: unknown) => m is Action;
  /** Narrows the id of a `rendered` message. */
  isRenderedId: IdGuard<Id>;
}

/**
 * One webview panel of NetProbe: creates it on first open, reveals it when hidden, and runs the shared
 * protocol (`src/ui/webviews/protocol.ts`): after the webview's `ready` (again whenever it reloads) the
 * subclass replays what it shows; `rendered` reports are asked for and kept only while render reports are
 * on (tests). Messages to the webview are typed `To`; its actions are narrowed to `Action` first.
 */
export abstract class PanelHost<To, Action, Id> implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private disposed = false;
  private readonly renderedEmitter = new vscode.EventEmitter<Rendered<Id>>();
  private readonly reportsSub: vscode.Disposable;
  /** Fires when the webview has rendered (only while render reports are on), with the page's visible text. */
  readonly onDidRender = this.renderedEmitter.event;
  /** What the webview last reported rendering (tests read the real DOM through it). */
  lastRendered: Rendered<Id> | undefined;
  private readonly layoutWaits = new Map<number, (layout: LayoutReport) => void>();
  private layoutSeq = 0;

  constructor(protected readonly context: WebviewContext, private readonly spec: PanelSpec<Action, Id>) {
    this.reportsSub = context.reports.onDidChange(on => this.postReport(on));
    context.reports.panels.add(this);
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Whether the panel is open and in sight (its tab is the active one of its group). */
  get isVisible(): boolean {
    return this.panel?.visible ?? false;
  }

  get viewType(): string {
    return this.spec.viewType;
  }

  /** Sends everything the webview should show; called after each `ready` and after each `open`. */
  protected abstract replay(): void;

  /** Handles one of the panel's actions (its buttons). */
  protected abstract onAction(action: Action): void;

  /** Called when the user (or dispose) closed the panel. */
  protected onClosed(): void {
    // Most panels can be opened again; a panel tied to a resource overrides this.
  }

  /** Opens the panel (or reveals it when hidden) under the tab title `title`, then replays its content. */
  protected open(title: string, preserveFocus = true): void {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(this.spec.viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, webviewOptions(this.context.extensionUri));
      this.panel = panel;
      this.ready = false;
      panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'netprobe.svg');
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m));
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        this.onClosed();
      });
      panel.webview.html = webviewHtml(panel.webview, this.context.extensionUri, this.spec.page);
    } else {
      this.reveal(preserveFocus);
    }
    this.panel.title = title;
    this.replay();
  }

  /** Reveals the panel when it is hidden (revealing a visible panel can reload its webview). */
  reveal(preserveFocus = true): void {
    if (this.panel && !this.panel.visible) this.panel.reveal(this.panel.viewColumn, preserveFocus);
  }

  /** Sends a message to the webview once it is ready (before that, `replay` after `ready` covers it). */
  protected post(m: To): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(m);
  }

  /**
   * Measures the page as it is laid out now (tests: page-level scrolling, column widths); rejects when the panel
   * is not open and ready, or does not answer within `timeoutMs` (a hidden webview has no page).
   */
  measureLayout(timeoutMs = 5000): Promise<LayoutReport> {
    const panel = this.panel;
    if (!panel || !this.ready) return Promise.reject(new Error(`${this.spec.viewType} is not open`));
    const seq = ++this.layoutSeq;
    return new Promise<LayoutReport>((resolve, reject) => {
      const timer = setTimeout(() => { this.layoutWaits.delete(seq); reject(new Error(`${this.spec.viewType} did not report its layout`)); }, timeoutMs);
      this.layoutWaits.set(seq, layout => { clearTimeout(timer); resolve(layout); });
      const m: MeasureMessage = { type: 'measure', seq };
      void panel.webview.postMessage(m);
    });
  }

  /** Moves the panel into editor column `column` (tests lay panels out side by side). */
  moveTo(column: vscode.ViewColumn, preserveFocus = true): void {
    this.panel?.reveal(column, preserveFocus);
  }

  /** Forgets the last render report (the panel shows something new). */
  protected forgetRendered(): void {
    this.lastRendered = undefined;
  }

  private postReport(on: boolean): void {
    const m: ReportMessage = { type: 'report', on };
    if (this.panel && this.ready) void this.panel.webview.postMessage(m);
  }

  private receive(m: unknown): void {
    const shell = shellMessage(m, this.spec.isRenderedId);
    if (shell?.type === 'ready') {
      this.ready = true;
      if (this.context.reports.enabled) this.postReport(true);
      this.replay();
    } else if (shell?.type === 'rendered') {
      if (!this.context.reports.enabled) return;
      this.lastRendered = { id: shell.id, text: shell.text };
      this.renderedEmitter.fire(this.lastRendered);
    } else if (shell?.type === 'layout') {
      this.layoutWaits.get(shell.seq)?.(shell.layout);
      this.layoutWaits.delete(shell.seq);
    } else if (this.spec.isAction(m)) {
      this.onAction(m);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.context.reports.panels.delete(this);
    this.reportsSub.dispose();
    this.panel?.dispose();
    this.renderedEmitter.dispose();
  }
}

/**
 * A panel that shows one state at a time (a lookup, a response, a result): keeps the latest state and
 * sends it whenever the webview is (again) ready.
 */
export abstract class StatePanelHost<State, To, Action, Id> extends PanelHost<To, Action, Id> {
  private current: State | undefined;

  /** The state on display, if the panel is open. */
  get shown(): State | undefined {
    return this.isOpen ? this.current : undefined;
  }

  /** The message that makes the webview show `state`. */
  protected abstract message(state: State): To;

  /** Handles an action of the webview showing `state`. */
  protected abstract onStateAction(action: Action, state: State): void;

  /** Shows `state` (creating or revealing the panel) under the tab title `title`. */
  protected display(state: State, title: string, preserveFocus = true): void {
    this.current = state;
    this.open(title, preserveFocus);
  }

  protected replay(): void {
    if (this.current !== undefined) this.post(this.message(this.current));
  }

  protected onAction(action: Action): void {
    if (this.current !== undefined) this.onStateAction(action, this.current);
  }
}
