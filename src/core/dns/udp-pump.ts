import * as dgram from 'dgram';
import { decodeBatchAnswer, questionEnd, sameQuestion } from './batch-decode';
import type { InFlightQuery } from './batch-types';
import { shuffledIds } from './id-ring';
import { MalformedMessage } from './name';
import type { DnsWorkerJob, DnsWorkerMessage } from './worker-protocol';
import { OUTCOME_PROTOCOL, OUTCOME_TC, OUTCOME_TIMEOUT } from './worker-protocol';

interface Slot extends InFlightQuery {
  index: number;
}

/** Asks for a 1 MiB receive buffer, so a burst of answers is not dropped while the thread is busy. */
export function growRecvBuffer(socket: dgram.Socket): void {
  try {
    socket.setRecvBufferSize(1 << 20);
  } catch {
    // The system limit (net.core.rmem_max) applies; the default buffer still works.
  }
}

/**
 * Sends every query of a job over one connected UDP socket with at most `concurrency` in flight, matching
 * answers by id (shuffled id ring) and question bytes, resending on a sweep timer, decoding the answers and
 * streaming compact outcomes in batches. Runs in the DNS worker thread.
 *
 * Freed slots are refilled once per event-loop turn, after the receive burst: the server gets its queries
 * in bursts too, so both sides sleep and wake far less often (on a loopback test this halves the server's
 * CPU time per query). Answers are decoded after those sends, so decoding never delays the next queries.
 */
export function runUdpPump(job: DnsWorkerJob, post: (m: DnsWorkerMessage) => void): { cancel(): void; done: Promise<void> } {
  const ids = shuffledIds();
  let head = 0;
  let free = 65536;
  const pending = new Map<number, Slot>();
  const total = job.offsets.length - 1;
  const templates = Buffer.from(job.templates.buffer, job.templates.byteOffset, job.templates.byteLength);
  let next = 0;
  let finished = 0;
  let closed = false;
  // Outcomes waiting to be posted, column-wise (see PumpBatch).
  const FLUSH_AT = 2048;
  let filled = 0;
  const outIndex = new Uint32Array(FLUSH_AT);
  const outRtt = new Float64Array(FLUSH_AT);
  const outCode = new Uint8Array(FLUSH_AT);
  const outCount = new Uint16Array(FLUSH_AT);
  let outStrings: string[] = [];
  /** Answers received this turn, decoded after the turn's sends: slot, answer (undefined: timed out), RTT. */
  const received: Array<[Slot, Buffer | undefined, number]> = [];
  const socket = dgram.createSocket({ type: job.family === 6 ? 'udp6' : 'udp4' });
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>(r => {
    resolveDone = r;
  });

  const flush = (): void => {
    if (filled === 0) return;
    const batch = {
      index: outIndex.slice(0, filled),
      rttMs: outRtt.slice(0, filled),
      code: outCode.slice(0, filled),
      count: outCount.slice(0, filled),
      strings: outStrings,
    };
    post({ type: 'batch', batch });
    filled = 0;
    outStrings = [];
  };
  const push = (slot: Slot, rtt: number, code: number, strings: string[]): void => {
    outIndex[filled] = slot.index;
    outRtt[filled] = rtt;
    outCode[filled] = code;
    outCount[filled] = Math.min(strings.length, 0xffff);
    for (let i = 0; i < strings.length && i < 0xffff; i++) outStrings.push(strings[i] ?? '');
    if (++filled === FLUSH_AT) flush();
  };
  const record = (slot: Slot, answer: Buffer | undefined, rtt: number): void => {
    if (!answer) return push(slot, rtt, OUTCOME_TIMEOUT, []);
    try {
      const a = decodeBatchAnswer(answer, slot.qEnd, slot.type);
      push(slot, rtt, a.truncated ? OUTCOME_TC : a.rcodeCode, a.values);
    } catch (e) {
      push(slot, rtt, OUTCOME_PROTOCOL, [e instanceof MalformedMessage ? e.message : String(e)]);
    }
  };
  const finish = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(sweep);
    clearInterval(flusher);
    flush();
    socket.close();
    resolveDone();
  };
  const complete = (id: number, slot: Slot, answer?: Buffer): void => {
    pending.delete(id);
    ids[(head + free) & 0xffff] = id;
    free++;
    received.push([slot, answer, Math.round((performance.now() - slot.sentAt) * 1000) / 1000]);
    finished++;
    schedule();
  };
  let scheduled = false;
  const schedule = (): void => {
    if (scheduled || closed) return;
    scheduled = true;
    setImmediate(turn);
  };
  const send = (): void => {
    const now = performance.now();
    while (pending.size < job.concurrency && next < total && free > 0) {
      const index = next++;
      const start = job.offsets[index] ?? 0;
      const query = Buffer.allocUnsafe((job.offsets[index + 1] ?? start) - start);
      templates.copy(query, 0, start, start + query.length);
      const id = ids[head] ?? 0;
      head = (head + 1) & 0xffff;
      free--;
      query.writeUInt16BE(id, 0);
      const qEnd = questionEnd(query);
      pending.set(id, { index, query, qEnd, type: query.readUInt16BE(qEnd - 4), sentAt: now, deadline: now + job.perTryMs, triesLeft: job.tries - 1 });
      socket.send(query);
    }
  };
  const turn = (): void => {
    scheduled = false;
    if (closed) return;
    send();
    for (const [slot, answer, rtt] of received) record(slot, answer, rtt);
    received.length = 0;
    if (finished === total) {
      finish();
      post({ type: 'done' });
    }
  };
  socket.on('message', (buf: Buffer) => {
    if (buf.length < 12 || !((buf[2] ?? 0) & 0x80)) return;
    const id = buf.readUInt16BE(0);
    const slot = pending.get(id);
    if (slot && sameQuestion(buf, slot.query, slot.qEnd)) complete(id, slot, buf);
  });
  socket.on('error', (e: NodeJS.ErrnoException) => {
    for (const [slot, answer, rtt] of received) record(slot, answer, rtt);
    received.length = 0;
    post({ type: 'failed', errno: e.code, message: e.message });
    finish();
  });
  const sweep = setInterval(
    () => {
      const now = performance.now();
      for (const [id, slot] of pending) {
        if (slot.deadline > now) continue;
        if (slot.triesLeft > 0) {
          slot.triesLeft--;
          slot.sentAt = now;
          slot.deadline = now + job.perTryMs;
          socket.send(slot.query);
        } else {
          complete(id, slot);
        }
      }
    },
    Math.max(5, Math.min(50, Math.floor(job.perTryMs / 4))),
  );
  const flusher = setInterval(flush, 20);
  socket.connect(job.port, job.address, () => {
    growRecvBuffer(socket);
    turn();
  });
  return {
    cancel: () => finish(),
    done,
  };
}
