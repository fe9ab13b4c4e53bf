import type * as net from 'net';
import type { ProxyConfig } from '../proxy/types';
import { dial } from '../route/dial';
import { errorMessage, isErrnoException, NetProbeError, nowMs, roundMs } from '../errors';
import type { Exchange, Expected, Target } from './udp';
import { acceptAnswer } from './udp';
import { formatHostPort } from '../address/host-port';
import { formatDuration } from '../text/units';

/** Options of a DNS-over-TCP exchange. */
export interface TcpOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  proxy?: ProxyConfig;
}

/** Opens the connection through `dial()` (so proxies apply) and reports how long it took. */
export async function openDnsTcp(target: Target, opts: TcpOptions): Promise<{ socket: net.Socket; connectMs: number; where: string }> {
  const where = formatHostPort(target.address, target.port);
  const dialed = await dial(target.address, target.port, { timeout: opts.timeoutMs, signal: opts.signal, proxy: opts.proxy });
  return { socket: dialed.socket, connectMs: dialed.connectMs, where };
}

/** Writes one message with its two-byte length prefix (RFC 1035 §4.2.2). */
export function writeFrame(socket: net.Socket, message: Buffer): void {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(message.length, 0);
  socket.write(Buffer.concat([len, message]));
}

/**
 * Reads length-prefixed messages from `socket` and hands each to `onFrame` until it returns true.
 * Rejects with a NetProbeError on timeout (`idle` resets it per message when set), cancel, a closed
 * connection or a socket error; `onFrame` may throw a NetProbeError to stop. Always destroys the socket.
 */
export function readFrames(
  socket: net.Socket,
  where: string,
  onFrame: (frame: Buffer) => boolean,
  timeoutMs: number,
  signal?: AbortSignal,
  idle = false,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let pending: Buffer = Buffer.alloc(0);
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(
        () => finish(new NetProbeError('timeout', `No complete answer from ${where} over TCP within ${formatDuration(timeoutMs)}.`)),
        timeoutMs,
      );
    };
    const finish = (err?: NetProbeError): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('data');
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = (): void => finish(new NetProbeError('aborted', 'The DNS query was cancelled.'));
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    arm();
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (!done && pending.length >= 2) {
        const len = pending.readUInt16BE(0);
        if (pending.length < 2 + len) break;
        const frame = pending.subarray(2, 2 + len);
        pending = pending.subarray(2 + len);
        if (idle) arm();
        try {
          if (onFrame(frame)) finish();
        } catch (e) {
          finish(e instanceof NetProbeError ? e : new NetProbeError('protocol', `Unexpected answer from ${where}: ${errorMessage(e)}.`));
        }
      }
    });
    socket.on('error', e => {
      const code = isErrnoException(e) ? e.code : undefined;
      finish(new NetProbeError(code === 'ECONNRESET' ? 'protocol' : 'os-error', `The TCP connection to ${where} failed (${code ?? e.message}).`, code));
    });
    socket.on('close', () => {
      const partial = pending.length > 0 ? ' in the middle of a message' : ' before answering';
      finish(new NetProbeError('protocol', `${where} closed the TCP connection${partial}.`));
    });
  });
}

/** Sends one query over TCP and waits for the matching answer; mismatched or malformed messages are ignored. */
export async function tcpExchange(target: Target, query: Buffer, expected: Expected, opts: TcpOptions): Promise<Exchange> {
  const start = nowMs();
  const { socket, where } = await openDnsTcp(target, opts);
  const sentAt = nowMs();
  let ignored = 0;
  let lastProblem: string | undefined;
  let result: Exchange | undefined;
  writeFrame(socket, query);
  const remaining = Math.max(1, opts.timeoutMs - (nowMs() - start));
  try {
    await readFrames(
      socket,
      where,
      frame => {
        const answer = acceptAnswer(frame, expected);
        if (typeof answer === 'string') {
          ignored++;
          lastProblem = answer;
          return false;
        }
        result = { message: answer, raw: Buffer.from(frame), rttMs: roundMs(nowMs() - sentAt), ignored };
        return true;
      },
      remaining,
      opts.signal,
    );
  } catch (e) {
    if (lastProblem && e instanceof NetProbeError && e.code !== 'aborted') {
      throw new NetProbeError('protocol', `No valid answer from ${where} over TCP: it sent ${lastProblem}.`);
    }
    throw e;
  }
  if (!result) throw new NetProbeError('protocol', `No answer from ${where} over TCP.`);
  return result;
}
