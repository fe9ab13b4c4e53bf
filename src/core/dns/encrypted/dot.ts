import { randomFillSync } from 'crypto';
import type * as tls from 'tls';
import { NetProbeError, isErrnoException, nowMs, roundMs } from '../../errors';
import { questionEnd, sameQuestion } from '../batch-decode';
import type { SecureConnectionInfo } from './types';
import { SecureDnsError } from './connect';
import type { CancelQuery, SecureConnection, SecureOutcome } from './connection';
import { DeadlineSweep } from './sweep';
import { formatDuration } from '../../text/units';

interface Pending {
  /** The query as the caller gave it (its id is replaced on the wire; the question bytes are what answers are matched on). */
  query: Buffer;
  qEnd: number;
  sentAt: number;
  deadline: number;
  done: (outcome: SecureOutcome) => void;
}

/** Random ids drawn at once (one `randomFillSync` call per this many queries). */
const RANDOM_IDS = 4096;

/**
 * DNS over TLS (RFC 7858) on one connection: queries are pipelined (each with a free random id), written in one
 * TLS record per event-loop turn, and answers — in any order (RFC 7766 §6.2.1.1) — matched by id and question.
 * Answers that match nothing are counted and dropped; the read buffer never holds more than one message
 * (at most 65,535 bytes, the two-byte length prefix's limit) plus the last chunk.
 */
export class DotConnection implements SecureConnection {
  private readonly pending = new Map<number, Pending>();
  private readonly randomIds = new Uint16Array(RANDOM_IDS);
  private nextRandom = RANDOM_IDS;
  /** Ids and queries sent this turn, framed into one buffer by {@link flush}. */
  private writeIds: number[] = [];
  private writeQueue: Buffer[] = [];
  private writeBytes = 0;
  private flushScheduled = false;
  private partial: Buffer | undefined;
  private readonly sweep = new DeadlineSweep(
    now => this.expire(now),
    () => this.pending.size,
  );
  private failure: NetProbeError | undefined;
  private closed = false;
  answered = 0;
  ignored = 0;
  /** Why the last ignored message did not match (for a timeout message). */
  private lastProblem: string | undefined;

  constructor(
    private readonly socket: tls.TLSSocket,
    readonly info: SecureConnectionInfo,
  ) {
    // Flowing mode: each decrypted chunk is handed over as it is pushed (servers mostly send one answer per TLS record
    // and TCP segment, so paused mode's extra tick and buffer list per 'readable' cost more than they batch).
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e: Error) => {
      const code = isErrnoException(e) ? e.code : undefined;
      this.fail(
        new SecureDnsError(code === 'ECONNRESET' ? 'protocol' : 'os-error', 'dns', `${this.label()}: the connection failed (${code ?? e.message}).`, code),
      );
    });
    socket.on('end', () => this.onPeerClose());
    socket.on('close', () => this.onPeerClose());
  }

  get usable(): boolean {
    return !this.closed && !this.failure && !this.socket.destroyed && this.socket.writable;
  }

  get outstanding(): number {
    return this.pending.size;
  }

  private label(): string {
    return `DNS over TLS to ${this.info.where}`;
  }

  private freeId(): number {
    for (;;) {
      if (this.nextRandom === this.randomIds.length) {
        randomFillSync(this.randomIds);
        this.nextRandom = 0;
      }
      const id = this.randomIds[this.nextRandom++] ?? 0;
      if (!this.pending.has(id)) return id;
    }
  }

  send(query: Buffer, timeoutMs: number, done: (outcome: SecureOutcome) => void, qEnd = questionEnd(query)): CancelQuery {
    if (this.failure) {
      done({ error: this.failure });
      return () => undefined;
    }
    if (this.closed) {
      done({ error: new NetProbeError('aborted', 'The DNS query was cancelled.') });
      return () => undefined;
    }
    if (this.pending.size >= 65536) {
      done({ error: new NetProbeError('invalid-input', 'More than 65,536 queries outstanding on one connection.') });
      return () => undefined;
    }
    // Framed later with a two-byte length prefix and the id in its first two bytes: both must fit.
    if (query.length < 2 || query.length > 0xffff) throw new RangeError(`A DNS message of ${query.length} bytes cannot be framed for TCP.`);
    const id = this.freeId();
    const now = nowMs();
    const p: Pending = { query, qEnd, sentAt: now, deadline: now + timeoutMs, done };
    this.pending.set(id, p);
    this.writeIds.push(id);
    this.writeQueue.push(query);
    this.writeBytes += query.length + 2;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(() => this.flush());
    }
    this.sweep.arm();
    return () => {
      if (this.pending.get(id) === p) this.settle(id, p, { error: new NetProbeError('aborted', 'The DNS query was cancelled.') });
    };
  }

  /**
   * Writes every query of this turn at once, each with its two-byte length prefix (RFC 1035 §4.2.2) and under its
   * connection id, framed straight into one buffer: one TLS record (or a few) instead of one per query.
   */
  private flush(): void {
    this.flushScheduled = false;
    const queries = this.writeQueue;
    const ids = this.writeIds;
    const bytes = this.writeBytes;
    this.writeQueue = [];
    this.writeIds = [];
    this.writeBytes = 0;
    if (queries.length === 0 || !this.usable) return;
    const data = Buffer.allocUnsafe(bytes);
    let pos = 0;
    for (let i = 0; i < queries.length; i++) {
      const query = queries[i];
      data.writeUInt16BE(query.length, pos);
      query.copy(data, pos + 2);
      data.writeUInt16BE(ids[i] ?? 0, pos + 2);
      pos += query.length + 2;
    }
    this.socket.write(data);
  }

  private settle(id: number, p: Pending, outcome: SecureOutcome): void {
    this.pending.delete(id);
    p.done(outcome);
  }

  private onData(chunk: Buffer): void {
    const buf = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    this.partial = undefined;
    let pos = 0;
    while (buf.length - pos >= 2) {
      const len = buf.readUInt16BE(pos);
      if (buf.length - pos - 2 < len) break;
      this.onMessage(buf.subarray(pos + 2, pos + 2 + len));
      pos += 2 + len;
    }
    if (pos < buf.length) this.partial = buf.subarray(pos);
  }

  private onMessage(msg: Buffer): void {
    if (msg.length < 12 || ((msg[2] ?? 0) & 0x80) === 0) {
      this.ignored++;
      this.lastProblem = msg.length < 12 ? `a ${msg.length}-byte message, shorter than a DNS header` : 'a message that is not a response (QR not set)';
      return;
    }
    const id = msg.readUInt16BE(0);
    const p = this.pending.get(id);
    // With the id unique on the connection, an error answer without the question (FORMERR, …) is ours too.
    const noQuestion = msg.readUInt16BE(4) === 0 && ((msg[3] ?? 0) & 0x0f) !== 0;
    if (!p || !(noQuestion || sameQuestion(msg, p.query, p.qEnd))) {
      this.ignored++;
      this.lastProblem = p ? 'an answer to a different question' : `an answer with an id no query has (${id})`;
      return;
    }
    this.answered++;
    this.settle(id, p, { raw: msg, rttMs: roundMs(nowMs() - p.sentAt), matched: true });
  }

  private expire(now: number): void {
    for (const [id, p] of this.pending) {
      if (p.deadline > now) continue;
      if (this.partial) {
        // The stream stopped in the middle of a message: nothing after it can be read, so the connection is not kept.
        const of = this.partial.length >= 2 ? ` (${this.partial.length - 2} of its ${this.partial.readUInt16BE(0)} bytes came)` : '';
        const waited = formatDuration(Math.round(p.deadline - p.sentAt));
        this.fail(new SecureDnsError('timeout', 'dns', `${this.label()}: no answer within ${waited}; the server stopped in the middle of an answer${of}.`));
        return;
      }
      const why = this.lastProblem ? `; it sent ${this.lastProblem}` : '';
      this.settle(id, p, {
        error: new SecureDnsError('timeout', 'dns', `${this.label()}: no answer within ${formatDuration(Math.round(p.deadline - p.sentAt))}${why}.`),
      });
    }
  }

  private onPeerClose(): void {
    if (this.closed || this.failure) return;
    const how = this.partial && this.partial.length > 0 ? 'in the middle of an answer' : this.pending.size > 0 ? 'before answering' : 'while idle';
    this.fail(new SecureDnsError('protocol', 'dns', `${this.label()}: the server closed the connection ${how}.`));
  }

  private fail(error: NetProbeError): void {
    if (this.failure) return;
    this.failure = error;
    this.end(error, true);
  }

  close(error: NetProbeError = new NetProbeError('aborted', 'The DNS query was cancelled.')): void {
    if (this.closed) return;
    this.closed = true;
    this.end(error, false);
  }

  /** Fails what is outstanding and lets the socket go: at once after a failure, after the pending writes otherwise. */
  private end(error: NetProbeError, now: boolean): void {
    this.writeQueue = [];
    this.writeIds = [];
    this.writeBytes = 0;
    this.sweep.stop();
    for (const [id, p] of [...this.pending]) this.settle(id, p, { error });
    if (now) this.socket.destroy();
    else this.socket.destroySoon();
  }
}
