import { isIP } from 'net';
import { parseAddressLiteral } from '../address/literal';
import type { OperationOptions } from '../errors';
import { DEFAULT_TIMEOUT_MS, NetProbeError, nowMs, roundMs, throwIfAborted } from '../errors';
import { UdpMux, encodeQuestion } from './mux';
import { decodeName, encodeName } from './name';
import { nameserversFor } from './nameserver';
import { dnsQuery, nameserverTarget } from './query';
import { ptrName } from './reverse-name';
import { typeCode } from './rrtypes';

/** Options of {@link dnsBatch}; `timeout` applies to each query. */
export interface BatchOptions extends OperationOptions {
  server?: string;
  resolvConf?: string;
  /** Record types asked for each name (default A and AAAA); addresses always get PTR. */
  types?: string[];
  /** Queries in flight at once (default 100). */
  concurrency?: number;
  /** UDP sockets (each a random source port) the queries are spread over (default 1). */
  sockets?: number;
  /** UDP attempts per query (default 2). */
  tries?: number;
  recurse?: boolean;
  /** Called at most every `progressMs` (default 100) and once at the end. */
  onProgress?: (done: number, total: number) => void;
  progressMs?: number;
}

/** The answer for one input line. */
export interface BatchItem {
  input: string;
  kind: 'forward' | 'reverse';
  /** `ok` with values; `nxdomain`; `nodata` (the name exists, no such records); `error` (SERVFAIL, timeout, …). */
  status: 'ok' | 'nxdomain' | 'nodata' | 'error';
  /** Addresses (forward) or names (reverse). */
  values: string[];
  /** The rcode of the first query when it was not NOERROR, or the error text. */
  detail?: string;
  rttMs?: number;
}

/** The outcome of {@link dnsBatch}. */
export interface BatchResult {
  server: string;
  items: BatchItem[];
  queries: number;
  elapsedMs: number;
  /** Queries per second over the whole batch. */
  qps: number;
}

/** One question of a batch. */
export interface BatchQuestion {
  name: string;
  type: string;
}

/** The outcome of one question in {@link runQueries}. */
export interface QuestionOutcome {
  rcode?: string;
  /** Record data of the asked type in the answer section. */
  values: string[];
  error?: NetProbeError;
  rttMs?: number;
}

/**
 * Runs many questions against one nameserver over a single UDP socket with at most `concurrency` in
 * flight; truncated answers are repeated over TCP. Never throws for network outcomes (they are per
 * question); throws `aborted` on cancel and `invalid-input` for a bad name or type.
 */
export async function runQueries(questions: BatchQuestion[], opts: BatchOptions = {}): Promise<QuestionOutcome[]> {
  throwIfAborted(opts.signal);
  const cache = new Map<string, { template: Buffer; lower: string; type: number }>();
  const encoded = questions.map(q => {
    const key = `${q.type} ${q.name}`;
    let e = cache.get(key);
    if (!e) {
      const wire = encodeName(q.name);
      const type = typeCode(q.type);
      e = { template: encodeQuestion(wire, type, opts.recurse !== false), lower: decodeName(wire, 0).name.toLowerCase(), type };
      cache.set(key, e);
    }
    return e;
  });
  const ns = nameserversFor(opts.server, opts.resolvConf)[0];
  if (!ns) throw new NetProbeError('dns-error', 'No nameserver to ask.');
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const target = await nameserverTarget(ns, { timeout, signal: opts.signal });
  const tries = Math.max(1, opts.tries ?? 2);
  const sockets = Math.max(1, Math.min(opts.sockets ?? 1, 16));
  const muxes = Array.from({ length: sockets }, () => new UdpMux(target, Math.max(1, Math.floor(timeout / tries)), tries));
  const results = new Array<QuestionOutcome>(questions.length);
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? 100, 10_000));
  const rd = opts.recurse !== false;
  let next = 0;
  let done = 0;
  let lastProgress = 0;
  const progressMs = opts.progressMs ?? 100;
  const onAbort = (): void => { for (const m of muxes) m.close(); };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const tcpRetry = async (i: number, type: number): Promise<QuestionOutcome> => {
    try {
      const r = await dnsQuery(questions[i]?.name ?? '', { server: opts.server, resolvConf: opts.resolvConf, type: questions[i]?.type, tcp: true, timeout, signal: opts.signal, recurse: rd });
      return { rcode: r.rcode, values: r.answers.filter(a => a.typeCode === type).map(a => a.data), rttMs: r.rttMs };
    } catch (e) {
      return { values: [], error: e instanceof NetProbeError ? e : new NetProbeError('protocol', String(e)) };
    }
  };
  await Promise.all(muxes.map(m => m.whenReady()));
  try {
    await new Promise<void>(resolveAll => {
      let inFlight = 0;
      let sinceYield = 0;
      const finish = (i: number, outcome: QuestionOutcome): void => {
        results[i] = outcome;
        inFlight--;
        done++;
        if (opts.onProgress && nowMs() - lastProgress >= progressMs) {
          lastProgress = nowMs();
          opts.onProgress(done, encoded.length);
        }
        pump();
      };
      const pump = (): void => {
        if (opts.signal?.aborted) {
          if (inFlight === 0) resolveAll();
          return;
        }
        // Give the event loop a turn now and then so a long batch never starves the host.
        if (sinceYield >= 1024) {
          sinceYield = 0;
          setImmediate(pump);
          return;
        }
        while (inFlight < concurrency && next < encoded.length) {
          const i = next++;
          const q = encoded[i];
          if (!q) continue;
          inFlight++;
          sinceYield++;
          const mux = muxes[i % sockets] ?? muxes[0];
          mux?.send(q.template, q.lower, q.type, outcome => {
            if ('error' in outcome) return finish(i, { values: [], error: outcome.error });
            const m = outcome.message;
            if (m.truncated) {
              void tcpRetry(i, q.type).then(o => finish(i, o));
              return;
            }
            const values: string[] = [];
            for (const a of m.answers) if (a.typeCode === q.type) values.push(a.data);
            finish(i, { rcode: m.rcode, values, rttMs: outcome.rttMs });
          });
        }
        if (inFlight === 0 && next >= encoded.length) resolveAll();
      };
      pump();
    });
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    for (const m of muxes) m.close();
  }
  throwIfAborted(opts.signal);
  opts.onProgress?.(done, encoded.length);
  return results;
}

/**
 * Resolves a list of names (A and AAAA by default) and reverse-resolves addresses (PTR) against one
 * nameserver, with bounded concurrency, progress and cancel. Duplicates are kept in input order.
 */
export async function dnsBatch(inputs: string[], opts: BatchOptions = {}): Promise<BatchResult> {
  const start = nowMs();
  const types = opts.types?.length ? opts.types : ['A', 'AAAA'];
  const plan = inputs.map(raw => {
    const input = raw.trim();
    let literal;
    try {
      literal = parseAddressLiteral(input);
    } catch {
      literal = undefined;
    }
    return literal
      ? { input, kind: 'reverse' as const, questions: [{ name: ptrName(literal.address), type: 'PTR' }] }
      : { input, kind: 'forward' as const, questions: types.map(type => ({ name: input, type })) };
  });
  const questions = plan.flatMap(p => p.questions);
  const outcomes = await runQueries(questions, opts);
  let k = 0;
  const items = plan.map((p): BatchItem => {
    const mine = outcomes.slice(k, k + p.questions.length);
    k += p.questions.length;
    const values = mine.flatMap(o => o.values);
    const rtts = mine.flatMap(o => (o.rttMs === undefined ? [] : [o.rttMs]));
    const item: BatchItem = { input: p.input, kind: p.kind, status: 'ok', values };
    if (rtts.length) item.rttMs = roundMs(Math.max(...rtts));
    if (values.length) return item;
    const failed = mine.find(o => o.error || (o.rcode !== 'NOERROR' && o.rcode !== 'NXDOMAIN'));
    if (failed) return { ...item, status: 'error', detail: failed.error?.message ?? failed.rcode ?? 'no answer' };
    if (mine.every(o => o.rcode === 'NXDOMAIN')) return { ...item, status: 'nxdomain', detail: 'NXDOMAIN' };
    return { ...item, status: 'nodata' };
  });
  const ns = nameserversFor(opts.server, opts.resolvConf)[0];
  const elapsedMs = roundMs(nowMs() - start);
  return { server: ns?.spec ?? '', items, queries: questions.length, elapsedMs, qps: Math.round(questions.length / Math.max(elapsedMs / 1000, 1e-6)) };
}

/**
 * Picks batch targets out of free text: a line that is just a name or address is taken whole; from other
 * lines (logs) every IPv4 and IPv6 address is taken. Duplicates are dropped, first occurrence kept.
 */
export function extractBatchTargets(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (s: string): void => {
    const key = s.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^[-*•]\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    if (isIP(line) || /^(?=.{1,253}\.?$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\.?$/.test(line) && /[A-Za-z]/.test(line)) {
      add(line);
      continue;
    }
    for (const m of line.matchAll(/(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\d{1,3}(?:\.\d{1,3}){3})?)(?![\w.:])/g)) {
      if (isIP(m[0]) && /[0-9a-fA-F]/.test(m[0])) add(m[0]);
    }
  }
  return out;
}
