import { NetProbeError } from '../errors';
import type { BatchAnswer } from './batch-decode';
import { dnsQuery } from './query';
import { rcodeName } from './rrtypes';
import type { BatchRun, QuestionOutcome } from './batch-types';

/** The outcome of question `i` from its answer; truncated answers are asked again over TCP. */
export function outcomeOf(run: BatchRun, i: number, answer: BatchAnswer, rttMs: number): QuestionOutcome | Promise<QuestionOutcome> {
  if (answer.truncated) return overTcp(run, i);
  return { rcode: rcodeName(answer.rcodeCode), values: answer.values, rttMs };
}

/** At most this many TCP retries of one batch run at once (each is its own connection). */
const TCP_RETRIES_AT_ONCE = 8;

/** Waits for a TCP retry slot of `run`; the returned function frees it. */
async function tcpSlot(run: BatchRun): Promise<() => void> {
  const queue = run.tcpQueue;
  if (queue.active >= TCP_RETRIES_AT_ONCE) await new Promise<void>(r => queue.waiting.push(r));
  queue.active++;
  return () => {
    queue.active--;
    queue.waiting.shift()?.();
  };
}

/** Asks question `i` again over TCP (after a truncated UDP answer), a few at a time. */
export async function overTcp(run: BatchRun, i: number): Promise<QuestionOutcome> {
  const q = run.questions[i];
  const type = run.prepared[i]?.type;
  const release = await tcpSlot(run);
  try {
    const r = await dnsQuery(q?.name ?? '', {
      server: run.opts.server,
      resolvConf: run.opts.resolvConf,
      type: q?.type,
      tcp: true,
      timeout: run.timeout,
      signal: run.opts.signal,
      recurse: run.opts.recurse !== false,
    });
    return { rcode: r.rcode, values: r.answers.filter(a => a.typeCode === type).map(a => a.data), rttMs: r.rttMs };
  } catch (e) {
    return { values: [], error: e instanceof NetProbeError ? e : new NetProbeError('protocol', String(e)) };
  } finally {
    release();
  }
}
