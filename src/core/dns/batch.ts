import * as fs from 'fs';
import * as os from 'os';
import { isIP } from 'net';
import { parseAddressLiteral } from '../address/literal';
import { DEFAULT_TIMEOUT_MS, NetProbeError, nowMs, roundMs, throwIfAborted } from '../errors';
import { runInline } from './batch-inline';
import type { BatchOptions, BatchQuestion, BatchRun, PreparedQuestion, QuestionOutcome } from './batch-types';
import { defaultDnsWorkerPath, runInWorkers } from './batch-worker';
import { runSecureBatch } from './encrypted/batch';
import { encodeQuestion } from './mux';
import { encodeName } from './name';
import { nameserversFor } from './nameserver';
import { nameserverTarget } from './query';
import { ptrName } from './reverse-name';
import { typeCode } from './rrtypes';

export type { BatchOptions, BatchQuestion, QuestionOutcome } from './batch-types';

/** Below this many queries the UDP loop stays in the calling thread. */
const WORKER_THRESHOLD = 2048;

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

function prepare(questions: BatchQuestion[], rd: boolean, padded: boolean): PreparedQuestion[] {
  const cache = new Map<string, PreparedQuestion>();
  return questions.map(q => {
    const key = `${q.type} ${q.name}`;
    let p = cache.get(key);
    if (!p) {
      const type = typeCode(q.type);
      p = { template: encodeQuestion(encodeName(q.name), type, rd, padded), type };
      cache.set(key, p);
    }
    return p;
  });
}

/**
 * Runs many questions against one nameserver over UDP with at most `concurrency` in flight — from 2,048
 * questions on, the send/receive loop runs in a worker thread so the calling thread stays responsive.
 * Truncated answers are repeated over TCP. A `tls://` or `https://` nameserver gets every question over one
 * DNS-over-TLS connection (pipelined) or one HTTP/2 connection (a stream each), padded unless `padding` is false.
 * Never throws for network outcomes (they are per question); throws `aborted` on cancel and `invalid-input` for
 * a bad name or type.
 */
export async function runQueries(questions: BatchQuestion[], opts: BatchOptions = {}): Promise<QuestionOutcome[]> {
  throwIfAborted(opts.signal);
  const ns = nameserversFor(opts.server, opts.resolvConf)[0];
  if (!ns) throw new NetProbeError('dns-error', 'No nameserver to ask.');
  const encrypted = ns.protocol === 'tls' || ns.protocol === 'https';
  const prepared = prepare(questions, opts.recurse !== false, encrypted ? opts.padding !== false : opts.padding === true);
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? 100, 10_000));
  const results = new Array<QuestionOutcome>(questions.length);
  let done = 0;
  let lastProgress = 0;
  const progressMs = opts.progressMs ?? 100;
  const tick = (): void => {
    done++;
    if (opts.onProgress && nowMs() - lastProgress >= progressMs) {
      lastProgress = nowMs();
      opts.onProgress(done, prepared.length);
    }
  };
  if (encrypted) {
    await runSecureBatch({ ns, prepared, results, tick, timeout, concurrency, opts });
    throwIfAborted(opts.signal);
    opts.onProgress?.(done, prepared.length);
    return results;
  }
  const target = await nameserverTarget(ns, { timeout, signal: opts.signal });
  const run: BatchRun = {
    questions,
    prepared,
    target,
    timeout,
    opts,
    concurrency,
    results,
    tick,
    tries: Math.max(1, opts.tries ?? 2),
    tcpQueue: { active: 0, waiting: [] },
  };
  const file = opts.workerPath ?? defaultDnsWorkerPath();
  const wanted = opts.workers ?? (prepared.length >= WORKER_THRESHOLD ? Math.min(2, os.availableParallelism()) : 0);
  const workers = Math.max(0, Math.min(Math.floor(wanted), 8, run.concurrency));
  if (workers > 0 && fs.existsSync(file)) await runInWorkers(run, file, workers);
  else await runInline(run);
  throwIfAborted(opts.signal);
  opts.onProgress?.(done, prepared.length);
  return run.results;
}

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
    if (isIP(line) || (/^(?=.{1,253}\.?$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\.?$/.test(line) && /[A-Za-z]/.test(line))) {
      add(line);
      continue;
    }
    for (const m of line.matchAll(/(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\d{1,3}(?:\.\d{1,3}){3})?)(?![\w.:])/g)) {
      if (isIP(m[0]) && /[0-9a-fA-F]/.test(m[0])) add(m[0]);
    }
  }
  return out;
}
