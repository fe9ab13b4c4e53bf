import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { isUntrustedCertificate } from '../../core/tls/connect';
import { WebSocketError } from '../../core/websocket/errors';
import { hexPreview } from '../../core/websocket/frame-view';
import { openWebSocket } from '../../core/websocket/open';
import type { WebSocketSession } from '../../core/websocket/session';
import type { WebSocketCloseSummary, WebSocketInfo } from '../../core/websocket/types';
import { parseWebSocketUrl } from '../../core/websocket/url';
import { redactUrls } from '../../core/http/credentials';
import type { ResultView } from '../results/view-model';
import type { Services } from '../services';
import { LineEditor } from './session-terminal';
import type { WsAction } from './websocket-terminal';
import { WEBSOCKET_HELP, renderFrame, renderMessage, renderUpgrade, safeText, wsActionOf } from './websocket-terminal';
import { formatBytes, formatCount, formatDuration } from '../../core/text/units';

const YELLOW = '\x1b[33m';
const CYAN = '\x1b[36m';
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
/** Most characters of a terminal's output kept for the test hook (never stored). */
const TRANSCRIPT_MAX = 64 * 1024;

/** A WebSocket session in a VS Code terminal: the upgrade shown, typed lines sent as text, /commands, frames on demand. */
export class WebSocketPty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  private readonly nameEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  readonly onDidChangeName = this.nameEmitter.event;
  private readonly editor = new LineEditor();
  private session: WebSocketSession | undefined;
  private ended = false;
  private showFrames = false;
  private nameTimer: NodeJS.Timeout | undefined;
  private readonly controller = new AbortController();
  private readonly startedAt = Date.now();
  /** What the terminal showed, plain (escape sequences removed), bounded; only for the test hook. */
  transcript = '';
  /** Resolves with the session once open (rejects if opening fails). */
  readonly connected: Promise<WebSocketSession>;
  private resolveConnected!: (s: WebSocketSession) => void;
  private rejectConnected!: (e: unknown) => void;

  constructor(private readonly services: Services, private readonly url: string, private readonly proxyArg: string | undefined) {
    this.connected = new Promise((resolve, reject) => { this.resolveConnected = resolve; this.rejectConnected = reject; });
    this.connected.catch(() => undefined);
  }

  private get label(): string {
    const t = parseWebSocketUrl(this.url);
    return `${t.secure ? 'wss' : 'ws'} ${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
  }

  open(): void {
    this.write(`${CYAN}Connecting to ${safeText(Buffer.from(redactUrls(this.url)))}…${RESET}\r\n`);
    void this.connect();
  }

  private write(text: string): void {
    this.writeEmitter.fire(text);
    // eslint-disable-next-line no-control-regex
    this.transcript = (this.transcript + text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')).slice(-TRANSCRIPT_MAX);
  }

  private async connect(): Promise<void> {
    try {
      const { settings } = this.services;
      const proxy = await this.services.proxies.forCommand(this.proxyArg);
      const caFile = settings.get('http.caFile');
      const s = await openWebSocket(this.url, {
        timeout: this.services.timeout, signal: this.controller.signal, ...(proxy ? { proxy } : {}),
        tls: { insecure: settings.get('http.insecure'), ...(caFile ? { caFile } : {}), ...(await this.services.tlsExtras.options()) },
      });
      this.session = s;
      this.write(`${renderUpgrade(s.info.upgrade)}${CYAN}${describeOpen(s.info)}${RESET}\r\n${WEBSOCKET_HELP.map(l => `${CYAN}${l}${RESET}`).join('\r\n')}\r\n`);
      s.on('frame', f => { if (this.showFrames) this.print(renderFrame(f)); });
      s.on('message', m => { this.print(renderMessage(m)); this.scheduleName(); });
      s.on('ping', d => this.print(`${YELLOW}← ping ${safeText(d)} (answered with a pong)${RESET}\r\n`));
      s.on('pong', p => this.print(`${YELLOW}← pong ${safeText(p.data)}${p.rttMs !== undefined ? ` after ${formatDuration(p.rttMs)}` : ''}${RESET}\r\n`));
      s.on('close', sum => this.onClosed(sum));
      this.resolveConnected(s);
      this.updateName();
    } catch (e) {
      const hint = isUntrustedCertificate(e) ? ' Set netprobe.http.insecure to connect anyway; netprobe.http.caFile trusts a private CA.' : '';
      if (e instanceof WebSocketError && e.upgrade?.request) this.write(renderUpgrade(e.upgrade));
      this.notice(`Could not open the WebSocket: ${errorMessage(e)}${hint}`);
      this.write('Press any key to close the terminal.\r\n');
      this.ended = true;
      this.record(undefined, e);
      this.rejectConnected(e);
    }
  }

  handleInput(data: string): void {
    if (this.ended) { this.closeEmitter.fire(); return; }
    const s = this.session;
    if (!s) return;
    for (const a of this.editor.input(data)) {
      if (a.type === 'echo') this.write(a.text);
      else this.run(s, wsActionOf(a));
    }
  }

  private run(s: WebSocketSession, a: WsAction): void {
    const failed = (e: unknown): void => this.notice(errorMessage(e));
    try {
      if (a.type === 'text') s.sendText(a.text).then(() => this.scheduleName(), failed);
      else if (a.type === 'binary') {
        this.write(`${DIM}→ [binary ${a.data.length} B] ${hexPreview(a.data, a.data.length, 256)}${RESET}\r\n`);
        s.sendBinary(a.data).then(() => this.scheduleName(), failed);
      }
      else if (a.type === 'ping') s.ping(a.data).catch(failed);
      else if (a.type === 'close') { this.notice(`Closing with ${a.code ?? 1000}${a.reason ? ` "${a.reason}"` : ''}…`); s.close(a.code, a.reason).catch(failed); }
      else if (a.type === 'terminate') void s.terminate();
      else if (a.type === 'frames') { this.showFrames = a.on; this.notice(`Frame lines ${a.on ? 'on' : 'off'}.`); }
      else if (a.type === 'help') this.write(`${WEBSOCKET_HELP.map(l => `${CYAN}${l}${RESET}`).join('\r\n')}\r\n`);
      else if (a.type === 'status') {
        const st = s.stats;
        this.notice(`${s.state}; ${formatCount(st.messagesOut, 'message')} (${formatBytes(st.bytesOut)}) sent, ${st.messagesIn} (${formatBytes(st.bytesIn)}) received, ${formatCount(st.framesOut + st.framesIn, 'frame')}, ${formatDuration(st.elapsedMs)}.`);
      } else this.notice(a.message);
    } catch (e) {
      failed(e);
    }
  }

  /** Prints above the line being typed, then shows that line again. */
  private print(text: string): void {
    const typed = this.editor.current;
    this.write(`${typed ? '\r\x1b[K' : ''}${text}${typed}`);
  }

  private onClosed(sum: WebSocketCloseSummary): void {
    this.ended = true;
    this.updateName();
    this.notice(`${sum.description} ${formatCount(sum.messagesOut, 'message')} sent, ${sum.messagesIn} received in ${formatDuration(sum.durationMs)}.`);
    this.write('Press any key to close the terminal.\r\n');
    this.record(sum);
  }

  /**
   * History keeps what the session was (target, duration, counters, who closed), never what was said; `show`
   * redacts URL passwords and credential query values (and drops the re-run if it needs them).
   */
  private record(sum: WebSocketCloseSummary | undefined, error?: unknown): void {
    const url = this.url;
    const info = this.session?.info;
    const status: ResultView['status'] = error ? 'error' : sum?.outcome === 'clean' ? 'ok' : 'warning';
    const message = error instanceof Error ? error.message : error !== undefined ? 'failed' : undefined;
    const rows: Array<[string, string]> = [['URL', url]];
    if (info) rows.push(['Connected to', `${info.remoteAddress}:${info.remotePort}${info.via !== 'direct' ? ` via ${info.via}` : ''}`], ['Upgrade', `${info.upgrade.status ?? ''} ${info.upgrade.statusText ?? ''}`.trim()]);
    if (info?.tls) rows.push(['TLS', `${info.tls.protocol ?? ''} ${info.tls.cipher ?? ''}`.trim()]);
    if (sum) {
      rows.push(
        ['Closed by', sum.initiatedBy === 'network' ? 'the network (no close frame)' : sum.initiatedBy === 'local' ? 'us' : 'the server'],
        ['Close sent', sum.sent ? `${sum.sent.code ?? 'no code'}${sum.sent.reason ? ` ${sum.sent.reason}` : ''}` : '—'],
        ['Close received', sum.received ? `${sum.received.code ?? 'no code'}${sum.received.reason ? ` ${sum.received.reason}` : ''}` : '—'],
        ['Messages out / in', `${sum.messagesOut} / ${sum.messagesIn}`],
        ['Bytes out / in', `${sum.bytesOut} / ${sum.bytesIn}`],
        ['Frames out / in', `${sum.framesOut} / ${sum.framesIn}`],
        ['Duration', formatDuration(sum.durationMs)],
      );
    }
    const view: ResultView = {
      id: randomUUID(), kind: 'websocket', title: `WebSocket ${url}`, summary: message ?? sum?.description ?? '', status,
      createdAt: this.startedAt, ...(sum ? { elapsedMs: sum.durationMs } : {}), sections: [{ type: 'kv', rows }],
      data: {
        url, ...(info ? { remoteAddress: info.remoteAddress, remotePort: info.remotePort, via: info.via, upgradeStatus: info.upgrade.status } : {}),
        ...(sum ? { durationMs: sum.durationMs, initiatedBy: sum.initiatedBy, sent: sum.sent, received: sum.received, outcome: sum.outcome,
          messagesOut: sum.messagesOut, messagesIn: sum.messagesIn, bytesOut: sum.bytesOut, bytesIn: sum.bytesIn, framesOut: sum.framesOut, framesIn: sum.framesIn } : {}),
        ...(message ? { error: message } : {}),
      },
      rerun: { command: 'netprobe.openWebSocketSession', args: [url] },
    };
    this.services.show(view, { panel: false });
  }

  private notice(text: string): void {
    this.print(`${YELLOW}${text}${RESET}\r\n`);
  }

  private scheduleName(): void {
    this.nameTimer ??= setTimeout(() => { this.nameTimer = undefined; this.updateName(); }, 250);
  }

  private updateName(): void {
    const st = this.session?.stats;
    this.nameEmitter.fire(`${this.label} ↑${st?.messagesOut ?? 0} msg ${st?.bytesOut ?? 0} B ↓${st?.messagesIn ?? 0} msg ${st?.bytesIn ?? 0} B${this.ended ? ' closed' : ''}`);
  }

  close(): void {
    this.controller.abort();
    clearTimeout(this.nameTimer);
    // The terminal went away: say so to the server (1001 going away) rather than dropping the connection.
    if (this.session?.state === 'open') void this.session.close(1001, '');
  }
}

function describeOpen(i: WebSocketInfo): string {
  const tls = i.tls ? `, ${i.tls.protocol ?? ''} ${i.tls.cipher ?? ''}${i.tls.authorized ? '' : ` (NOT verified: ${i.tls.authorizationError ?? ''})`}` : '';
  const ext = i.extensions ? `, extensions: ${i.extensions}` : '';
  const proto = i.protocol ? `, subprotocol ${i.protocol}` : '';
  return `Connected to ${i.remoteAddress}:${i.remotePort}${i.via !== 'direct' ? ` via ${i.via}` : ''} in ${formatDuration(i.connectMs)}${tls}; upgraded in ${formatDuration(i.upgradeMs)}${proto}${ext}.`;
}

