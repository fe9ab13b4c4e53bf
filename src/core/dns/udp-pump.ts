import * as dgram from 'dgram';
import { randomInt } from 'crypto';
import { decodeMessage } from './message';
import { MalformedMessage } from './name';
import type { DnsWorkerJob, DnsWorkerMessage, PumpOutcome } from './worker-protocol';

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
 * answers by id (shuffled id ring) and question bytes, resending on a sweep timer, decoding the answers and
 * streaming compact outcomes in batches. Runs in the DNS worker thread.
 */
export function runUdpPump(job: DnsWorkerJob, post: (m: DnsWorkerMessage) => void): { cancel(): void; done: Promise<void> } {
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
  let out: PumpOutcome[] = [];
  const socket = dgram.createSocket({ type: job.family === 6 ? 'udp6' : 'udp4' });
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>(r => { resolveDone = r; });

  const flush = (): void => {
    if (out.length === 0) return;
    post({ type: 'batch', outcomes: out });
    out = [];
  };
  /** Decodes here, in the worker, so the calling thread only files results. */
  const record = (slot: Slot, answer?: Buffer): void => {
    const rtt = Math.round((performance.now() - slot.sentAt) * 1000) / 1000;
    if (!answer) {
      out.push([slot.index, rtt, '!timeout', '']);
    } else {
      try {
        const m = decodeMessage(answer, true);
        if (m.truncated) out.push([slot.index, rtt, 'TC']);
        else {
          const type = slot.query.readUInt16BE(slot.qEnd - 4);
          const values: string[] = [];
          for (const a of m.answers) if (a.typeCode === type) values.push(a.data);
          out.push([slot.index, rtt, m.rcode, values]);
        }
      } catch (e) {
        const tc = ((answer[2] ?? 0) & 0x02) !== 0;
        out.push(tc ? [slot.index, rtt, 'TC'] : [slot.index, rtt, '!protocol', e instanceof MalformedMessage ? e.message : String(e)]);
      }
    }
    if (out.length >= 2048) flush();
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
    record(slot, answer);
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
    if (slot && sameQuestion(buf, slot.query, slot.qEnd)) complete(id, slot, buf);
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
        complete(id, slot);
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
