import * as vscode from 'vscode';
import { formatHostPort } from '../../core/address/host-port';
import { errorMessage } from '../../core/errors';
import type { RawSession, SessionCloseSummary, SessionInfo } from '../../core/session/session';
import { isUntrustedCertificate } from '../../core/tls/connect';
import { openSession } from '../../core/session/session';
import { terminalText } from '../../core/text/terminal';
import type { Services } from '../services';
import { LineEditor, ReceivedText, SESSION_HELP } from './session-terminal';
import { formatCount, formatDuration } from '../../core/text/units';
import { rawSessionView } from './session-views';

const YELLOW = '\x1b[33m';
const CYAN = '\x1b[36m';
const RESET = '\x1b[0m';

/** A raw TCP/TLS session in a VS Code terminal. */
export class SessionPty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  private readonly nameEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  readonly onDidChangeName = this.nameEmitter.event;
  private readonly editor = new LineEditor();
  private readonly received = new ReceivedText();
  private session: RawSession | undefined;
  private ended: SessionCloseSummary | undefined;
  private nameTimer: NodeJS.Timeout | undefined;
  private readonly controller = new AbortController();
  /** Resolves with the session once connected (rejects if connecting fails). */
  readonly connected: Promise<RawSession>;
  private resolveConnected!: (s: RawSession) => void;
  private rejectConnected!: (e: unknown) => void;

  constructor(private readonly services: Services, private readonly host: string, private readonly port: number, private readonly tls: boolean, private readonly proxyArg: string | undefined) {
    this.connected = new Promise((resolve, reject) => { this.resolveConnected = resolve; this.rejectConnected = reject; });
  }

  private get label(): string {
    return formatHostPort(this.host, this.port);
  }

  open(): void {
    this.writeEmitter.fire(`${CYAN}Connecting to ${terminalText(this.label, { multiline: false })}${this.tls ? ' (TLS)' : ''}…${RESET}\r\n`);
    void this.connect();
  }

  private async connect(): Promise<void> {
    try {
      const { settings } = this.services;
      const proxy = await this.services.proxies.forCommand(this.proxyArg);
      const s = await openSession(this.host, this.port, {
        timeout: this.services.timeout, signal: this.controller.signal, ...(proxy ? { proxy } : {}),
        ...(this.tls ? {
          tls: { insecure: settings.get('http.insecure'), ...(settings.get('http.caFile') ? { caFile: settings.get('http.caFile') } : {}), ...(await this.services.tlsExtras.options()) },
        } : {}),
        noDelay: settings.get('session.noDelay'), keepAlive: settings.get('session.keepAlive'),
        ...(settings.get('session.idleTimeout') > 0 ? { idleTimeout: settings.get('session.idleTimeout') } : {}),
      });
      this.session = s;
      this.writeEmitter.fire(`${CYAN}${terminalText(describe(s.info), { multiline: false })}${RESET}\r\n${SESSION_HELP.map(l => `${CYAN}${l}${RESET}`).join('\r\n')}\r\n`);
      s.on('data', d => this.onData(d));
      s.on('state', st => { if (st === 'remote-half-closed') this.notice('The peer half-closed (FIN): it will send nothing more; you can still send.'); });
      s.on('close', sum => this.onClosed(sum));
      this.resolveConnected(s);
      this.updateName();
    } catch (e) {
      const hint = isUntrustedCertificate(e) ? ' Set netprobe.http.insecure to connect anyway; netprobe.http.caFile trusts a private CA.' : '';
      this.notice(`Could not connect: ${errorMessage(e)}${hint}`);
      this.writeEmitter.fire('Press any key to close the terminal.\r\n');
      this.ended = { firstClosedBy: 'local', how: 'error', bytesIn: 0, bytesOut: 0, bytesAfterHalfClose: 0, durationMs: 0, description: 'Not connected.' };
      this.record(this.ended, errorMessage(e));
      this.rejectConnected(e);
    }
  }

  handleInput(data: string): void {
    if (this.ended) { this.closeEmitter.fire(); return; }
    const s = this.session;
    if (!s) return;
    for (const a of this.editor.input(data)) {
      if (a.type === 'echo') this.writeEmitter.fire(a.text);
      else if (a.type === 'send') {
        const eol = this.services.settings.get('session.lineEnding') === 'lf' ? '\n' : '\r\n';
        s.write(`${a.line}${eol}`).then(() => this.updateName(), (e: unknown) => this.notice(errorMessage(e)));
      } else if (a.type === 'unknown-command') this.notice(`Unknown command ${a.text} (type /help; //text sends a line starting with "/").`);
      else if (a.name === 'help') this.writeEmitter.fire(`${SESSION_HELP.map(l => `${CYAN}${l}${RESET}`).join('\r\n')}\r\n`);
      else if (a.name === 'status') this.notice(`${s.state}; ${formatCount(s.stats.bytesOut, 'byte')} sent, ${s.stats.bytesIn} received, ${formatDuration(s.stats.elapsedMs)}.`);
      else if (a.name === 'halfclose') { s.halfClose(); this.notice('Half-closed (FIN sent); waiting for what the peer still sends…'); }
      else if (a.name === 'reset') void s.reset();
      else void s.close();
    }
  }

  private onData(d: Buffer): void {
    const typed = this.editor.current;
    const clear = typed ? '\r\x1b[K' : '';
    this.writeEmitter.fire(`${clear}${this.received.render(d)}${typed}`);
    this.scheduleName();
  }

  private onClosed(sum: SessionCloseSummary): void {
    this.ended = sum;
    const rest = this.received.end();
    if (rest) this.writeEmitter.fire(rest);
    this.updateName();
    this.notice(`${sum.description} ${formatCount(sum.bytesOut, 'byte')} sent, ${sum.bytesIn} received in ${formatDuration(sum.durationMs)}.`);
    this.writeEmitter.fire('Press any key to close the terminal.\r\n');
    this.record(sum);
  }

  /** History keeps what the session was (metadata), never what was said. */
  private record(end: SessionCloseSummary, error?: string): void {
    this.services.show(rawSessionView({ host: this.host, port: this.port, tls: this.tls, ...(this.proxyArg !== undefined ? { proxy: this.proxyArg } : {}) }, this.session?.info, end, error), { panel: false });
  }

  /** A line of NetProbe's own text; anything in it from the peer (an error quoting its bytes) is escaped. */
  private notice(text: string): void {
    this.writeEmitter.fire(`\r\n${YELLOW}${terminalText(text, { multiline: false })}${RESET}\r\n`);
  }

  private scheduleName(): void {
    this.nameTimer ??= setTimeout(() => { this.nameTimer = undefined; this.updateName(); }, 250);
  }

  private updateName(): void {
    const st = this.session?.stats;
    const state = this.ended ? ' closed' : this.session?.state === 'local-half-closed' ? ' half-closed' : '';
    this.nameEmitter.fire(`${this.label}${this.tls ? ' TLS' : ''} ↑${st?.bytesOut ?? 0} ↓${st?.bytesIn ?? 0}${state}`);
  }

  close(): void {
    this.controller.abort();
    clearTimeout(this.nameTimer);
    void this.session?.close();
  }
}

function describe(i: SessionInfo): string {
  const tls = i.tls ? `, ${i.tls.protocol} ${i.tls.cipher}${i.tls.authorized ? '' : ` (NOT verified: ${i.tls.authorizationError ?? ''})`}` : '';
  const opts = i.socketOptions.filter(o => o.state !== 'unavailable').map(o => `${o.name}=${o.value ?? 'default'}`).join(' ');
  const k = i.kernel;
  const kernel = k ? ` Kernel: rcvbuf ${k.rcvbuf ?? '?'} B, sndbuf ${k.sndbuf ?? '?'} B, mss ${k.mss ?? '?'}, rtt ${k.rtt ?? '?'} ms${k.congestion ? `, ${k.congestion}` : ''}.` : '';
  return `Connected to ${i.remoteAddress}:${i.remotePort} from ${i.localAddress ?? '?'}:${i.localPort ?? '?'} in ${formatDuration(i.connectMs)}${i.via !== 'direct' ? ` via ${i.via}` : ''}${tls}. ${opts}.${kernel}`;
}
