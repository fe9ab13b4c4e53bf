import * as dgram from 'dgram';
import { NetProbeError, isErrnoException, nowMs, roundMs } from '../errors';
import type { BatchAnswer } from './batch-decode';
import type { InFlightQuery } from './batch-types';
import { decodeBatchAnswer, questionEnd, sameQuestion } from './batch-decode';
import { shuffledIds } from './id-ring';
import type { QueryMessage } from './message';
import { encodeQuery } from './message';
import { paddingOption } from './padding';
import { MalformedMessage } from './name';
import type { Target } from './udp';
import { growRecvBuffer } from './udp-pump';

/** A query's wire form with id 0, EDNS0 on (1232 bytes), for {@link UdpMux.send}; `padded` adds EDNS padding (RFC 8467). */
export function encodeQuestion(name: Buffer, type: number, rd: boolean, padded = false): Buffer {
  const options: Array<{ code: number; data: Buffer }> = [];
  const query: QueryMessage = { id: 0, qname: name, qtype: type, qclass: 1, rd, edns: { udpSize: 1232, do: false, options } };
  if (padded) options.push(paddingOption(encodeQuery(query).length));
  return encodeQuery(query);
}

/** The outcome of one multiplexed query: what a batch keeps of the answer, or the NetProbeError that ended it. */
export type MuxOutcome = { answer: BatchAnswer; rttMs: number } | { error: NetProbeError };

interface Pending extends InFlightQuery {
  done: (outcome: MuxOutcome) => void;
}

/**
 * Many UDP queries over one socket (random source port) connected to one server, matched by id and
 * question bytes. Ids come from a shuffled ring so outstanding queries never share one. Timeouts and
 * resends are checked by one sweep timer instead of a timer per query. Close it with {@link UdpMux.close}.
 */
export class UdpMux {
  private readonly socket: dgram.Socket;
  private readonly pending = new Map<number, Pending>();
  /** Free ids as a ring buffer: taken at `head`, returned behind the others, so a freed id is reused last. */
  private readonly ids = shuffledIds();
  private head = 0;
  private free = 65536;
  private closed = false;
  private readonly sweep: NodeJS.Timeout;
  private failure: NetProbeError | undefined;
  private readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;
  /** Datagrams that matched no outstanding query or were malformed. */
  ignored = 0;

  constructor(
    private readonly target: Target,
    private readonly perTryMs: number,
    private readonly tries: number,
  ) {
    this.socket = dgram.createSocket({ type: target.family === 6 ? 'udp6' : 'udp4' });
    this.socket.on('message', (buf: Buffer) => this.onMessage(buf));
    this.socket.on('error', e => this.onError(e));
    this.ready = new Promise<void>(resolve => {
      this.markReady = resolve;
    });
    this.socket.connect(target.port, target.address, () => {
      growRecvBuffer(this.socket);
      this.markReady();
    });
    this.sweep = setInterval(() => this.onSweep(), Math.max(5, Math.min(50, Math.floor(perTryMs / 4))));
  }

  /** Resolves once the socket is connected (or has failed). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /**
   * Sends a query (its wire form from {@link encodeQuestion}, id bytes rewritten here) and calls `done`
   * exactly once with the outcome. Callback-based so that a batch costs no promise per query.
   */
  send(template: Buffer, done: (outcome: MuxOutcome) => void): void {
    if (this.failure) return done({ error: this.failure });
    if (this.closed) return done({ error: new NetProbeError('aborted', 'The batch was cancelled.') });
    if (this.free === 0) return done({ error: new NetProbeError('invalid-input', 'More than 65,536 queries outstanding on one socket.') });
    const id = this.ids[this.head] ?? 0;
    this.head = (this.head + 1) & 0xffff;
    this.free--;
    const query = Buffer.from(template);
    query.writeUInt16BE(id, 0);
    const qEnd = questionEnd(query);
    const now = nowMs();
    this.pending.set(id, { query, qEnd, type: query.readUInt16BE(qEnd - 4), sentAt: now, deadline: now + this.perTryMs, triesLeft: this.tries - 1, done });
    this.socket.send(query);
  }

  private settle(id: number, p: Pending, outcome: MuxOutcome): void {
    this.pending.delete(id);
    this.ids[(this.head + this.free) & 0xffff] = id;
    this.free++;
    p.done(outcome);
  }

  private onMessage(buf: Buffer): void {
    const p = buf.length >= 12 && ((buf[2] ?? 0) & 0x80) !== 0 ? this.pending.get(buf.readUInt16BE(0)) : undefined;
    if (!p || !sameQuestion(buf, p.query, p.qEnd)) {
      this.ignored++;
      return;
    }
    const id = buf.readUInt16BE(0);
    const rttMs = roundMs(nowMs() - p.sentAt);
    let answer: BatchAnswer;
    try {
      answer = decodeBatchAnswer(buf, p.qEnd, p.type);
    } catch (e) {
      if (!(e instanceof MalformedMessage)) throw e;
      // A malformed answer with the right id and question ends the query, like a decoded one.
      return this.settle(id, p, { error: new NetProbeError('protocol', `${this.target.address}:${this.target.port} sent a malformed answer (${e.message}).`) });
    }
    this.settle(id, p, { answer, rttMs });
  }

  private onError(e: Error): void {
    const code = isErrnoException(e) ? e.code : undefined;
    const where = `${this.target.address}:${this.target.port}`;
    // A port-unreachable ends every outstanding query: the server is not there.
    this.failure =
      code === 'ECONNREFUSED'
        ? new NetProbeError('refused', `Nothing is listening on UDP ${where}.`, code)
        : new NetProbeError('unreachable', `UDP to ${where} failed (${code ?? e.message}).`, code);
    for (const [id, p] of [...this.pending]) this.settle(id, p, { error: this.failure });
    this.markReady();
  }

  private onSweep(): void {
    const now = nowMs();
    for (const [id, p] of [...this.pending]) {
      if (p.deadline > now) continue;
      if (p.triesLeft > 0) {
        p.triesLeft--;
        p.sentAt = now;
        p.deadline = now + this.perTryMs;
        this.socket.send(p.query);
      } else {
        this.settle(id, p, {
          error: new NetProbeError(
            'timeout',
            `No answer from ${this.target.address}:${this.target.port} after ${this.tries} ${this.tries === 1 ? 'try' : 'tries'}.`,
          ),
        });
      }
    }
  }

  /** Fails what is still outstanding with `error` and closes the socket. */
  close(error = new NetProbeError('aborted', 'The batch was cancelled.')): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweep);
    for (const [id, p] of [...this.pending]) this.settle(id, p, { error });
    this.socket.close();
  }
}
