import * as vscode from 'vscode';
import { errorMessage, NetProbeError } from '../core/errors';
import { redactUrls } from '../core/http/credentials';
import type { HistoryStore } from './history/history-store';
import { redactResultView } from './history/redact';
import type { FailureContext } from './results/failure-view';
import { causeChain, failureView } from './results/failure-view';

/** A failure as it was reported (the integration tests read the last ones through `netprobe.internal.failures`). */
export interface FailureRecord {
  what: string;
  message: string;
  code?: string;
  command?: string;
  origin?: string;
  /** The History entry that shows it. */
  historyId?: string;
  /** False for a cancelled operation: logged only. */
  notified: boolean;
  /** The line written to the NetProbe log. */
  logLine: string;
  at: number;
}

/** Where a failure is already shown: its History entry, and what "Show details" opens (a panel). */
export interface ShownFailure {
  historyId?: string;
  show?: () => void;
}

const SHOW_DETAILS = 'Show details';
const KEPT = 20;

/**
 * The one way NetProbe reports a failure the user started: a notification with "Show details", a log line and
 * a History entry — each failure once, however many layers it passes through (a command calling a command,
 * a button calling a command). Background work does not come here: it shows its state in its own view and logs.
 */
export class Failures {
  private readonly reported = new WeakSet<object>();
  private readonly shown = new WeakMap<object, ShownFailure>();
  private readonly records: FailureRecord[] = [];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly history: HistoryStore,
  ) {}

  /** Says that `error` is already on screen and in History (a failure panel): its report then points there. */
  shownElsewhere(error: unknown, where: ShownFailure): void {
    if (typeof error === 'object' && error !== null) this.shown.set(error, where);
  }

  /** Whether `error` has been reported already. */
  wasReported(error: unknown): boolean {
    return typeof error === 'object' && error !== null && this.reported.has(error);
  }

  /** Reports a failure (once per error object). */
  report(what: string, e: unknown, context: FailureContext = {}): void {
    if (this.wasReported(e)) return;
    if (typeof e === 'object' && e !== null) this.reported.add(e);
    const message = errorMessage(e);
    const code = e instanceof NetProbeError ? e.code : undefined;
    const where = context.command ? ` (${context.command}${context.origin ? `, from ${context.origin}` : ''})` : '';
    if (code === 'aborted') {
      const logLine = `${what}: cancelled${where}.`;
      this.log.info(logLine);
      this.keep({
        what,
        message,
        code,
        notified: false,
        logLine,
        at: Date.now(),
        ...(context.command ? { command: context.command } : {}),
        ...(context.origin ? { origin: context.origin } : {}),
      });
      return;
    }
    const errno = e instanceof NetProbeError && e.errno ? ` [${e.errno}]` : '';
    const because = causeChain(e)
      .map(c => ` Because: ${c}`)
      .join('');
    const stack = e instanceof NetProbeError || !(e instanceof Error) ? '' : `\n${e.stack ?? ''}`;
    const logLine = redactUrls(`${what} failed${where}: ${message}${errno}${because}`);
    this.log.error(`${logLine}${stack}`);
    const shown = typeof e === 'object' && e !== null ? this.shown.get(e) : undefined;
    let historyId = shown?.historyId;
    if (historyId === undefined) {
      const view = redactResultView(failureView(what, e, context));
      historyId = view.id;
      void this.history.add(view);
    }
    const id = historyId;
    const details =
      shown?.show ??
      ((): void => {
        void vscode.commands.executeCommand('netprobe.openHistoryItem', id);
      });
    void vscode.window.showErrorMessage(`NetProbe: ${what}: ${message}`, SHOW_DETAILS).then(choice => {
      if (choice === SHOW_DETAILS) details();
    });
    this.keep({
      what,
      message,
      notified: true,
      logLine,
      at: Date.now(),
      historyId: id,
      ...(code ? { code } : {}),
      ...(context.command ? { command: context.command } : {}),
      ...(context.origin ? { origin: context.origin } : {}),
    });
  }

  /** The last reports, oldest first (tests). */
  recent(): FailureRecord[] {
    return [...this.records];
  }

  private keep(r: FailureRecord): void {
    this.records.push(r);
    if (this.records.length > KEPT) this.records.shift();
  }
}
