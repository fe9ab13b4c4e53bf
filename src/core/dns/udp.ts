import * as dgram from 'dgram';
import { NetProbeError, isErrnoException, nowMs, roundMs } from '../errors';
import type { DecodedMessage } from './message';
import { decodeMessage } from './message';
import { MalformedMessage } from './name';
import { formatHostPort } from '../address/host-port';
import { formatDuration } from '../text/units';

/** Where a query goes: an address literal (IPv6 may carry `%zone`) and a port. */
export interface Target {
  address: string;
  family: 4 | 6;
  port: number;
}

/** What a query must match: its id, and its question (name compared case-insensitively). */
export interface Expected {
  id: number;
  /** Presentation name with trailing dot, lower case. */
  name: string;
  type: number;
  class: number;
}

/** A validated answer message. */
export interface Exchange {
  message: DecodedMessage;
  raw: Buffer;
  rttMs: number;
  ignored: number;
}

/** Why a received message does not answer the query, or undefined when it does. */
export function mismatch(msg: DecodedMessage, expected: Expected): string | undefined {
  if (msg.id !== expected.id) return `an answer with the wrong id (${msg.id}, expected ${expected.id})`;
  if (!msg.qr) return 'a message that is not a response (QR not set)';
  const q = msg.question;
  if (!q) return msg.rcodeCode !== 0 ? undefined : 'an answer without the question';
  if (q.name.toLowerCase() !== expected.name || q.typeCode !== expected.type || q.classCode !== expected.class) {
    return `an answer to a different question (${q.name} ${q.type})`;
  }
  return undefined;
}

/** Reads `buf` as an answer to `expected`; the reason it is ignored otherwise. TC answers need not parse. */
export function acceptAnswer(buf: Buffer, expected: Expected, answersOnly = false): DecodedMessage | string {
  let msg: DecodedMessage;
  try {
    msg = decodeMessage(buf, answersOnly);
  } catch (e) {
    if (!(e instanceof MalformedMessage)) throw e;
    if (buf.length >= 12 && buf.readUInt16BE(0) === expected.id && (buf[2] ?? 0) & 0x02 && (buf[2] ?? 0) & 0x80) {
      return {
        id: expected.id,
        qr: true,
        opcode: 'QUERY',
        rcode: 'NOERROR',
        rcodeCode: 0,
        flags: ['qr', 'tc'],
        truncated: true,
        answers: [],
        authority: [],
        additional: [],
      };
    }
    return `a malformed message (${e.message})`;
  }
  return mismatch(msg, expected) ?? msg;
}

/**
 * Sends a query over UDP from a fresh socket (random source port) connected to the target, so only the
 * target's datagrams are read, and waits for an answer that matches id and question. Mismatched or
 * malformed datagrams are counted and ignored. The query is resent `tries` times within `timeoutMs`.
 */
export function udpExchange(target: Target, query: Buffer, expected: Expected, timeoutMs: number, tries: number, signal?: AbortSignal): Promise<Exchange> {
  return new Promise<Exchange>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new NetProbeError('aborted', 'The DNS query was cancelled.'));
      return;
    }
    const socket = dgram.createSocket({ type: target.family === 6 ? 'udp6' : 'udp4' });
    const where = formatHostPort(target.address, target.port);
    let ignored = 0;
    let lastProblem: string | undefined;
    let sentAt = nowMs();
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const perTry = Math.max(1, Math.floor(timeoutMs / Math.max(1, tries)));
    const finish = (err: NetProbeError | undefined, value?: Exchange): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      if (err) reject(err);
      else if (value) resolve(value);
    };
    const onAbort = (): void => finish(new NetProbeError('aborted', 'The DNS query was cancelled.'));
    const send = (): void => {
      sent++;
      sentAt = nowMs();
      socket.send(query, e => {
        if (e)
          finish(
            new NetProbeError(
              'unreachable',
              `Could not send the query to ${where} (${isErrnoException(e) ? e.code : e.message}).`,
              isErrnoException(e) ? e.code : undefined,
            ),
          );
      });
      timer = setTimeout(() => {
        if (sent < tries) send();
        else if (lastProblem) finish(new NetProbeError('protocol', `No valid answer from ${where}: it sent ${lastProblem}.`));
        else
          finish(
            new NetProbeError(
              'timeout',
              `No answer from ${where} over UDP after ${tries} ${tries === 1 ? 'try' : 'tries'} in ${formatDuration(timeoutMs)}: the server is down, unreachable, or drops the query.`,
            ),
          );
      }, perTry);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', e => {
      const code = isErrnoException(e) ? e.code : undefined;
      if (code === 'ECONNREFUSED') finish(new NetProbeError('refused', `Nothing is listening on UDP ${where} (the host answered "port unreachable").`, code));
      else finish(new NetProbeError('unreachable', `UDP to ${where} failed (${code ?? e.message}).`, code));
    });
    socket.on('message', (buf: Buffer) => {
      const answer = acceptAnswer(buf, expected);
      if (typeof answer === 'string') {
        ignored++;
        lastProblem = answer;
        return;
      }
      finish(undefined, { message: answer, raw: buf, rttMs: roundMs(nowMs() - sentAt), ignored });
    });
    socket.connect(target.port, target.address, () => send());
  });
}
