import WebSocket from 'ws';
import { NetProbeError, nowMs, roundMs } from '../errors';
import type { TappedStream } from '../tcp/tapped-stream';
import { Channel } from './channel';
import { WebSocketError, closeArgumentsProblem, closeCodeName } from './errors';
import { quotedText } from '../text/terminal';
import type { WebSocketCloseSummary, WebSocketFrame, WebSocketInfo, WebSocketMessage, WebSocketStage, WebSocketStats } from './types';
import type { WireCapture } from './wire-capture';

/**
 * The session's events, wired to `ws` as soon as it exists: a server may send messages (or break the protocol)
 * in the same packet as its 101, before the session object is made.
 */
export class SessionEvents {
  readonly messages = new Channel<WebSocketMessage>();
  readonly pings = new Channel<Buffer>();
  readonly pongs = new Channel<{ data: Buffer; rttMs?: number }>();
  messagesIn = 0;
  /** The first error `ws` reported. */
  error: Error | undefined;
  readonly pingSentAt = new Map<string, number>();

  constructor(ws: WebSocket, clock: () => number) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.messagesIn++;
      this.messages.emit({ type: isBinary ? 'binary' : 'text', data, atMs: clock() });
    });
    ws.on('ping', (data: Buffer) => this.pings.emit(data));
    ws.on('pong', (data: Buffer) => {
      const key = data.toString('hex');
      const sent = this.pingSentAt.get(key);
      this.pingSentAt.delete(key);
      this.pongs.emit({ data, ...(sent !== undefined ? { rttMs: roundMs(nowMs() - sent) } : {}) });
    });
    ws.on('error', (e: Error) => {
      this.error ??= e;
    });
  }
}

/** What the session needs from the opening: the connection, its capture and the frames seen so far. */
export interface OpenedConnection {
  ws: WebSocket;
  events: SessionEvents;
  stream: TappedStream;
  capture: WireCapture;
  frames: WebSocketFrameLog;
  clock: () => number;
  maxPayload: number;
  closeTimeout: number;
}

/** The frames of a session, the newest `max` kept, with totals per direction. */
export class WebSocketFrameLog {
  private readonly kept: WebSocketFrame[] = [];
  framesIn = 0;
  framesOut = 0;
  /** The first close frame each way. */
  closeOut: WebSocketFrame | undefined;
  closeIn: WebSocketFrame | undefined;
  /** Which came first: the order (1-based, both directions) of each first close frame. */
  closeOutOrder = 0;
  closeInOrder = 0;
  /** Largest payload length an incoming frame declared. */
  largestIn = 0;
  readonly channel = new Channel<WebSocketFrame>();
  /** Called when the first close frame goes out (ours or our answer). */
  onCloseOut: (() => void) | undefined;

  constructor(private readonly max = 1000) {}

  add(f: WebSocketFrame): void {
    const order = this.framesIn + this.framesOut + 1;
    if (f.dir === 'in') {
      this.framesIn++;
      this.largestIn = Math.max(this.largestIn, f.length);
      if (f.type === 'close' && !this.closeIn) {
        this.closeIn = f;
        this.closeInOrder = order;
      }
    } else {
      this.framesOut++;
      if (f.type === 'close' && !this.closeOut) {
        this.closeOut = f;
        this.closeOutOrder = order;
        this.onCloseOut?.();
      }
    }
    this.kept.push(f);
    if (this.kept.length > this.max) this.kept.shift();
    this.channel.emit(f);
  }

  /** The frames kept (the newest `max`). */
  get frames(): WebSocketFrame[] {
    return [...this.kept];
  }
}

export type WebSocketState = 'open' | 'closing' | 'closed';

/** Close codes after which a closing handshake counts as a clean end. */
function normalCode(code: number | undefined): boolean {
  return code === undefined || code === 1000 || code === 1001 || (code >= 3000 && code <= 4999);
}

function codeText(code: number | undefined, reason: string): string {
  if (code === undefined) return 'no status code';
  return `${code} (${closeCodeName(code)})${reason ? ` ${quotedText(reason)}` : ''}`;
}

/**
 * An open WebSocket (built on `ws`): send text and binary messages, ping, close with a code and reason. Every
 * frame both ways is decoded from the bytes on the socket and reported (`frame`) next to the messages.
 * `closed` resolves with who closed, the codes exchanged and whether the closing handshake completed.
 */
export class WebSocketSession {
  private readonly closeListeners: Array<(s: WebSocketCloseSummary) => void> = [];
  private messagesOut = 0;
  private closeTimer: NodeJS.Timeout | undefined;
  private closeTimedOut = false;
  private terminatedByUs = false;
  private summary: WebSocketCloseSummary | undefined;
  private readonly ws: WebSocket;
  /** Resolves when the connection has closed. */
  readonly closed: Promise<WebSocketCloseSummary>;
  private resolveClosed!: (s: WebSocketCloseSummary) => void;

  constructor(
    private readonly conn: OpenedConnection,
    readonly info: WebSocketInfo,
  ) {
    this.ws = conn.ws;
    this.closed = new Promise(r => {
      this.resolveClosed = r;
    });
    conn.frames.onCloseOut = () => this.startCloseTimer();
    if (conn.frames.closeOut) this.startCloseTimer();
    this.ws.once('close', () => this.finish());
    if (this.ws.readyState === WebSocket.CLOSED) queueMicrotask(() => this.finish());
  }

  get state(): WebSocketState {
    return this.summary ? 'closed' : this.ws.readyState === WebSocket.OPEN ? 'open' : 'closing';
  }

  get stats(): WebSocketStats {
    const c = this.conn;
    return {
      bytesIn: c.capture.bytesIn,
      bytesOut: c.capture.bytesOut,
      messagesIn: c.events.messagesIn,
      messagesOut: this.messagesOut,
      framesIn: c.frames.framesIn,
      framesOut: c.frames.framesOut,
      elapsedMs: roundMs(c.clock()),
    };
  }

  /** The frames kept so far (the newest `maxFrames`), both directions in wire order. */
  get frames(): WebSocketFrame[] {
    return this.conn.frames.frames;
  }

  on(event: 'message', l: (m: WebSocketMessage) => void): void;
  on(event: 'frame', l: (f: WebSocketFrame) => void): void;
  on(event: 'ping', l: (data: Buffer) => void): void;
  on(event: 'pong', l: (p: { data: Buffer; rttMs?: number }) => void): void;
  on(event: 'close', l: (s: WebSocketCloseSummary) => void): void;
  on(event: 'message' | 'frame' | 'ping' | 'pong' | 'close', l: (v: never) => void): void {
    const events = this.conn.events;
    if (event === 'message') events.messages.on(l as (m: WebSocketMessage) => void);
    else if (event === 'frame') this.conn.frames.channel.on(l as (f: WebSocketFrame) => void);
    else if (event === 'ping') events.pings.on(l as (d: Buffer) => void);
    else if (event === 'pong') events.pongs.on(l as (p: { data: Buffer; rttMs?: number }) => void);
    else if (this.summary) (l as (s: WebSocketCloseSummary) => void)(this.summary);
    else this.closeListeners.push(l as (s: WebSocketCloseSummary) => void);
  }

  /** Sends a text message (one frame). */
  sendText(text: string): Promise<void> {
    return this.send(text, false);
  }

  /** Sends a binary message (one frame). */
  sendBinary(data: Buffer): Promise<void> {
    return this.send(data, true);
  }

  private send(data: string | Buffer, binary: boolean): Promise<void> {
    const closed = this.notOpen();
    if (closed) return Promise.reject(closed);
    this.messagesOut++;
    return new Promise((resolve, reject) => {
      this.ws.send(data, { binary }, err => (err ? reject(this.sendError(err)) : resolve()));
    });
  }

  /** Sends a ping (payload at most 125 bytes); the answering pong is reported with its round trip. */
  ping(data: Buffer | string = Buffer.alloc(0)): Promise<void> {
    const closed = this.notOpen();
    if (closed) return Promise.reject(closed);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (buf.length > 125) return Promise.reject(new NetProbeError('invalid-input', `A ping carries at most 125 bytes; this one has ${buf.length}.`));
    const sentAt = this.conn.events.pingSentAt;
    sentAt.set(buf.toString('hex'), nowMs());
    if (sentAt.size > 100) sentAt.delete(sentAt.keys().next().value ?? '');
    return new Promise((resolve, reject) => {
      this.ws.ping(buf, true, err => (err ? reject(this.sendError(err)) : resolve()));
    });
  }

  /**
   * Starts the closing handshake with `code` and `reason` (default: 1000, no reason) and resolves when the
   * connection has closed. If the server does not answer within `closeTimeout` ms the connection is dropped
   * and the summary says so.
   */
  close(code?: number, reason = ''): Promise<WebSocketCloseSummary> {
    const problem = closeArgumentsProblem(code, reason);
    if (problem) return Promise.reject(new NetProbeError('invalid-input', problem));
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code ?? 1000, reason);
    return this.closed;
  }

  /** Drops the connection at once, without a closing handshake. */
  terminate(): Promise<WebSocketCloseSummary> {
    if (!this.summary) {
      this.terminatedByUs = true;
      this.ws.terminate();
    }
    return this.closed;
  }

  /** Why nothing can be sent now, or undefined while the WebSocket is open. */
  private notOpen(): NetProbeError | undefined {
    if (this.ws.readyState === WebSocket.OPEN) return undefined;
    return new NetProbeError('invalid-input', this.summary ? 'The WebSocket is closed.' : 'The WebSocket is closing: nothing more can be sent.');
  }

  private sendError(e: Error): NetProbeError {
    return new WebSocketError('session', 'os-error', `sending failed: ${e.message}`, undefined, { cause: e });
  }

  private startCloseTimer(): void {
    if (this.closeTimer || this.summary) return;
    this.closeTimer = setTimeout(() => {
      this.closeTimedOut = true;
      this.ws.terminate();
    }, this.conn.closeTimeout);
  }

  /** A protocol error the `ws` receiver reported, in plain language. */
  private sessionError(e: Error): { stage: WebSocketStage; message: string } {
    const code = (e as NodeJS.ErrnoException).code;
    const sentClose = (): string => {
      const c = this.conn.frames.closeOut?.closeCode;
      return c !== undefined ? `; we closed with ${c} (${closeCodeName(c)})` : '';
    };
    if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' || code === 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH') {
      const largest = this.conn.frames.largestIn;
      const what = largest > this.conn.maxPayload ? `a frame of ${largest} bytes` : 'a message';
      return {
        stage: 'session',
        message: `The server sent ${what}, over the limit of ${this.conn.maxPayload} bytes per message (maxPayload)${sentClose() || '; we closed with 1009 (message too big)'}.`,
      };
    }
    if (code === 'WS_ERR_INVALID_UTF8')
      return { stage: 'session', message: `The server sent a text message that is not valid UTF-8${sentClose() || '; we closed with 1007'}.` };
    if (code && /^E[A-Z]+$/.test(code)) return { stage: 'session', message: `The connection failed (${code}): ${e.message}.` };
    if (code === 'WS_ERR_TOO_MANY_BUFFERED_PARTS') return { stage: 'session', message: `The server split a message into too many fragments${sentClose()}.` };
    return { stage: 'session', message: `The server broke the WebSocket protocol (${e.message})${sentClose() || '; we closed with 1002 (protocol error)'}.` };
  }

  private finish(): void {
    if (this.summary) return;
    clearTimeout(this.closeTimer);
    const f = this.conn.frames;
    const out = f.closeOut;
    const inn = f.closeIn;
    const sent = out ? { ...(out.closeCode !== undefined ? { code: out.closeCode } : {}), reason: out.closeReason ?? '' } : undefined;
    const received = inn ? { ...(inn.closeCode !== undefined ? { code: inn.closeCode } : {}), reason: inn.closeReason ?? '' } : undefined;
    const initiatedBy: WebSocketCloseSummary['initiatedBy'] = out && (!inn || f.closeOutOrder < f.closeInOrder) ? 'local' : inn ? 'remote' : 'network';
    const handshakeComplete = !!out && !!inn;
    const stream = this.conn.stream;
    const socketError = stream.socketError ? `${(stream.socketError as NodeJS.ErrnoException).code ?? stream.socketError.message}` : undefined;
    let error = this.conn.events.error ? this.sessionError(this.conn.events.error) : undefined;
    if (!error && !handshakeComplete) {
      if (out && this.closeTimedOut)
        error = { stage: 'close', message: `The server did not answer our close frame within ${this.conn.closeTimeout / 1000} s; we dropped the connection.` };
      else if (out && this.terminatedByUs) error = { stage: 'close', message: 'We dropped the connection before the server answered our close frame.' };
      else if (out)
        error = {
          stage: 'close',
          message: `The server ${socketError ? `reset the connection (${socketError})` : 'closed the TCP connection'} without answering our close frame.`,
        };
      else if (this.terminatedByUs) error = { stage: 'session', message: 'We dropped the connection without a closing handshake.' };
      else
        error = {
          stage: 'session',
          message: `The server ${socketError ? `reset the connection (${socketError})` : 'closed the TCP connection'} without a close frame (1006 abnormal closure).`,
        };
    }
    const stats = this.stats;
    const s: WebSocketCloseSummary = {
      ...stats,
      initiatedBy,
      ...(sent ? { sent } : {}),
      ...(received ? { received } : {}),
      handshakeComplete,
      outcome: handshakeComplete && !error && normalCode(received?.code) ? 'clean' : 'abnormal',
      ...(error ? { error } : {}),
      durationMs: stats.elapsedMs,
      description: '',
    };
    s.description = describeClose(s, this.closeTimedOut && handshakeComplete);
    this.summary = s;
    for (const l of this.closeListeners) l(s);
    this.resolveClosed(s);
  }
}

function describeClose(s: WebSocketCloseSummary, tcpLingered: boolean): string {
  const sent = s.sent ? codeText(s.sent.code, s.sent.reason) : '';
  const got = s.received ? codeText(s.received.code, s.received.reason) : '';
  let text: string;
  if (s.handshakeComplete && s.initiatedBy === 'local') text = `We closed with ${sent}; the server answered ${got}.`;
  else if (s.handshakeComplete) text = `The server closed with ${got}; we answered ${sent}.`;
  else if (s.initiatedBy === 'remote') text = `The server closed with ${got}; our answer did not get through.`;
  else text = s.sent ? `We closed with ${sent}.` : '';
  if (s.error) text = `${text} ${s.error.message}`.trim();
  if (tcpLingered) text += ' The server did not close the TCP connection after the handshake; we dropped it.';
  return text;
}
