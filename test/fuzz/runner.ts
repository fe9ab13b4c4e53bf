import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { NetProbeError } from '../../src/core/errors';
import { rng } from '../helpers/rng';
import type { FuzzTarget } from './target';

/** One input that made a target throw something other than a NetProbeError (or hang). */
export interface FuzzFinding {
  /** Case number: replay it with the same seed. */
  index: number;
  input: string;
  error: string;
}

/** What one target's run found and how long its slowest case took. */
export interface FuzzReport {
  name: string;
  seed: number;
  cases: number;
  findings: FuzzFinding[];
  /** Cases whose check threw a NetProbeError (inputs the code rejected in its own words). */
  rejected: number;
  /**
   * The slowest case: the five slowest checks after the warm-up are timed again five times each and the one with
   * the highest median wins (so a GC pause or a busy machine does not make a fast case look slow).
   */
  slowest: { ms: number; index: number; input: string };
  /** The longest single check seen during the run (includes pauses that were not the input's doing). */
  slowestObservedMs: number;
  elapsedMs: number;
}

export interface FuzzOptions {
  /** Cases to run (when no time budget stops it first). */
  cases: number;
  seed: number;
  /** Stop after this many milliseconds even if fewer cases ran (the short run in `npm test`)… */
  budgetMs?: number;
  /** …but never before this many cases (so a busy machine runs fewer extra cases, never too few). */
  minCases?: number;
  /** Cases not timed for the slowest-case figure (JIT warm-up); they are still checked. */
  warmup?: number;
  /** Findings kept in the report (all are counted). */
  keep?: number;
}

/** How long an asynchronous check may take before it counts as a hang. */
const ASYNC_LIMIT_MS = 10_000;

/** Every target in `test/fuzz/targets/` (each file exports `target`), sorted by file name. */
export function loadTargets(dir = path.join(__dirname, 'targets')): Array<FuzzTarget<unknown>> {
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.js'))
    .sort()
    .map(f => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- targets are discovered at run time
      const mod = require(path.join(dir, f)) as { target?: FuzzTarget<unknown> };
      if (!mod.target) throw new Error(`${f} does not export \`target\``);
      return mod.target;
    });
}

/** The seed of case `index` of `name`: each case can be replayed on its own. */
export function caseSeed(seed: number, name: string, index: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h + Math.imul(index, 0x9e3779b9)) >>> 0;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return (e.stack ?? `${e.name}: ${e.message}`).split('\n').slice(0, 4).join(' | ');
  return `non-Error thrown: ${String(e)}`;
}

function withLimit(p: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the check did not settle within ${ASYNC_LIMIT_MS} ms`)), ASYNC_LIMIT_MS);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** Runs `target` for `opts.cases` seeded cases (or until the time budget), collecting findings and the slowest case. */
export async function fuzzTarget<T>(target: FuzzTarget<T>, opts: FuzzOptions): Promise<FuzzReport> {
  const warmup = opts.warmup ?? 1000;
  const keep = opts.keep ?? 20;
  const report: FuzzReport = {
    name: target.name,
    seed: opts.seed,
    cases: 0,
    findings: [],
    rejected: 0,
    slowest: { ms: 0, index: -1, input: '' },
    slowestObservedMs: 0,
    elapsedMs: 0,
  };
  const slow: Array<{ ms: number; index: number }> = [];
  const findings: FuzzFinding[] = [];
  let found = 0;
  const begin = performance.now();
  for (let i = 0; i < opts.cases; i++) {
    if (opts.budgetMs !== undefined && i >= (opts.minCases ?? 0) && performance.now() - begin > opts.budgetMs) break;
    const input = target.generate(rng(caseSeed(opts.seed, target.name, i)));
    const t0 = performance.now();
    try {
      const pending = target.check(input);
      if (pending instanceof Promise) await withLimit(pending);
    } catch (e) {
      if (e instanceof NetProbeError) report.rejected++;
      else if (++found <= keep) findings.push({ index: i, input: target.describe(input), error: errorText(e) });
    }
    const ms = performance.now() - t0;
    if (i >= warmup && (slow.length < 5 || ms > (slow[slow.length - 1]?.ms ?? 0))) {
      slow.push({ ms, index: i });
      slow.sort((a, b) => b.ms - a.ms);
      slow.length = Math.min(slow.length, 5);
    }
    report.cases = i + 1;
  }
  report.elapsedMs = performance.now() - begin;
  report.slowestObservedMs = slow[0]?.ms ?? 0;
  for (const s of slow) {
    const input = target.generate(rng(caseSeed(opts.seed, target.name, s.index)));
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      try {
        const pending = target.check(input);
        if (pending instanceof Promise) await withLimit(pending);
      } catch {
        // already counted
      }
      times.push(performance.now() - t0);
    }
    const median = times.sort((a, b) => a - b)[2] ?? 0;
    if (median > report.slowest.ms || report.slowest.index < 0) report.slowest = { ms: median, index: s.index, input: target.describe(input) };
  }
  report.findings = findings;
  if (found > findings.length) findings.push({ index: -1, input: '', error: `… and ${found - findings.length} more findings` });
  return report;
}

/** One line per target for a console. */
export function summaryLine(r: FuzzReport): string {
  const slow =
    r.slowest.index >= 0
      ? `slowest ${r.slowest.ms.toFixed(2)} ms (case ${r.slowest.index}; longest single check ${r.slowestObservedMs.toFixed(1)} ms)`
      : 'slowest: n/a (all cases in warm-up)';
  return `${r.name.padEnd(16)} ${String(r.cases).padStart(8)} cases  ${String(r.findings.length).padStart(3)} findings  ${String(r.rejected).padStart(8)} rejected  ${slow}  ${(r.elapsedMs / 1000).toFixed(1)} s`;
}

/** The findings of a report, for a failure message: how to replay each. */
export function findingsText(r: FuzzReport): string {
  return r.findings.map(f => `${r.name} seed ${r.seed} case ${f.index}: ${f.error}\n  input: ${f.input.slice(0, 400)}`).join('\n');
}
