import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { isUntrustedCertificate } from '../../core/tls/connect';
import { terminalText } from '../../core/text/terminal';
import type { Services } from '../services';
import type { TerminalAction } from './session-terminal';
import { LineEditor } from './session-terminal';

export const YELLOW = '\x1b[33m';
export const CYAN = '\x1b[36m';
export const DIM = '\x1b[2m';
export const RESET = '\x1b[0m';
/** Most characters of a terminal's output kept for the test hook (never stored). */
const TRANSCRIPT_MAX = 64 * 1024;
const UNTRUSTED_HINT = ' Set netprobe.http.insecure to connect anyway; netprobe.http.caFile trusts a private CA.';

/** A line-editor action other than an echo: a line to send or a command. */
export type TypedAction = Exclude<TerminalAction, { type: 'echo' }>;

/**
 * A session in a VS Code terminal (raw TCP/TLS, WebSocket): "Connecting to …", then what the subclass shows on
 * opening; typed keys go through the line editor (echo, Backspace, Enter, /commands); what arrives is printed
 * above the line being typed; NetProbe's notices are one escaped line; the terminal's name follows the counters;
 * the end is said once, then any key closes the terminal; History gets the subclass's record (metadata only).
 */
export abstract class TerminalSession<S> implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  private readonly nameEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  readonly onDidChangeName = this.nameEmitter.event;
  private readonly editor = new LineEditor();
  /** What was printed last ended inside a line (peer bytes without a line end): a notice starts a new one. */
  private lineOpen = false;
  private nameTimer: NodeJS.Timeout | undefined;
  private readonly controller = new AbortController();
  protected session: S | undefined;
  /** The session ended (or never opened): the next key closes the terminal. */
  protected ended = false;
  protected readonly startedAt = Date.now();
  /** What the terminal showed, plain (escape sequences removed), bounded; only for the test hooks. */
  transcript = '';
  /** Resolves with the session once open (rejects if opening fails). */
  readonly connected: Promise<S>;
  private resolveConnected!: (s: S) => void;
  private rejectConnected!: (e: unknown) => void;

  constructor(protected readonly services: Services) {
    this.connected = new Promise((resolve, reject) => {
      this.resolveConnected = resolve;
      this.rejectConnected = reject;
    });
    this.connected.catch(() => undefined);
  }

  /** What "Connecting to …" names, already safe for the terminal. */
  protected abstract target(): string;
  /** Opens the session. */
  protected abstract dial(signal: AbortSignal): Promise<S>;
  /** Shows what was opened and follows the session's events. */
  protected abstract opened(s: S): void;
  /** Runs a typed line or command on the open session. */
  protected abstract act(s: S, a: TypedAction): void;
  /** The terminal's name now (target, counters, state). */
  protected abstract title(): string;
  /** Keeps the session in History and the log: what it was, never what was said; `error` when it never opened. */
  protected abstract record(error?: unknown): void;
  /** Ends the session because its terminal went away. */
  protected abstract shutdown(s: S): void;

  /** Why opening failed, for the notice (`Could not connect`). */
  protected failurePrefix = 'Could not connect';

  /** Shows more of a failed opening than its message (a WebSocket's upgrade exchange). */
  protected failedDetails(_e: unknown): void {
    // Most sessions have nothing more to show than the message.
  }

  open(): void {
    this.write(`${CYAN}Connecting to ${this.target()}…${RESET}\r\n`);
    void this.start();
  }

  private async start(): Promise<void> {
    try {
      const s = await this.dial(this.controller.signal);
      this.session = s;
      this.opened(s);
      this.resolveConnected(s);
      this.updateName();
    } catch (e) {
      this.failedDetails(e);
      this.notice(`${this.failurePrefix}: ${errorMessage(e)}${isUntrustedCertificate(e) ? UNTRUSTED_HINT : ''}`);
      this.write('Press any key to close the terminal.\r\n');
      this.ended = true;
      this.record(e);
      this.rejectConnected(e);
    }
  }

  handleInput(data: string): void {
    if (this.ended) {
      this.closeEmitter.fire();
      return;
    }
    const s = this.session;
    if (!s) return;
    for (const a of this.editor.input(data)) {
      if (a.type === 'echo') this.write(a.text);
      else this.act(s, a);
    }
  }

  /** Writes to the terminal (and the bounded transcript). */
  protected write(text: string): void {
    this.writeEmitter.fire(text);
    // eslint-disable-next-line no-control-regex
    this.transcript = (this.transcript + text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')).slice(-TRANSCRIPT_MAX);
  }

  /** Prints above the line being typed, then shows that line again. */
  protected print(text: string): void {
    const typed = this.editor.current;
    this.write(`${typed ? '\r\x1b[K' : ''}${text}${typed}`);
    // eslint-disable-next-line no-control-regex
    if (text !== '') this.lineOpen = !/\n(\x1b\[[0-9;]*m)*$/.test(text);
  }

  /** A line of NetProbe's own text; anything in it from the peer (an error quoting its bytes) is escaped. */
  protected notice(text: string): void {
    this.print(`${this.lineOpen ? '\r\n' : ''}${YELLOW}${terminalText(text, { multiline: false })}${RESET}\r\n`);
  }

  /** Lines of help, each in the help colour. */
  protected help(lines: readonly string[]): void {
    this.write(`${lines.map(l => `${CYAN}${l}${RESET}`).join('\r\n')}\r\n`);
  }

  /** The session is over: says how (`text`), records it, and lets the next key close the terminal. */
  protected finish(text: string): void {
    this.ended = true;
    this.updateName();
    this.notice(text);
    this.write('Press any key to close the terminal.\r\n');
    this.record();
  }

  /** Renames the terminal soon (counters change often: at most four times a second). */
  protected scheduleName(): void {
    this.nameTimer ??= setTimeout(() => {
      this.nameTimer = undefined;
      this.updateName();
    }, 250);
  }

  protected updateName(): void {
    this.nameEmitter.fire(this.title());
  }

  close(): void {
    this.controller.abort();
    clearTimeout(this.nameTimer);
    if (this.session) this.shutdown(this.session);
  }
}
