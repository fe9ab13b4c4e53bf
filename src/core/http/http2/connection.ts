import * as http2 from 'http2';
import type * as net from 'net';
import type { OperationOptions } from '../../errors';
import { NetProbeError, errorMessage, isErrnoException, nowMs, roundMs } from '../../errors';
import type { HttpConnection } from '../connection';
import { wrapConnection } from '../connection';
import { hostHeaderValue } from '../request-text';
import type { HttpTarget } from '../target';
import type { TlsOptions } from '../../tls/connect';
import { dialPhase, tlsPhase } from '../connect-phases';
import type { ConnectionInfo } from '../types';
import type { ProxyConfig } from '../../proxy/types';
import { TappedStream } from '../../tcp/tapped-stream';
import type { FrameLogLimits } from './frame-log';
import { FrameLog } from './frame-log';
import type { Http2Negotiation } from './types';

/** How HTTP/2 is asked for: `alpn` offers h2 next to http/1.1 in TLS; `prior-knowledge` speaks h2 at once (h2c). */
export type Http2Mode = 'alpn' | 'prior-knowledge';

/** An open HTTP/2 connection: Node's session over NetProbe's socket, with every frame logged. */
export interface Http2Connection {
  info: ConnectionInfo;
  session: http2.ClientHttp2Session;
  log: FrameLog;
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  /** `nowMs()` when dialing began: the first exchange's total counts from here. */
  startedAt: number;
  /** A stream has been sent on it (later exchanges are `reused`). */
  used: boolean;
  /** Why the connection failed (session error, flood, not HTTP/2), once it has. */
  failure?: NetProbeError;
  /** Sends GOAWAY, lets open streams end, and waits (bounded) for the connection to close. */
  close(): Promise<void>;
  /** Drops the connection at once. */
  destroy(): void;
}

export interface OpenHttp2Options extends OperationOptions {
  mode: Http2Mode;
  tls?: TlsOptions;
  proxy?: ProxyConfig;
  family?: 4 | 6;
  /** Largest header list accepted (SETTINGS_MAX_HEADER_LIST_SIZE) and the HTTP/1.1 head limit on fallback. */
  maxHeaderBytes: number;
  frameLimits: FrameLogLimits;
}

/** What opening gave: an HTTP/2 connection, or an HTTP/1.1 one because the server refused h2 in ALPN. */
export type OpenedConnection = { kind: 'h2'; conn: Http2Connection } | { kind: 'http/1.1'; conn: HttpConnection };

/** Header fields in one block before Node refuses it (the byte limit is the real bound). */
const MAX_HEADER_PAIRS = 2000;
const CLOSE_WAIT_MS = 1000;

/** A plain-language error for what Node's HTTP/2 session reports. */
export function sessionFailure(e: unknown, where: string): NetProbeError {
  const code = isErrnoException(e) ? e.code : undefined;
  const msg = errorMessage(e);
  if (code === 'ECONNRESET' || code === 'EPIPE') return new NetProbeError('os-error', `${where} reset the connection (RST).`, code);
  if (code === 'ERR_HTTP2_SESSION_ERROR' && /FLOOD/i.test(msg))
    return new NetProbeError('protocol', `${where} flooded the connection with frames that need an answer; Node's HTTP/2 layer closed it (${msg}).`, code);
  if (code === 'ERR_HTTP2_SESSION_ERROR') return new NetProbeError('protocol', `${where} broke the HTTP/2 protocol: ${msg}.`, code);
  if (code === 'ERR_HTTP2_ERROR') return new NetProbeError('protocol', `HTTP/2 error with ${where}: ${msg}.`, code);
  return new NetProbeError('os-error', `The HTTP/2 connection to ${where} failed: ${msg}.`, code);
}

function negotiationNote(mode: Http2Mode, tls: boolean, alpn: string | false | undefined): string | undefined {
  if (mode === 'prior-knowledge' && tls && alpn !== 'h2') {
    return `The server ${alpn ? `chose ${alpn}` : 'agreed on no protocol'} in ALPN; HTTP/2 was spoken anyway (prior knowledge).`;
  }
  return undefined;
}

/**
 * Dials `target` (through `dial()`, so proxies apply), adds TLS with ALPN, and starts an HTTP/2 session over a
 * {@link TappedStream} so every byte is logged as frames. With `alpn`, a server that does not choose h2 gets
 * HTTP/1.1 on the same connection instead (returned as `http/1.1`, with the reason in `info.negotiation`).
 */
export async function openHttp2(id: number, target: HttpTarget, opts: OpenHttp2Options): Promise<OpenedConnection> {
  const startedAt = nowMs();
  const dialed = await dialPhase(target, {
    ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.family ? { family: opts.family } : {}),
    ...(opts.proxy ? { proxy: opts.proxy } : {}),
  });
  const info: ConnectionInfo = {
    id,
    target,
    remoteAddress: dialed.remoteAddress,
    remotePort: dialed.remotePort,
    via: dialed.via,
    attempts: dialed.attempts,
    ...(dialed.localAddress ? { localAddress: dialed.localAddress } : {}),
    ...(dialed.localPort ? { localPort: dialed.localPort } : {}),
  };
  let socket: net.Socket = dialed.socket;
  let tlsMs = 0;
  let alpn: string | false | undefined;
  if (target.tls) {
    const t = await tlsPhase(dialed, info, {
      ...opts.tls,
      alpn: ['h2', 'http/1.1'],
      ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    socket = t.socket;
    info.tls = t.details;
    tlsMs = t.handshakeMs;
    alpn = t.details.alpn;
    if (opts.mode === 'alpn' && alpn !== 'h2') {
      info.negotiation = {
        asked: 'h2',
        used: '1.1',
        ...(alpn ? { alpn } : {}),
        note: alpn
          ? `The server chose ${alpn} in ALPN (it refused h2): the request went as HTTP/1.1 on the same connection.`
          : 'The server agreed on no ALPN protocol (it did not take h2): the request went as HTTP/1.1 on the same connection.',
      };
      return {
        kind: 'http/1.1',
        conn: wrapConnection(info, socket, dialed.socket, { dnsMs: dialed.dnsMs, connectMs: dialed.connectMs, tlsMs, maxHeaderBytes: opts.maxHeaderBytes }),
      };
    }
  }
  // Frames go out as Node writes them; Nagle would hold a HEADERS frame behind an unacknowledged SETTINGS ACK.
  dialed.socket.setNoDelay(true);
  const note = negotiationNote(opts.mode, target.tls, alpn);
  const negotiation: Http2Negotiation = { asked: opts.mode === 'alpn' ? 'h2' : 'h2c', used: '2', ...(alpn ? { alpn } : {}), ...(note ? { note } : {}) };
  info.negotiation = negotiation;
  const log = new FrameLog(opts.frameLimits, nowMs());
  const capture = new TappedStream(socket, log);
  const where = hostHeaderValue(target.host, target.port, target.tls);
  const session = http2.connect(`${target.tls ? 'https' : 'http'}://${where}`, {
    createConnection: () => capture,
    settings: { enablePush: false, maxHeaderListSize: opts.maxHeaderBytes },
    maxHeaderListPairs: MAX_HEADER_PAIRS,
  });
  let closed = false;
  const closedPromise = new Promise<void>(resolve =>
    session.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  const conn: Http2Connection = {
    info,
    session,
    log,
    dnsMs: dialed.dnsMs,
    connectMs: roundMs(dialed.connectMs),
    tlsMs,
    startedAt,
    used: false,
    async close() {
      if (!closed && !session.closed && !session.destroyed) session.close();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        closedPromise,
        new Promise<void>(r => {
          timer = setTimeout(r, CLOSE_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
      conn.destroy();
    },
    destroy() {
      if (!session.destroyed) session.destroy();
      socket.destroy();
      if (socket !== dialed.socket) dialed.socket.destroy();
    },
  };
  info.http2 = {
    connection: id,
    negotiation,
    frames: log.frames,
    framesDropped: 0,
    localSettings: log.localSettings,
    remoteSettings: log.remoteSettings,
    bytesSent: 0,
    bytesReceived: 0,
  };
  session.on('error', (e: unknown) => {
    conn.failure ??= sessionFailure(e, where);
  });
  capture.on('error', () => undefined);
  log.onViolation = message => {
    conn.failure ??= new NetProbeError('protocol', message);
    session.destroy();
    socket.destroy();
  };
  return { kind: 'h2', conn };
}

/** Copies the log's counters into the connection's info (call when the connection is done or reported). */
export function snapshotHttp2(conn: Http2Connection): void {
  const h = conn.info.http2;
  if (!h) return;
  h.framesDropped = conn.log.framesDropped;
  h.bytesSent = conn.log.bytesSent;
  h.bytesReceived = conn.log.bytesReceived;
  h.localSettings = conn.log.localSettings;
  h.remoteSettings = conn.log.remoteSettings;
  if (conn.log.goaway) h.goaway = conn.log.goaway;
}
