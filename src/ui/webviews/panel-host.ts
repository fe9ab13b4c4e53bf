import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { PageSpec } from './html';
import { webviewHtml, webviewOptions } from './html';
import type { FrameMessage, IdGuard, LayoutReport, MeasureMessage, NavMessage, ReportMessage } from './protocol';
import { shellMessage } from './protocol';
import type { WebviewContext } from './render-reports';
import type { TrailEntry, TrailLimits, TrailMeta } from './trail';
import { Trail } from './trail';
import { userArgs } from '../commands/entry-point';

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
 * One webview panel of NetProbe: creates it on first open (in the one results column), reveals it when hidden,
 * and runs the shared protocol (`src/ui/webviews/protocol.ts`): after the webview's `ready` (again whenever it
 * reloads) the subclass replays what it shows; `rendered` reports are asked for and kept only while render
 * reports are on (tests). Messages to the webview are typed `To`; its actions are narrowed to `Action` first.
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

  constructor(
    protected readonly context: WebviewContext,
    private readonly spec: PanelSpec<Action, Id>,
  ) {
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

  /** Back, forward or re-run from the page's frame bar (panels with recent results override it). */
  protected navigate(_to: NavMessage['to']): void {
    // A panel without recent results has nothing to move through.
  }

  /** Called when the user (or dispose) closed the panel. */
  protected onClosed(): void {
    // Most panels can be opened again; a panel tied to a resource overrides this.
  }

  /** Opens the panel (or reveals it when hidden) under the tab title `title`, then replays its content. */
  protected open(title: string, preserveFocus = true): void {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        this.spec.viewType,
        title,
        { viewColumn: this.context.column.column, preserveFocus },
        webviewOptions(this.context.extensionUri),
      );
      this.panel = panel;
      this.context.column.track(panel);
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

  /** Reveals the panel when it is hidden or behind another NetProbe panel (revealing a visible panel can reload its webview). */
  reveal(preserveFocus = true): void {
    if (!this.panel || !this.context.column.needsReveal(this.panel)) return;
    this.panel.reveal(this.panel.viewColumn, preserveFocus);
    this.context.column.revealed(this.panel);
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
      const timer = setTimeout(() => {
        this.layoutWaits.delete(seq);
        reject(new Error(`${this.spec.viewType} did not report its layout`));
      }, timeoutMs);
      this.layoutWaits.set(seq, layout => {
        clearTimeout(timer);
        resolve(layout);
      });
      const m: MeasureMessage = { type: 'measure', seq };
      void panel.webview.postMessage(m);
    });
  }

  /** Moves the panel into editor column `column` (tests lay panels out side by side). */
  moveTo(column: vscode.ViewColumn, preserveFocus = true): void {
    this.panel?.reveal(column, preserveFocus);
  }

  /** Sends the frame bar's state (back/forward, History) ahead of the result it belongs to. */
  protected postFrame(m: FrameMessage): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(m);
  }

  /** Forgets the last render report (the panel shows something new). */
  protected forgetRendered(): void {
    this.lastRendered = undefined;
  }

  private postReport(on: boolean): void {
    const m: ReportMessage = { type: 'report', on };
    if (this.panel && this.ready) void this.panel.webview.postMessage(m);
  }

  /** Handles `m` as if the webview had posted it (tests press the page's buttons through it). */
  deliver(m: unknown): void {
    this.receive(m);
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
    } else if (shell?.type === 'nav') {
      this.navigate(shell.to);
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

/** How many recent results a panel keeps for back/forward, unless it says otherwise. */
const DEFAULT_TRAIL: TrailLimits = { entries: 12, weight: 50_000 };

/**
 * A panel that shows one state at a time (a lookup, a response, a result): keeps the latest states (back and
 * forward through them) and sends the current one whenever the webview is (again) ready.
 */
export abstract class StatePanelHost<State, To, Action, Id> extends PanelHost<To, Action, Id> {
  protected readonly trail: Trail<State>;

  constructor(context: WebviewContext, spec: PanelSpec<Action, Id>, limits: TrailLimits = DEFAULT_TRAIL) {
    super(context, spec);
    this.trail = new Trail<State>(limits);
  }

  /** The state on display, if the panel is open. */
  get shown(): State | undefined {
    return this.isOpen ? this.trail.current?.value : undefined;
  }

  /** Where the state on display came from (its re-run, History). */
  get shownMeta(): TrailMeta | undefined {
    return this.isOpen ? this.trail.current?.meta : undefined;
  }

  /** The message that makes the webview show `state`. */
  protected abstract message(state: State): To;

  /** Handles an action of the webview showing `state`. */
  protected abstract onStateAction(action: Action, state: State): void;

  /** What keeping `state` among the recent results costs (rows, records); 1 by default. */
  protected weight(_state: State): number {
    return 1;
  }

  /** Shows `state` (creating or revealing the panel) under the tab title `title`; `meta`: its re-run, History. */
  protected display(state: State, title: string, preserveFocus = true, meta: TrailMeta = {}): void {
    this.trail.push({ value: state, title, meta, weight: this.weight(state) });
    this.showEntry(preserveFocus);
  }

  /** Called when the shown entry changes (display, back, forward) before it is sent. */
  protected entryChanged(_entry: TrailEntry<State>): void {
    // Panels that derive something from the shown state (a listing) reset it here.
  }

  private showEntry(preserveFocus = true): void {
    const e = this.trail.current;
    if (!e) return;
    this.forgetRendered();
    this.entryChanged(e);
    this.open(e.title, preserveFocus);
  }

  /** Runs the shown result again with the command that made it; false when it has none. */
  protected rerunShown(): boolean {
    const r = this.trail.current?.meta.rerun;
    if (!r) return false;
    // A user's click: the command reports its own failure (notification with Show details, log, History).
    void vscode.commands.executeCommand(r.command, ...userArgs('panel', r.args)).then(undefined, (e: unknown) => {
      void vscode.window.showErrorMessage(`NetProbe: Re-run failed: ${errorMessage(e)}`);
    });
    return true;
  }

  protected override navigate(to: NavMessage['to']): void {
    if (to === 'rerun') {
      this.rerunShown();
      return;
    }
    const before = this.trail.current;
    const e = to === 'back' ? this.trail.back() : this.trail.forward();
    if (e && e !== before) this.showEntry();
  }

  /** Sends the frame bar of the shown entry (back/forward, History, partial). */
  protected sendFrame(): void {
    const e = this.trail.current;
    if (!e) return;
    const { at, of } = this.trail.position;
    this.postFrame({
      type: 'frame',
      back: this.trail.canBack,
      forward: this.trail.canForward,
      at,
      of,
      rerun: e.meta.rerun !== undefined,
      ...(e.meta.history ? { history: e.meta.history } : {}),
    });
  }

  protected replay(): void {
    const e = this.trail.current;
    if (!e) return;
    this.sendFrame();
    this.post(this.message(e.value));
  }

  protected onAction(action: Action): void {
    const e = this.trail.current;
    if (e) this.onStateAction(action, e.value);
  }
}
