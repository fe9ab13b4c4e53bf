import type * as net from 'net';
import WebSocket from 'ws';
import type { ClientRequest, IncomingMessage } from 'http';
import { DEFAULT_TIMEOUT_MS, NetProbeError, errorMessage, isErrnoException, nowMs, roundMs } from '../errors';
import type { TlsDetails } from '../tls/info';
import { startTls } from '../tls/connect';
import { dial } from '../route/dial';
import type { Dialed } from '../route/dial';
import { TappedStream } from '../tcp/tapped-stream';
import { WebSocketError, parseResponseHead, upgradeProblem } from './errors';
import { WebSocketFrameLog, SessionEvents, WebSocketSession } from './session';
import type { UpgradeExchange, WebSocketInfo, WebSocketOptions } from './types';
import { parseWebSocketUrl } from './url';
import { WireCapture } from './wire-capture';

export const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;
export const DEFAULT_CLOSE_TIMEOUT_MS = 5000;
/** How long a refused upgrade's body is read for the error message. */
const BODY_WAIT_MS = 1000;

function asStageError(e: unknown, stage: 'tcp' | 'tls'): WebSocketError {
  if (e instanceof WebSocketError) return e;
  if (e instanceof NetProbeError) {
    const s = stage === 'tcp' && e.code === 'proxy' ? 'proxy' : stage;
    return new WebSocketError(s, e.code, e.message, undefined, { cause: e, ...(e.errno ? { errno: e.errno } : {}) });
  }
  return new WebSocketError(stage, 'os-error', errorMessage(e), undefined, { cause: e });
}

/** The upgrade exchange as far as it went, from the captured bytes. */
function exchangeOf(capture: WireCapture): UpgradeExchange {
  const response = capture.response;
  const ms = capture.upgradeMs;
  const body = capture.bodyPreview;
  return {
    request: capture.request ?? '',
    ...(response !== undefined ? { response, ...parseResponseHead(response) } : {}),
    ...(body ? { bodyPreview: body } : {}),
    ...(ms !== undefined ? { elapsedMs: roundMs(ms) } : {}),
  };
}

/**
 * The URL handed to `ws`: its `ws+unix:SOCKET:PATH` form, so that `ws` and Node's `http` use the connection made
 * here (`createConnection`) and never an agent of their own. An extension host patches `http.request` to put
 * every request with a host through VS Code's proxy agent, which would open a second, direct connection
 * (bypassing the capture, the proxy chosen here and the TLS settings); a request to a socket path is left alone.
 * The Host header and the path are the real URL's.
 */
function ipcUrl(path: string): string {
  return `ws+unix:netprobe:${path}`;
}

/** Why the upgrade failed, from what `ws` reported and the bytes on the wire. */
function upgradeError(e: Error, capture: WireCapture): WebSocketError {
  const ex = exchangeOf(capture);
  const problem = upgradeProblem(ex);
  if (problem) return new WebSocketError('upgrade', 'protocol', problem, ex, { cause: e });
  const code = isErrnoException(e) ? e.code : undefined;
  if (ex.response !== undefined) return new WebSocketError('upgrade', 'protocol', `the server's answer was refused: ${e.message}.`, ex, { cause: e });
  if (code?.startsWith('HPE_')) {
    return new WebSocketError(
      'upgrade',
      'protocol',
      `the server's answer to the upgrade request is not HTTP (${e.message}); the first bytes were ${JSON.stringify(capture.firstBytesIn)}.`,
      ex,
      { cause: e },
    );
  }
  if (code === 'ECONNRESET' || /socket hang up/i.test(e.message)) {
    return new WebSocketError('upgrade', 'protocol', 'the server closed the connection before answering the upgrade request.', ex, {
      cause: e,
      ...(code ? { errno: code } : {}),
    });
  }
  return new WebSocketError('upgrade', 'protocol', e.message, ex, { cause: e });
}

/**
 * Opens a WebSocket to a `ws://` or `wss://` URL: TCP through `dial()` (so the configured proxy applies), TLS
 * with the HTTP client's options (CA file, insecure, SNI), then the HTTP/1.1 upgrade by `ws` over a stream that
 * captures every byte. `timeout` bounds each stage; `signal` cancels the opening. Failures are
 * {@link WebSocketError}s naming the stage (TCP, proxy, TLS, upgrade) with the upgrade exchange when there was one.
 */
export async function openWebSocket(url: string, opts: WebSocketOptions = {}): Promise<WebSocketSession> {
  const target = parseWebSocketUrl(url);
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const stageOpts = { timeout, ...(opts.signal ? { signal: opts.signal } : {}) };
  let dialed: Dialed;
  try {
    dialed = await dial(target.host, target.port, {
      ...stageOpts,
      ...(opts.family ? { family: opts.family } : {}),
      ...(opts.proxy ? { proxy: opts.proxy } : {}),
    });
  } catch (e) {
    throw asStageError(e, 'tcp');
  }
  const t0 = nowMs();
  const clock = (): number => roundMs(nowMs() - t0);
  let socket: net.Socket = dialed.socket;
  let tls: TlsDetails | undefined;
  let tlsMs = 0;
  if (target.secure) {
    try {
      const t = await startTls(dialed.socket, target.host, { alpn: ['http/1.1'], ...opts.tls, ...stageOpts });
      socket = t.socket;
      tls = t.details;
      tlsMs = t.handshakeMs;
    } catch (e) {
      throw asStageError(e, 'tls');
    }
  }
  const maxPayload = opts.maxPayload ?? DEFAULT_MAX_PAYLOAD;
  const frames = new WebSocketFrameLog(opts.maxFrames ?? 1000);
  const capture = new WireCapture(f => frames.add(f), clock, opts.previewBytes ?? 64);
  const stream = new TappedStream(socket, capture);
  const headers: Record<string, string> = {
    Host: target.authority,
    ...(target.userinfo !== undefined ? { Authorization: `Basic ${Buffer.from(target.userinfo).toString('base64')}` } : {}),
    ...Object.fromEntries((opts.headers ?? []).map(([k, v]) => [k, v])),
  };
  const wsOptions: WebSocket.ClientOptions & { closeTimeout: number } = {
    createConnection: (() => stream) as unknown as typeof net.createConnection,
    perMessageDeflate: opts.compression ?? false,
    maxPayload,
    headers,
    followRedirects: false,
    autoPong: true,
    // NetProbe times the closing handshake itself (the session's closeTimeout) to say what happened.
    closeTimeout: 2 ** 31 - 1,
  };
  let ws: WebSocket;
  try {
    ws = new WebSocket(ipcUrl(target.path), opts.protocols ?? [], wsOptions);
  } catch (e) {
    stream.destroy();
    throw new WebSocketError('upgrade', 'invalid-input', errorMessage(e), undefined, { cause: e });
  }
  const events = new SessionEvents(ws, clock);
  const upgradeStarted = nowMs();
  await awaitOpen(ws, capture, stream, timeout, opts.signal);
  const ex = exchangeOf(capture);
  const info: WebSocketInfo = {
    url: target.url,
    host: target.host,
    port: target.port,
    secure: target.secure,
    remoteAddress: dialed.remoteAddress,
    remotePort: dialed.remotePort,
    ...(dialed.localAddress ? { localAddress: dialed.localAddress } : {}),
    ...(dialed.localPort ? { localPort: dialed.localPort } : {}),
    via: dialed.via,
    ...(dialed.proxy ? { proxy: dialed.proxy } : {}),
    dnsMs: dialed.dnsMs,
    connectMs: dialed.connectMs,
    tlsMs,
    upgradeMs: ex.elapsedMs ?? roundMs(nowMs() - upgradeStarted),
    ...(tls ? { tls } : {}),
    upgrade: ex,
    ...(ws.protocol ? { protocol: ws.protocol } : {}),
    ...(ws.extensions ? { extensions: ws.extensions } : {}),
  };
  return new WebSocketSession({ ws, events, stream, capture, frames, clock, maxPayload, closeTimeout: opts.closeTimeout ?? DEFAULT_CLOSE_TIMEOUT_MS }, info);
}

/** Resolves when `ws` is open; rejects with a {@link WebSocketError} for the upgrade stage otherwise. */
function awaitOpen(ws: WebSocket, capture: WireCapture, stream: TappedStream, timeout: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: WebSocketError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(bodyTimer);
      signal?.removeEventListener('abort', onAbort);
      ws.removeListener('open', onOpen);
      if (!err) {
        resolve();
        return;
      }
      ws.terminate();
      stream.destroy();
      reject(err);
    };
    const onOpen = (): void => settle();
    const onAbort = (): void => settle(new WebSocketError('upgrade', 'aborted', 'the upgrade was cancelled.', exchangeOf(capture)));
    let bodyTimer: NodeJS.Timeout | undefined;
    const refused = (): WebSocketError => {
      const ex = exchangeOf(capture);
      return new WebSocketError('upgrade', 'protocol', upgradeProblem(ex) ?? `the server answered ${ex.status ?? '?'} instead of 101 Switching Protocols.`, ex);
    };
    const timer = setTimeout(
      () => settle(new WebSocketError('upgrade', 'timeout', `the server did not answer the upgrade request within ${timeout} ms.`, exchangeOf(capture))),
      timeout,
    );
    ws.once('open', onOpen);
    // ws reports errors after a failed opening too; they are settled here or ignored.
    ws.on('error', (e: Error) => settle(upgradeError(e, capture)));
    ws.on('unexpected-response', (_req: ClientRequest, res: IncomingMessage) => {
      // Read a little of the body (the server's explanation) before failing.
      let got = 0;
      res.on('data', (d: Buffer) => {
        got += d.length;
        if (got >= 2048) settle(refused());
      });
      res.once('end', () => settle(refused()));
      res.once('error', () => settle(refused()));
      bodyTimer = setTimeout(() => settle(refused()), Math.min(BODY_WAIT_MS, timeout));
    });
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
