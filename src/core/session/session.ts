import type * as net from 'net';
import type { OperationOptions } from '../errors';
import { errorMessage, isErrnoException, NetProbeError, nowMs, roundMs } from '../errors';
import type { TlsOptions } from '../tls/connect';
import { startTls, tlsFailureText } from '../tls/connect';
import type { TlsDetails } from '../tls/info';
import type { ProxyConfig } from '../proxy/types';
import { dial } from '../route/dial';
import type { SocketOptionReport, SocketOptionSettings } from './socket-options';
import { applySocketOptions, withEffectiveValues } from './socket-options';
import type { KernelSocketView } from './kernel-view';
import { kernelSocketView } from './kernel-view';

export interface SessionOptions extends OperationOptions, SocketOptionSettings {
  /** Layer TLS on the connection (true for defaults, or TLS settings). */
  tls?: boolean | TlsOptions;
  proxy?: ProxyConfig;
  family?: 4 | 6;
  /** ms without incoming data after which the session closes (default: never). */
  idleTimeout?: number;
}

/** How a session ended. */
export interface SessionCloseSummary {
  /** Who ended the conversation first. */
  firstClosedBy: 'local' | 'remote';
  /** How the first closer ended it: `fin` (orderly) or `rst` (abortive), or why we closed. */
  how: 'fin' | 'rst' | 'idle-timeout' | 'error';
  /** How each side ended, when known. */
  local?: 'fin' | 'rst' | 'destroy';
  remote?: 'fin' | 'rst';
  bytesIn: number;
  bytesOut: number;
  /** Bytes received after our half-close (what the peer still sent). */
  bytesAfterHalfClose: number;
  durationMs: number;
  /** Plain-language account, e.g. "We half-closed; the server sent 12 more bytes, then closed (FIN)." */
  description: string;
  error?: string;
}

/** A connected session's facts. */
export interface SessionInfo {
  host: string;
  port: number;
  remoteAddress: string;
  remotePort: number;
  localAddress?: string;
  localPort?: number;
  via: string;
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  tls?: TlsDetails;
  socketOptions: SocketOptionReport[];
  /** The kernel's view of the TCP connection (Linux `ss`), with effective buffer sizes, MSS, RTT. */
  kernel?: KernelSocketView;
}

export type SessionState = 'open' | 'local-half-closed' | 'remote-half-closed' | 'closed';

type Listener<T> = (value: T) => void;

/**
 * A raw bidirectional TCP or TLS stream (what ncat gives): write bytes, read bytes, half-close with
 * SHUT_WR, drain what the peer still sends, close or reset, and learn who closed first and how.
 */
export class RawSession {
  private readonly dataListeners: Array<Listener<Buffer>> = [];
  /** Bytes that arrived before anyone listened (a server's banner), handed to the first listener. */
  private pending: Buffer[] = [];
  private readonly stateListeners: Array<Listener<SessionState>> = [];
  private readonly closeListeners: Array<Listener<SessionCloseSummary>> = [];
  private bytesIn = 0;
  private bytesOut = 0;
  private afterHalfClose = 0;
  private firstClosedBy: 'local' | 'remote' | undefined;
  private localHow: 'fin' | 'rst' | 'destroy' | undefined;
  private remoteHow: 'fin' | 'rst' | undefined;
  private reason: 'idle-timeout' | 'error' | undefined;
  private errorText: string | undefined;
  private summary: SessionCloseSummary | undefined;
  private _state: SessionState = 'open';
  private readonly openedAt = nowMs();
  /** Resolves when the connection has fully closed. */
  readonly closed: Promise<SessionCloseSummary>;
  private resolveClosed!: (s: SessionCloseSummary) => void;

  constructor(
    private readonly socket: net.Socket,
    readonly info: SessionInfo,
    idleTimeout?: number,
  ) {
    this.closed = new Promise(r => {
      this.resolveClosed = r;
    });
    socket.allowHalfOpen = true;
    socket.on('data', (d: Buffer) => {
      this.bytesIn += d.length;
      if (this._state === 'local-half-closed') this.afterHalfClose += d.length;
      if (this.dataListeners.length === 0) this.pending.push(d);
      for (const l of this.dataListeners) l(d);
    });
    socket.on('end', () => {
      this.remoteHow ??= 'fin';
      this.firstClosedBy ??= 'remote';
      this.setState(this._state === 'local-half-closed' ? 'closed' : 'remote-half-closed');
      if (this._state === 'closed') socket.destroy();
    });
    socket.on('error', (e: unknown) => {
      const code = isErrnoException(e) ? e.code : undefined;
      if (code === 'ECONNRESET' || code === 'EPIPE') {
        this.remoteHow = 'rst';
        this.firstClosedBy ??= 'remote';
      } else {
        this.reason ??= 'error';
        this.errorText = info.tls ? tlsFailureText(e, info.tls.clientCertificate !== undefined) : errorMessage(e);
        this.firstClosedBy ??= 'local';
      }
    });
    socket.on('close', () => this.finish());
    if (idleTimeout && idleTimeout > 0) {
      socket.setTimeout(idleTimeout, () => {
        this.reason = 'idle-timeout';
        this.firstClosedBy ??= 'local';
        this.localHow = 'destroy';
        socket.destroy();
      });
    }
  }

  get state(): SessionState {
    return this._state;
  }

  get stats(): { bytesIn: number; bytesOut: number; elapsedMs: number } {
    return { bytesIn: this.bytesIn, bytesOut: this.bytesOut, elapsedMs: roundMs(nowMs() - this.openedAt) };
  }

  on(event: 'data', l: Listener<Buffer>): void;
  on(event: 'state', l: Listener<SessionState>): void;
  on(event: 'close', l: Listener<SessionCloseSummary>): void;
  on(event: 'data' | 'state' | 'close', l: Listener<Buffer> | Listener<SessionState> | Listener<SessionCloseSummary>): void {
    if (event === 'data') {
      const first = this.dataListeners.length === 0;
      this.dataListeners.push(l as Listener<Buffer>);
      if (first) {
        const pending = this.pending;
        this.pending = [];
        for (const d of pending) (l as Listener<Buffer>)(d);
      }
    } else if (event === 'state') this.stateListeners.push(l as Listener<SessionState>);
    else this.closeListeners.push(l as Listener<SessionCloseSummary>);
  }

  /** Sends bytes; resolves once the kernel has taken them. */
  write(data: Buffer | string): Promise<void> {
    if (this._state === 'local-half-closed' || this._state === 'closed' || !this.socket.writable) {
      return Promise.reject(new NetProbeError('invalid-input', 'The session can no longer send: our side is closed.'));
    }
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.bytesOut += buf.length;
    return new Promise((resolve, reject) => {
      this.socket.write(buf, err =>
        err ? reject(new NetProbeError('os-error', `Sending failed: ${err.message}`, isErrnoException(err) ? err.code : undefined)) : resolve(),
      );
    });
  }

  /** Half-close (SHUT_WR): sends FIN (TLS: close_notify then FIN) and keeps reading what the peer sends. */
  halfClose(): void {
    if (this._state === 'local-half-closed' || this._state === 'closed') return;
    this.firstClosedBy ??= 'local';
    this.localHow = 'fin';
    this.socket.end();
    this.setState(this._state === 'remote-half-closed' ? 'closed' : 'local-half-closed');
  }

  /**
   * Graceful shutdown: half-close, read what the peer still sends until it closes too (or `drainTimeout`
   * ms pass), then close. Resolves with how it ended.
   */
  async shutdown(drainTimeout = 2000): Promise<SessionCloseSummary> {
    this.halfClose();
    const timer = setTimeout(() => {
      this.localHow = 'destroy';
      this.socket.destroy();
    }, drainTimeout);
    try {
      return await this.closed;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes at once (FIN if our side is still open); unread data from the peer is discarded. */
  close(): Promise<SessionCloseSummary> {
    if (this._state !== 'closed') {
      this.firstClosedBy ??= 'local';
      this.localHow ??= 'fin';
      this.socket.destroySoon();
      this.socket.destroy();
    }
    return this.closed;
  }

  /** Aborts with an RST (SO_LINGER 0). */
  reset(): Promise<SessionCloseSummary> {
    if (this._state !== 'closed') {
      this.firstClosedBy ??= 'local';
      this.localHow = 'rst';
      this.socket.resetAndDestroy();
    }
    return this.closed;
  }

  private setState(s: SessionState): void {
    if (this._state === s) return;
    this._state = s;
    for (const l of this.stateListeners) l(s);
  }

  private finish(): void {
    if (this.summary) return;
    this.setState('closed');
    const first = this.firstClosedBy ?? 'remote';
    const how: SessionCloseSummary['how'] = this.reason ?? (first === 'local' ? (this.localHow === 'rst' ? 'rst' : 'fin') : (this.remoteHow ?? 'fin'));
    const s: SessionCloseSummary = {
      firstClosedBy: first,
      how,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      bytesAfterHalfClose: this.afterHalfClose,
      durationMs: roundMs(nowMs() - this.openedAt),
      description: '',
      ...(this.localHow ? { local: this.localHow } : {}),
      ...(this.remoteHow ? { remote: this.remoteHow } : {}),
      ...(this.errorText ? { error: this.errorText } : {}),
    };
    s.description = describeClose(s);
    this.summary = s;
    for (const l of this.closeListeners) l(s);
    this.resolveClosed(s);
  }
}

function describeClose(s: SessionCloseSummary): string {
  const peer = (h: 'fin' | 'rst' | undefined): string => (h === 'rst' ? 'reset the connection (RST)' : h === 'fin' ? 'closed its side (FIN)' : 'did not close');
  if (s.how === 'idle-timeout') return `Closed by us after the idle timeout with no data from the peer (${s.bytesIn} bytes in, ${s.bytesOut} out).`;
  if (s.how === 'error') return `The connection failed: ${s.error ?? 'unknown error'}.`;
  if (s.firstClosedBy === 'remote') {
    const then = s.local === 'fin' ? ' We then closed ours (FIN).' : '';
    return `The peer ${peer(s.remote)} first.${then}`;
  }
  if (s.local === 'rst') return 'We reset the connection (RST).';
  if (s.local === 'fin' && s.remote) return `We half-closed (FIN); the peer sent ${s.bytesAfterHalfClose} more bytes, then ${peer(s.remote)}.`;
  if (s.local === 'fin') return `We closed (FIN); the peer had not closed its side (${s.bytesAfterHalfClose} bytes drained after our FIN).`;
  return `We closed the connection (${s.bytesAfterHalfClose} bytes drained after our FIN).`;
}

/**
 * Opens a raw session to `host:port` over TCP (through `dial()`, so proxies apply) or TLS, and applies
 * the socket options. `timeout` bounds connecting (and the TLS handshake).
 */
export async function openSession(host: string, port: number, opts: SessionOptions = {}): Promise<RawSession> {
  const dialed = await dial(host, port, {
    ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.family ? { family: opts.family } : {}),
    ...(opts.proxy ? { proxy: opts.proxy } : {}),
  });
  let socketOptions = applySocketOptions(dialed.socket, opts);
  const kernel =
    dialed.localAddress && dialed.localPort && dialed.via === 'direct'
      ? await kernelSocketView(dialed.localAddress, dialed.localPort, dialed.remoteAddress, dialed.remotePort)
      : undefined;
  socketOptions = withEffectiveValues(socketOptions, kernel);
  dialed.socket.allowHalfOpen = true;
  let socket: net.Socket = dialed.socket;
  let tlsMs = 0;
  let tls: TlsDetails | undefined;
  if (opts.tls) {
    const tlsOpts: TlsOptions = opts.tls === true ? { alpn: [] } : { alpn: [], ...opts.tls };
    const t = await startTls(dialed.socket, host, {
      ...tlsOpts,
      ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    socket = t.socket;
    tlsMs = t.handshakeMs;
    tls = t.details;
  }
  const info: SessionInfo = {
    host,
    port,
    remoteAddress: dialed.remoteAddress,
    remotePort: dialed.remotePort,
    via: dialed.via,
    dnsMs: dialed.dnsMs,
    connectMs: dialed.connectMs,
    tlsMs,
    socketOptions,
    ...(dialed.localAddress ? { localAddress: dialed.localAddress } : {}),
    ...(dialed.localPort ? { localPort: dialed.localPort } : {}),
    ...(tls ? { tls } : {}),
    ...(kernel ? { kernel } : {}),
  };
  return new RawSession(socket, info, opts.idleTimeout);
}
