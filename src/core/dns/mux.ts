import * as dgram from 'dgram';
import { randomInt } from 'crypto';
import { NetProbeError, isErrnoException, nowMs, roundMs } from '../errors';
import type { DecodedMessage } from './message';
import { encodeQuery } from './message';
import type { Expected, Target } from './udp';
import { acceptAnswer } from './udp';

/** A query's wire form with id 0, EDNS0 on (1232 bytes), for {@link UdpMux.send}. */
export function encodeQuestion(name: Buffer, type: number, rd: boolean): Buffer {
  return encodeQuery({ id: 0, qname: name, qtype: type, qclass: 1, rd, edns: { udpSize: 1232, do: false, options: [] } });
}

/** The outcome of one multiplexed query: the answer, or the NetProbeError that ended it. */
export type MuxOutcome = { message: DecodedMessage; rttMs: number } | { error: NetProbeError };

interface Pending {
  expected: Expected;
  query: Buffer;
  sentAt: number;
  deadline: number;
  triesLeft: number;
  done: (outcome: MuxOutcome) => void;
}

/**
 * Many UDP queries over one socket (random source port) connected to one server, matched by id and
 * question. Ids come from a shuffled pool so outstanding queries never share one. Timeouts and resends
 * are checked by one sweep timer instead of a timer per query. Close it with {@link UdpMux.close}.
 */
export class UdpMux {
  private readonly socket: dgram.Socket;
  private readonly pending = new Map<number, Pending>();
  /** Free ids as a ring buffer: taken at `head`, returned behind the others, so a freed id is reused last. */
  private readonly ids = new Uint16Array(65536);
  private head = 0;
  private free = 65536;
  private closed = false;
  private readonly sweep: NodeJS.Timeout;
  private failure: NetProbeError | undefined;
  private readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;
  /** Datagrams that matched no outstanding query or were malformed. */
  ignored = 0;

  constructor(private readonly target: Target, private readonly perTryMs: number, private readonly tries: number) {
    for (let i = 0; i < 65536; i++) this.ids[i] = i;
    for (let i = 65535; i > 0; i--) {
      const j = randomInt(i + 1);
      const t = this.ids[i] ?? 0;
      this.ids[i] = this.ids[j] ?? 0;
      this.ids[j] = t;
    }
    this.socket = dgram.createSocket({ type: target.family === 6 ? 'udp6' : 'udp4' });
    this.socket.on('message', (buf: Buffer) => this.onMessage(buf));
    this.socket.on('error', e => this.onError(e));
    this.ready = new Promise<void>(resolve => {
      this.markReady = resolve;
    });
    this.socket.connect(target.port, target.address, () => this.markReady());
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
  send(template: Buffer, expectedName: string, type: number, done: (outcome: MuxOutcome) => void): void {
    if (this.failure) return done({ error: this.failure });
    if (this.closed) return done({ error: new NetProbeError('aborted', 'The batch was cancelled.') });
    if (this.free === 0) return done({ error: new NetProbeError('invalid-input', 'More than 65,536 queries outstanding on one socket.') });
    const id = this.ids[this.head] ?? 0;
    this.head = (this.head + 1) & 0xffff;
    this.free--;
    const query = Buffer.from(template);
    query.writeUInt16BE(id, 0);
    const now = nowMs();
    const p: Pending = {
      expected: { id, name: expectedName, type, class: 1 }, query, sentAt: now, deadline: now + this.perTryMs, triesLeft: this.tries - 1,
      done: outcome => {
        this.pending.delete(id);
        this.ids[(this.head + this.free) & 0xffff] = id;
        this.free++;
        done(outcome);
      },
    };
    this.pending.set(id, p);
    this.socket.send(query);
  }

  /** Sends a query and resolves with its outcome; never rejects. */
  async query(name: Buffer, expectedName: string, type: number, rd: boolean): Promise<MuxOutcome> {
    await this.ready;
    return new Promise<MuxOutcome>(resolve => this.send(encodeQuestion(name, type, rd), expectedName, type, resolve));
  }

  private onMessage(buf: Buffer): void {
    if (buf.length < 12) {
      this.ignored++;
      return;
    }
    const p = this.pending.get(buf.readUInt16BE(0));
    if (!p) {
      this.ignored++;
      return;
    }
    const answer = acceptAnswer(buf, p.expected, true);
    if (typeof answer === 'string') {
      this.ignored++;
      return;
    }
    p.done({ message: answer, rttMs: roundMs(nowMs() - p.sentAt) });
  }

  private onError(e: Error): void {
    const code = isErrnoException(e) ? e.code : undefined;
    const where = `${this.target.address}:${this.target.port}`;
    // A port-unreachable ends every outstanding query: the server is not there.
    this.failure = code === 'ECONNREFUSED'
      ? new NetProbeError('refused', `Nothing is listening on UDP ${where}.`, code)
      : new NetProbeError('unreachable', `UDP to ${where} failed (${code ?? e.message}).`, code);
    for (const p of [...this.pending.values()]) p.done({ error: this.failure });
    this.markReady();
  }

  private onSweep(): void {
    const now = nowMs();
    for (const p of [...this.pending.values()]) {
      if (p.deadline > now) continue;
      if (p.triesLeft > 0) {
        p.triesLeft--;
        p.sentAt = now;
        p.deadline = now + this.perTryMs;
        this.socket.send(p.query);
      } else {
        p.done({ error: new NetProbeError('timeout', `No answer from ${this.target.address}:${this.target.port} after ${this.tries} ${this.tries === 1 ? 'try' : 'tries'}.`) });
      }
    }
  }

  /** Fails what is still outstanding with `error` and closes the socket. */
  close(error = new NetProbeError('aborted', 'The batch was cancelled.')): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweep);
    for (const p of [...this.pending.values()]) p.done({ error });
    this.socket.close();
  }
}
