import { NetProbeError } from '../errors';
import type { DecodedMessage } from './message';
import { dnsQuery } from './query';
import type { BatchRun, QuestionOutcome } from './batch-types';

/** The outcome of question `i` from its answer; truncated answers are asked again over TCP. */
export function outcomeOf(run: BatchRun, i: number, m: DecodedMessage, rttMs: number): QuestionOutcome | Promise<QuestionOutcome> {
  const type = run.prepared[i]?.type;
  if (m.truncated) return overTcp(run, i);
  const values: string[] = [];
  for (const a of m.answers) if (a.typeCode === type) values.push(a.data);
  return { rcode: m.rcode, values, rttMs };
}

async function overTcp(run: BatchRun, i: number): Promise<QuestionOutcome> {
  const q = run.questions[i];
  const type = run.prepared[i]?.type;
  try {
    const r = await dnsQuery(q?.name ?? '', {
      server: run.opts.server, resolvConf: run.opts.resolvConf, type: q?.type, tcp: true, timeout: run.timeout, signal: run.opts.signal, recurse: run.opts.recurse !== false,
    });
    return { rcode: r.rcode, values: r.answers.filter(a => a.typeCode === type).map(a => a.data), rttMs: r.rttMs };
  } catch (e) {
    return { values: [], error: e instanceof NetProbeError ? e : new NetProbeError('protocol', String(e)) };
  }
}
