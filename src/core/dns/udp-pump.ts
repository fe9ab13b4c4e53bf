import * as dgram from 'dgram';
import { randomInt } from 'crypto';
import type { DnsWorkerJob, DnsWorkerMessage } from './worker-protocol';
import { RECORD_HEADER } from './worker-protocol';

interface Slot {
  index: number;
  query: Buffer;
  qEnd: number;
  sentAt: number;
  deadline: number;
  triesLeft: number;
}

/** Offset just after the question of a query template (its name is never compressed). */
function questionEnd(q: Uint8Array): number {
  let p = 12;
  while (p < q.length && (q[p] ?? 0) !== 0) p += (q[p] ?? 0) + 1;
  return p + 5;
}

/** True when the answer's question bytes equal the query's, letters compared case-insensitively. */
function sameQuestion(answer: Buffer, query: Buffer, end: number): boolean {
  if (answer.length < end || answer.readUInt16BE(4) !== 1) return false;
  for (let i = 12; i < end; i++) {
    const a = answer[i] ?? 0;
    const b = query[i] ?? 0;
    if (a !== b && (a | 0x20) !== (b | 0x20)) return false;
  }
  return true;
}

/**
 * Sends every query of a job over one connected UDP socket with at most `concurrency` in flight, matching
 * answers by id (shuffled id ring) and question bytes, resending on a sweep timer, and streaming the raw
 * answers in packed batches. Runs in the DNS worker thread; the caller decodes and validates the answers.
 */
export function runUdpPump(job: DnsWorkerJob, post: (m: DnsWorkerMessage, transfer?: ArrayBuffer[]) => void): { cancel(): void; done: Promise<void> } {
  const ids = new Uint16Array(65536);
  for (let i = 0; i < 65536; i++) ids[i] = i;
  for (let i = 65535; i > 0; i--) {
    const j = randomInt(i + 1);
    const t = ids[i] ?? 0;
    ids[i] = ids[j] ?? 0;
    ids[j] = t;
  }
  let head = 0;
  let free = 65536;
  const pending = new Map<number, Slot>();
  const total = job.offsets.length - 1;
  let next = 0;
  let finished = 0;
  let closed = false;
  const BATCH = 1 << 18;
  let out = Buffer.from(new ArrayBuffer(BATCH));
  let used = 0;
  const socket = dgram.createSocket({ type: job.family === 6 ? 'udp6' : 'udp4' });
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>(r => { resolveDone = r; });

  const flush = (): void => {
    if (used === 0) return;
    const data = out.buffer;
    post({ type: 'batch', data, length: used }, [data]);
    out = Buffer.from(new ArrayBuffer(BATCH));
    used = 0;
  };
  const record = (slot: Slot, status: number, answer?: Buffer): void => {
    const len = answer?.length ?? 0;
    if (used + RECORD_HEADER + len > out.length) flush();
    out.writeUInt32LE(slot.index, used);
    out[used + 4] = status;
    out.writeUInt32LE(Math.min(0xffffffff, Math.round((performance.now() - slot.sentAt) * 1000)), used + 5);
    out.writeUInt16LE(len, used + 9);
    answer?.copy(out, used + RECORD_HEADER);
    used += RECORD_HEADER + len;
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
  const complete = (id: number, slot: Slot, status: number, answer?: Buffer): void => {
    pending.delete(id);
    ids[(head + free) & 0xffff] = id;
    free++;
    record(slot, status, answer);
    finished++;
    pump();
  };
  const pump = (): void => {
    while (!closed && pending.size < job.concurrency && next < total && free > 0) {
      const index = next++;
      const start = job.offsets[index] ?? 0;
      const query = Buffer.from(job.templates.subarray(start, job.offsets[index + 1] ?? start));
      const id = ids[head] ?? 0;
      head = (head + 1) & 0xffff;
      free--;
      query.writeUInt16BE(id, 0);
      const now = performance.now();
      pending.set(id, { index, query, qEnd: questionEnd(query), sentAt: now, deadline: now + job.perTryMs, triesLeft: job.tries - 1 });
      socket.send(query);
    }
    if (finished === total && !closed) {
      finish();
      post({ type: 'done' });
    }
  };
  socket.on('message', (buf: Buffer) => {
    if (buf.length < 12 || !((buf[2] ?? 0) & 0x80)) return;
    const id = buf.readUInt16BE(0);
    const slot = pending.get(id);
    if (slot && sameQuestion(buf, slot.query, slot.qEnd)) complete(id, slot, 0, buf);
  });
  socket.on('error', (e: NodeJS.ErrnoException) => {
    post({ type: 'failed', errno: e.code, message: e.message });
    finish();
  });
  const sweep = setInterval(() => {
    const now = performance.now();
    for (const [id, slot] of pending) {
      if (slot.deadline > now) continue;
      if (slot.triesLeft > 0) {
        slot.triesLeft--;
        slot.sentAt = now;
        slot.deadline = now + job.perTryMs;
        socket.send(slot.query);
      } else {
        complete(id, slot, 1);
      }
    }
  }, Math.max(5, Math.min(50, Math.floor(job.perTryMs / 4))));
  const flusher = setInterval(flush, 20);
  socket.connect(job.port, job.address, () => pump());
  return {
    cancel: () => finish(),
    done,
  };
}
