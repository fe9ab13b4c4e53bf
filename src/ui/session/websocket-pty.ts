import { randomUUID } from 'crypto';
import { errorMessage } from '../../core/errors';
import { WebSocketError } from '../../core/websocket/errors';
import { hexPreview } from '../../core/websocket/frame-view';
import { openWebSocket } from '../../core/websocket/open';
import type { WebSocketSession } from '../../core/websocket/session';
import type { WebSocketCloseSummary, WebSocketInfo } from '../../core/websocket/types';
import { parseWebSocketUrl } from '../../core/websocket/url';
import { redactUrls } from '../../core/http/credentials';
import { connectedTo } from '../../core/route/describe';
import type { ResultView } from '../results/view-model';
import type { Services } from '../services';
import type { TypedAction } from './terminal-session';
import { CYAN, DIM, RESET, TerminalSession, YELLOW } from './terminal-session';
import { WEBSOCKET_HELP, renderFrame, renderMessage, renderUpgrade, safeText, wsActionOf } from './websocket-terminal';
import { formatBytes, formatCount, formatDuration } from '../../core/text/units';

/** A WebSocket session in a VS Code terminal: the upgrade shown, typed lines sent as text, /commands, frames on demand. */
export class WebSocketPty extends TerminalSession<WebSocketSession> {
  private showFrames = false;
  private summary: WebSocketCloseSummary | undefined;
  protected override failurePrefix = 'Could not open the WebSocket';

  constructor(
    services: Services,
    private readonly url: string,
    private readonly proxyArg: string | undefined,
  ) {
    super(services);
  }

  private get label(): string {
    const t = parseWebSocketUrl(this.url);
    return `${t.secure ? 'wss' : 'ws'} ${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
  }

  protected target(): string {
    return safeText(Buffer.from(redactUrls(this.url)));
  }

  protected async dial(signal: AbortSignal): Promise<WebSocketSession> {
    const { settings } = this.services;
    const proxy = await this.services.proxies.forCommand(this.proxyArg);
    const caFile = settings.get('http.caFile');
    return openWebSocket(this.url, {
      timeout: this.services.timeout,
      signal,
      ...(proxy ? { proxy } : {}),
      tls: { insecure: settings.get('http.insecure'), ...(caFile ? { caFile } : {}), ...(await this.services.tlsExtras.options()) },
    });
  }

  protected opened(s: WebSocketSession): void {
    this.write(`${renderUpgrade(s.info.upgrade)}${CYAN}${describeOpen(s.info)}${RESET}\r\n`);
    this.help(WEBSOCKET_HELP);
    s.on('frame', f => {
      if (this.showFrames) this.print(renderFrame(f));
    });
    s.on('message', m => {
      this.print(renderMessage(m));
      this.scheduleName();
    });
    s.on('ping', d => this.print(`${YELLOW}← ping ${safeText(d)} (answered with a pong)${RESET}\r\n`));
    s.on('pong', p => this.print(`${YELLOW}← pong ${safeText(p.data)}${p.rttMs !== undefined ? ` after ${formatDuration(p.rttMs)}` : ''}${RESET}\r\n`));
    s.on('close', sum => {
      this.summary = sum;
      this.finish(`${sum.description} ${formatCount(sum.messagesOut, 'message')} sent, ${sum.messagesIn} received in ${formatDuration(sum.durationMs)}.`);
    });
  }

  protected override failedDetails(e: unknown): void {
    if (e instanceof WebSocketError && e.upgrade?.request) this.write(renderUpgrade(e.upgrade));
  }

  protected act(s: WebSocketSession, typed: TypedAction): void {
    const a = wsActionOf(typed);
    const failed = (e: unknown): void => this.notice(errorMessage(e));
    try {
      if (a.type === 'text') s.sendText(a.text).then(() => this.scheduleName(), failed);
      else if (a.type === 'binary') {
        this.write(`${DIM}→ [binary ${a.data.length} B] ${hexPreview(a.data, a.data.length, 256)}${RESET}\r\n`);
        s.sendBinary(a.data).then(() => this.scheduleName(), failed);
      } else if (a.type === 'ping') s.ping(a.data).catch(failed);
      else if (a.type === 'close') {
        this.notice(`Closing with ${a.code ?? 1000}${a.reason ? ` "${a.reason}"` : ''}…`);
        s.close(a.code, a.reason).catch(failed);
      } else if (a.type === 'terminate') void s.terminate();
      else if (a.type === 'frames') {
        this.showFrames = a.on;
        this.notice(`Frame lines ${a.on ? 'on' : 'off'}.`);
      } else if (a.type === 'help') this.help(WEBSOCKET_HELP);
      else if (a.type === 'status') {
        const st = s.stats;
        this.notice(
          `${s.state}; ${formatCount(st.messagesOut, 'message')} (${formatBytes(st.bytesOut)}) sent, ${st.messagesIn} (${formatBytes(st.bytesIn)}) received, ${formatCount(st.framesOut + st.framesIn, 'frame')}, ${formatDuration(st.elapsedMs)}.`,
        );
      } else this.notice(a.message);
    } catch (e) {
      failed(e);
    }
  }

  /**
   * History keeps what the session was (target, duration, counters, who closed), never what was said; `show`
   * redacts URL passwords and credential query values (and drops the re-run if it needs them).
   */
  protected record(error?: unknown): void {
    const sum = error === undefined ? this.summary : undefined;
    const url = this.url;
    const info = this.session?.info;
    const status: ResultView['status'] = error ? 'error' : sum?.outcome === 'clean' ? 'ok' : 'warning';
    const message = error instanceof Error ? error.message : error !== undefined ? 'failed' : undefined;
    const rows: Array<[string, string]> = [['URL', url]];
    if (info) rows.push(['Connected to', connectedTo(info)], ['Upgrade', `${info.upgrade.status ?? ''} ${info.upgrade.statusText ?? ''}`.trim()]);
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
      id: randomUUID(),
      kind: 'websocket',
      title: `WebSocket ${url}`,
      summary: message ?? sum?.description ?? '',
      status,
      createdAt: this.startedAt,
      ...(sum ? { elapsedMs: sum.durationMs } : {}),
      sections: [{ type: 'kv', rows }],
      data: {
        url,
        ...(info ? { remoteAddress: info.remoteAddress, remotePort: info.remotePort, via: info.via, upgradeStatus: info.upgrade.status } : {}),
        ...(sum
          ? {
              durationMs: sum.durationMs,
              initiatedBy: sum.initiatedBy,
              sent: sum.sent,
              received: sum.received,
              outcome: sum.outcome,
              messagesOut: sum.messagesOut,
              messagesIn: sum.messagesIn,
              bytesOut: sum.bytesOut,
              bytesIn: sum.bytesIn,
              framesOut: sum.framesOut,
              framesIn: sum.framesIn,
            }
          : {}),
        ...(message ? { error: message } : {}),
      },
      rerun: { command: 'netprobe.openWebSocketSession', args: [url] },
    };
    this.services.show(view, { panel: false });
  }

  protected title(): string {
    const st = this.session?.stats;
    return `${this.label} ↑${st?.messagesOut ?? 0} msg ${st?.bytesOut ?? 0} B ↓${st?.messagesIn ?? 0} msg ${st?.bytesIn ?? 0} B${this.ended ? ' closed' : ''}`;
  }

  protected shutdown(s: WebSocketSession): void {
    // The terminal went away: say so to the server (1001 going away) rather than dropping the connection.
    if (s.state === 'open') void s.close(1001, '');
  }
}

function describeOpen(i: WebSocketInfo): string {
  const tls = i.tls ? `, ${i.tls.protocol ?? ''} ${i.tls.cipher ?? ''}${i.tls.authorized ? '' : ` (NOT verified: ${i.tls.authorizationError ?? ''})`}` : '';
  const ext = i.extensions ? `, extensions: ${i.extensions}` : '';
  const proto = i.protocol ? `, subprotocol ${i.protocol}` : '';
  return `Connected to ${connectedTo(i)} in ${formatDuration(i.connectMs)}${tls}; upgraded in ${formatDuration(i.upgradeMs)}${proto}${ext}.`;
}
