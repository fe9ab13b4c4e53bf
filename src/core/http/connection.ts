import type * as net from 'net';
import type { OperationOptions } from '../errors';
import { NetProbeError, errorMessage, nowMs, roundMs } from '../errors';
import { ConnectionFailure } from './failure';
import type { ProxyConfig } from '../proxy/types';
import { formatProxyUrl } from '../proxy/url';
import { noProxyMatch } from '../proxy/environment';
import type { DialOptions } from '../route/dial';
import { dial } from '../route/dial';
import { ResponseReader } from './response-reader';
import type { HttpTarget } from './target';
import type { TlsOptions } from '../tls/connect';
import { startTls } from '../tls/connect';
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
  /** False once the connection cannot carry another request. */
  reusable: boolean;
  close(): void;
}

export interface OpenConnectionOptions extends OperationOptions {
  tls?: TlsOptions;
  proxy?: ProxyConfig;
  family?: 4 | 6;
  maxHeaderBytes: number;
}

function asNetProbeError(e: unknown): NetProbeError {
  return e instanceof NetProbeError ? e : new NetProbeError('os-error', errorMessage(e), undefined, { cause: e });
}

/**
 * Dials `target` (through `dial()`, so proxies apply) and layers TLS when the target asks for it. Throws a
 * {@link ConnectionFailure} naming the phase that failed, with what was learned until then.
 */
export async function openConnection(id: number, target: HttpTarget, opts: OpenConnectionOptions): Promise<HttpConnection> {
  const dialOpts: DialOptions = { timeout: opts.timeout, signal: opts.signal };
  if (opts.family) dialOpts.family = opts.family;
  if (opts.proxy) dialOpts.proxy = opts.proxy;
  const started = nowMs();
  let dialed;
  try {
    dialed = await dial(target.host, target.port, dialOpts);
  } catch (e) {
    const err = asNetProbeError(e);
    const ms = roundMs(nowMs() - started);
    const dns = err.code === 'dns-error';
    // Through a proxy, the failure may be the proxy's (its stage is in the message): say which route it took.
    const bypass = opts.proxy ? noProxyMatch(target.host, target.port, opts.proxy.noProxy) : undefined;
    const via = opts.proxy && bypass === undefined ? formatProxyUrl(opts.proxy) : bypass !== undefined ? `direct (NO_PROXY "${bypass}")` : 'direct';
    throw new ConnectionFailure(err, dns ? 'dns' : 'connect', { dns: dns ? ms : 0, connect: dns ? 0 : ms, tls: 0 }, { via });
  }
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
    const tlsStarted = nowMs();
    let t;
    try {
      t = await startTls(dialed.socket, target.host, { ...opts.tls, timeout: opts.timeout, signal: opts.signal });
    } catch (e) {
      const times = { dns: dialed.dnsMs, connect: roundMs(dialed.connectMs), tls: roundMs(nowMs() - tlsStarted) };
      throw new ConnectionFailure(asNetProbeError(e), 'tls', times, info);
    }
    socket = t.socket;
    info.tls = t.details;
    tlsMs = t.handshakeMs;
  }
  return wrapConnection(info, socket, dialed.socket, { dnsMs: dialed.dnsMs, connectMs: dialed.connectMs, tlsMs, maxHeaderBytes: opts.maxHeaderBytes });
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
