import { NetProbeError } from '../../errors';
import { decodeBatchAnswer, questionEnd, sameQuestion } from '../batch-decode';
import type { BatchOptions, PreparedQuestion, QuestionOutcome } from '../batch-types';
import { MalformedMessage } from '../name';
import { oncePerTurn } from '../per-turn';
import { rcodeName } from '../rrtypes';
import type { Nameserver } from '../types';
import { SecureDnsError, transportLabel } from './connect';
import type { SecureConnection, SecureOutcome } from './connection';
import { connectionFor, secureOpenOptions } from './query';

/** What {@link runSecureBatch} needs: the questions in wire form and where each outcome goes. */
export interface SecureBatchRun {
  ns: Nameserver;
  prepared: PreparedQuestion[];
  results: QuestionOutcome[];
  tick(): void;
  timeout: number;
  concurrency: number;
  opts: BatchOptions;
}

/** At most this many sends per event-loop turn, so a large concurrency never starves the loop. */
const SENDS_PER_TURN = 1024;
/** Free slots that trigger a refill (at most an eighth of the depth). */
const REFILL_AT = 16;

/** A question's failure with a malformed answer (the HTTP status said for DoH). */
function malformed(where: string, status: number | undefined, why: string): QuestionOutcome {
  return { values: [], error: new SecureDnsError('protocol', 'dns', `${where}: malformed DNS${status ? ` in the HTTP ${status} answer` : ''} (${why}).`) };
}

/**
 * The outcome of question `i` from what its connection returned; `qEnd` is where the query's question ends. DoT
 * answers were matched to the query (id and question) by the connection; DoH bodies are checked here.
 */
function outcomeOf(run: SecureBatchRun, i: number, query: Buffer, qEnd: number, outcome: SecureOutcome, where: string): QuestionOutcome {
  if ('error' in outcome) return { values: [], error: outcome.error };
  const raw = outcome.raw;
  const type = run.prepared[i]?.type ?? 0;
  if (raw.length < 12 || ((raw[2] ?? 0) & 0x80) === 0)
    return malformed(where, outcome.status, raw.length < 12 ? `${raw.length} bytes, shorter than a DNS header` : 'not a response');
  // An error answer without the question (FORMERR, …) is still the answer: its rcode is the outcome.
  if (raw.readUInt16BE(4) === 0 && ((raw[3] ?? 0) & 0x0f) !== 0) return { rcode: rcodeName((raw[3] ?? 0) & 0x0f), values: [], rttMs: outcome.rttMs };
  if (!outcome.matched && !sameQuestion(raw, query, qEnd)) return malformed(where, outcome.status, 'an answer to a different question');
  try {
    const a = decodeBatchAnswer(raw, qEnd, type);
    return { rcode: rcodeName(a.rcodeCode), values: a.values, rttMs: outcome.rttMs };
  } catch (e) {
    if (!(e instanceof MalformedMessage)) throw e;
    return malformed(where, outcome.status, e.message);
  }
}

/** True when the failure is the connection going away (not this query's fault), so the question may be asked again. */
function connectionLost(error: NetProbeError, conn: SecureConnection): boolean {
  return error instanceof SecureDnsError && (error.stage === 'dns' || error.stage === 'http') && error.code !== 'timeout' && !conn.usable;
}

/**
 * Runs a batch over one encrypted connection: DNS over TLS with up to `concurrency` queries pipelined (answers in
 * any order, matched by id) or DNS over HTTPS with as many HTTP/2 streams. Freed slots are refilled once per
 * event-loop turn, so the queries of a turn leave in one TLS record. When the server closes a connection that has
 * answered (idle or per-connection limits, pipelining it cannot handle), a new one is opened, the questions that
 * were in flight are asked again and fewer are sent at once; a connection that cannot be opened, or that closes
 * before answering anything, fails the questions left with its error.
 */
export async function runSecureBatch(run: SecureBatchRun): Promise<void> {
  const signal = run.opts.signal;
  const open = secureOpenOptions(run.opts, run.timeout);
  const where = `${transportLabel(run.ns.protocol === 'https' ? 'https' : 'tls')} to ${run.ns.spec}`;
  const total = run.prepared.length;
  const again: number[] = [];
  /** Where the question ends in each distinct query template (identical questions share one). */
  const questionEnds = new Map<Buffer, number>();
  // Queries outstanding at once on the connection; halved each time a server closes a connection that had
  // several outstanding (some servers mishandle pipelining, e.g. dnsdist 1.7 without maxInFlight).
  let depth = run.concurrency;
  let next = 0;
  let inFlight = 0;
  let current: { conn: SecureConnection; release: () => void } | undefined;
  let failure: NetProbeError | undefined;
  let lastError: NetProbeError | undefined;
  await new Promise<void>(resolveAll => {
    let connecting = false;
    const schedule = oncePerTurn(() => pump());
    const finish = (i: number, outcome: QuestionOutcome): void => {
      run.results[i] = outcome;
      run.tick();
    };
    const connect = (): void => {
      connecting = true;
      connectionFor(run.ns, open, run.opts.pool).then(
        c => {
          current = c;
          connecting = false;
          if (signal?.aborted) c.conn.close();
          schedule();
        },
        (e: unknown) => {
          connecting = false;
          failure = e instanceof NetProbeError ? e : new NetProbeError('protocol', `${where}: ${String(e)}`);
          schedule();
        },
      );
    };
    const onAbort = (): void => current?.conn.close();
    signal?.addEventListener('abort', onAbort, { once: true });
    const pump = (): void => {
      const stop = signal?.aborted || failure !== undefined;
      if (stop) {
        // Questions never sent get the connection's failure (or nothing, when cancelled: the caller throws).
        if (failure) for (; again.length || next < total;) finish(again.pop() ?? next++, { values: [], error: failure });
        if (inFlight === 0) {
          signal?.removeEventListener('abort', onAbort);
          resolveAll();
        }
        return;
      }
      if (inFlight === 0 && next >= total && again.length === 0) {
        signal?.removeEventListener('abort', onAbort);
        resolveAll();
        return;
      }
      const c = current;
      if (!c || !c.conn.usable) {
        if (!c || inFlight > 0) {
          if (!c && !connecting) connect();
          return;
        }
        c.release();
        current = undefined;
        // A connection that died without answering anything would die again: the questions left fail with its error.
        if (c.conn.answered === 0) {
          failure = lastError ?? new SecureDnsError('protocol', 'dns', `${where}: the connection closed before answering.`);
          schedule();
        } else {
          if (again.length > 1) depth = Math.max(1, Math.floor(Math.min(depth, again.length) / 2));
          connect();
        }
        return;
      }
      // Refill only once a few slots are free (unless nothing is in flight): each write then carries several queries.
      if (inFlight > 0 && depth - inFlight < Math.min(REFILL_AT, Math.ceil(depth / 8)) && (again.length > 0 || next < total)) return;
      let sent = 0;
      while (inFlight < depth && (again.length > 0 || next < total)) {
        if (sent++ === SENDS_PER_TURN) {
          schedule();
          return;
        }
        const i = again.pop() ?? next++;
        const query = run.prepared[i]?.template;
        if (!query) continue;
        let qEnd = questionEnds.get(query);
        if (qEnd === undefined) {
          qEnd = questionEnd(query);
          questionEnds.set(query, qEnd);
        }
        const end = qEnd;
        inFlight++;
        const conn = c.conn;
        conn.send(
          query,
          run.timeout,
          outcome => {
            inFlight--;
            if ('error' in outcome) lastError = outcome.error;
            // Every connection answered at least one question before it was lost, so asking again always progresses.
            if ('error' in outcome && conn.answered > 0 && connectionLost(outcome.error, conn)) {
              again.push(i);
            } else {
              finish(i, outcomeOf(run, i, query, end, outcome, where));
            }
            schedule();
          },
          end,
        );
      }
    };
    connect();
  });
  current?.release();
}
