import type * as net from 'net';
import type { OperationOptions } from '../errors';
import { nowMs, roundMs } from '../errors';
import { dialPhase, tlsPhase } from './connect-phases';
import type { ProxyConfig } from '../proxy/types';
import type { DialOptions } from '../route/dial';
import { ResponseReader } from './response-reader';
import type { HttpTarget } from './target';
import type { TlsOptions } from '../tls/connect';
import type { ConnectionInfo } from './types';

/** An open HTTP connection between exchanges. */
export interface HttpConnection {
  info: ConnectionInfo;
  socket: net.Socket;
  parser: ResponseReader;
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  /** The server half-closed (FIN) or reset the connection. */
  peerClosed?: 'fin' | 'rst';
  /** A request written the moment the connection opened (see `OpenConnectionOptions.earlyRequest`), until its exchange takes it. */
  earlyWrite?: EarlyWrite;
  /** False once the connection cannot carry another request. */
  reusable: boolean;
  close(): void;
}

export interface OpenConnectionOptions extends OperationOptions {
  tls?: TlsOptions;
  proxy?: ProxyConfig;
  family?: 4 | 6;
  maxHeaderBytes: number;
  /**
   * A plain-TCP request to write the moment a direct connection opens, before the connection's bookkeeping: a server
   * that has just accepted reads it without going back to sleep (tens of microseconds per request on loopback).
   * Not used over TLS or a proxy; the exchange for these bytes then writes nothing again ({@link EarlyWrite}).
   */
  earlyRequest?: Buffer;
}

/** A request written as the connection opened: `sentAt` once the socket took it, or the write's error. */
export interface EarlyWrite {
  bytes: Buffer;
  sentAt?: number;
  error?: Error;
}

/**
 * Dials `target` (through `dial()`, so proxies apply) and layers TLS when the target asks for it. Throws a
 * {@link ConnectionFailure} naming the phase that failed, with what was learned until then.
 */
export async function openConnection(id: number, target: HttpTarget, opts: OpenConnectionOptions): Promise<HttpConnection> {
  const dialOpts: DialOptions = { timeout: opts.timeout, signal: opts.signal };
  if (opts.family) dialOpts.family = opts.family;
  if (opts.proxy) dialOpts.proxy = opts.proxy;
  let early: EarlyWrite | undefined;
  const request = opts.earlyRequest;
  if (request && !target.tls) {
    dialOpts.onConnect = s => {
      const w: EarlyWrite = { bytes: request };
      early = w;
      s.on('error', () => undefined);
      s.write(request, (err?: Error | null) => {
        if (err) w.error = err;
        else w.sentAt = nowMs();
      });
    };
  }
  const dialed = await dialPhase(target, dialOpts);
  let socket: net.Socket = dialed.socket;
  const info: ConnectionInfo = {
    id,
    target,
    remoteAddress: dialed.remoteAddress,
    remotePort: dialed.remotePort,
    via: dialed.via,
    attempts: dialed.attempts,
  };
  if (dialed.localAddress) info.localAddress = dialed.localAddress;
  if (dialed.localPort) info.localPort = dialed.localPort;
  let tlsMs = 0;
  if (target.tls) {
    const t = await tlsPhase(dialed, info, { ...opts.tls, timeout: opts.timeout, signal: opts.signal });
    socket = t.socket;
    info.tls = t.details;
    tlsMs = t.handshakeMs;
  }
  const conn = wrapConnection(info, socket, dialed.socket, { dnsMs: dialed.dnsMs, connectMs: dialed.connectMs, tlsMs, maxHeaderBytes: opts.maxHeaderBytes });
  if (early) conn.earlyWrite = early;
  return conn;
}

/** Makes an HTTP connection of an already connected (and maybe TLS-wrapped) socket. */
export function wrapConnection(
  info: ConnectionInfo,
  socket: net.Socket,
  tcpSocket: net.Socket,
  t: { dnsMs: number; connectMs: number; tlsMs: number; maxHeaderBytes: number },
): HttpConnection {
  const parser = new ResponseReader(undefined, t.maxHeaderBytes);
  const conn: HttpConnection = {
    info,
    socket,
    parser,
    dnsMs: t.dnsMs,
    connectMs: roundMs(t.connectMs),
    tlsMs: t.tlsMs,
    reusable: true,
    close() {
      conn.reusable = false;
      socket.destroy();
      if (socket !== tcpSocket) tcpSocket.destroy();
      parser.free();
    },
  };
  socket.on('error', () => undefined);
  socket.pause();
  return conn;
}
