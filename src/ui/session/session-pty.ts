import { formatHostPort } from '../../core/address/host-port';
import { connectedTo } from '../../core/route/describe';
import { errorMessage } from '../../core/errors';
import type { RawSession, SessionCloseSummary, SessionInfo } from '../../core/session/session';
import { openSession } from '../../core/session/session';
import { terminalText } from '../../core/text/terminal';
import type { Services } from '../services';
import { ReceivedText, SESSION_HELP } from './session-terminal';
import { formatCount, formatDuration } from '../../core/text/units';
import { rawSessionView } from './session-views';
import type { TypedAction } from './terminal-session';
import { CYAN, RESET, TerminalSession } from './terminal-session';

const NOT_CONNECTED: SessionCloseSummary = {
  firstClosedBy: 'local',
  how: 'error',
  bytesIn: 0,
  bytesOut: 0,
  bytesAfterHalfClose: 0,
  durationMs: 0,
  description: 'Not connected.',
};

/** A raw TCP/TLS session in a VS Code terminal. */
export class SessionPty extends TerminalSession<RawSession> {
  private readonly received = new ReceivedText();
  private summary: SessionCloseSummary | undefined;

  constructor(
    services: Services,
    private readonly host: string,
    private readonly port: number,
    private readonly tls: boolean,
    private readonly proxyArg: string | undefined,
  ) {
    super(services);
  }

  private get label(): string {
    return formatHostPort(this.host, this.port);
  }

  protected target(): string {
    return `${terminalText(this.label, { multiline: false })}${this.tls ? ' (TLS)' : ''}`;
  }

  protected async dial(signal: AbortSignal): Promise<RawSession> {
    const { settings } = this.services;
    const proxy = await this.services.proxies.forCommand(this.proxyArg);
    return openSession(this.host, this.port, {
      timeout: this.services.timeout,
      signal,
      ...(proxy ? { proxy } : {}),
      ...(this.tls
        ? {
            tls: {
              insecure: settings.get('http.insecure'),
              ...(settings.get('http.caFile') ? { caFile: settings.get('http.caFile') } : {}),
              ...(await this.services.tlsExtras.options()),
            },
          }
        : {}),
      noDelay: settings.get('session.noDelay'),
      keepAlive: settings.get('session.keepAlive'),
      ...(settings.get('session.idleTimeout') > 0 ? { idleTimeout: settings.get('session.idleTimeout') } : {}),
    });
  }

  protected opened(s: RawSession): void {
    this.write(`${CYAN}${terminalText(describe(s.info), { multiline: false })}${RESET}\r\n`);
    this.help(SESSION_HELP);
    s.on('data', d => {
      this.print(this.received.render(d));
      this.scheduleName();
    });
    s.on('state', st => {
      if (st === 'remote-half-closed') this.notice('The peer half-closed (FIN): it will send nothing more; you can still send.');
    });
    s.on('close', sum => {
      this.summary = sum;
      const rest = this.received.end();
      if (rest) this.write(rest);
      this.finish(`${sum.description} ${formatCount(sum.bytesOut, 'byte')} sent, ${sum.bytesIn} received in ${formatDuration(sum.durationMs)}.`);
    });
  }

  protected act(s: RawSession, a: TypedAction): void {
    if (a.type === 'send') {
      const eol = this.services.settings.get('session.lineEnding') === 'lf' ? '\n' : '\r\n';
      s.write(`${a.line}${eol}`).then(
        () => this.updateName(),
        (e: unknown) => this.notice(errorMessage(e)),
      );
    } else if (a.type === 'unknown-command') this.notice(`Unknown command ${a.text} (type /help; //text sends a line starting with "/").`);
    else if (a.name === 'help') this.help(SESSION_HELP);
    else if (a.name === 'status')
      this.notice(`${s.state}; ${formatCount(s.stats.bytesOut, 'byte')} sent, ${s.stats.bytesIn} received, ${formatDuration(s.stats.elapsedMs)}.`);
    else if (a.name === 'halfclose') {
      s.halfClose();
      this.notice('Half-closed (FIN sent); waiting for what the peer still sends…');
    } else if (a.name === 'reset') void s.reset();
    else void s.close();
  }

  protected title(): string {
    const st = this.session?.stats;
    const state = this.ended ? ' closed' : this.session?.state === 'local-half-closed' ? ' half-closed' : '';
    return `${this.label}${this.tls ? ' TLS' : ''} ↑${st?.bytesOut ?? 0} ↓${st?.bytesIn ?? 0}${state}`;
  }

  /** History keeps what the session was (metadata), never what was said. */
  protected record(error?: unknown): void {
    const end = error !== undefined || !this.summary ? NOT_CONNECTED : this.summary;
    const target = { host: this.host, port: this.port, tls: this.tls, ...(this.proxyArg !== undefined ? { proxy: this.proxyArg } : {}) };
    this.services.show(rawSessionView(target, this.session?.info, end, error !== undefined ? errorMessage(error) : undefined), { panel: false });
  }

  protected shutdown(s: RawSession): void {
    void s.close();
  }
}

function describe(i: SessionInfo): string {
  const tls = i.tls ? `, ${i.tls.protocol} ${i.tls.cipher}${i.tls.authorized ? '' : ` (NOT verified: ${i.tls.authorizationError ?? ''})`}` : '';
  const opts = i.socketOptions
    .filter(o => o.state !== 'unavailable')
    .map(o => `${o.name}=${o.value ?? 'default'}`)
    .join(' ');
  const k = i.kernel;
  const kernel = k
    ? ` Kernel: rcvbuf ${k.rcvbuf ?? '?'} B, sndbuf ${k.sndbuf ?? '?'} B, mss ${k.mss ?? '?'}, rtt ${k.rtt ?? '?'} ms${k.congestion ? `, ${k.congestion}` : ''}.`
    : '';
  const local = formatHostPort(i.localAddress ?? '?', i.localPort ?? '?');
  // Through a proxy the socket's peer is the proxy: core's connectedTo names the target and the proxy.
  return `Connected to ${connectedTo(i)} from ${local} in ${formatDuration(i.connectMs)}${tls}. ${opts}.${kernel}`;
}
