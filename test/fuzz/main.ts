// The full fuzz run: `npm run fuzz` (200,000 cases per target, findings fail the run, BENCHMARKS.md "Fuzzing").
// node out/test/fuzz/main.js [--cases N] [--seed S] [--target SUBSTRING] [--write] [--replay NAME:CASE]
import * as os from 'os';
import { parseArgs } from 'util';
import { writeSection } from '../../bench/lib/report';
import { rng } from '../helpers/rng';
import type { FuzzReport } from './runner';
import { caseSeed, findingsText, fuzzTarget, loadTargets, summaryLine } from './runner';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '200000' },
    seed: { type: 'string', default: '1' },
    target: { type: 'string' },
    write: { type: 'boolean', default: false },
    replay: { type: 'string' },
  },
});

const SLOW_TARGET_MS = 50;

function markdown(reports: FuzzReport[], cases: number, seed: number): string {
  const rows = reports.map(
    r =>
      `| ${r.name} | ${r.cases.toLocaleString('en-US')} | ${r.findings.length} | ${r.rejected.toLocaleString('en-US')} | ${r.slowest.ms.toFixed(2)} (case ${r.slowest.index}) | ${r.slowest.ms < SLOW_TARGET_MS ? 'yes' : '**no**'} | ${r.slowestObservedMs.toFixed(1)} | ${(r.elapsedMs / 1000).toFixed(1)} |`,
  );
  return [
    '## Fuzzing',
    '',
    `Command: \`npm run fuzz\` (builds, then \`node out/test/fuzz/main.js --write\`: ${cases.toLocaleString('en-US')} seeded cases per target, seed ${seed}; ` +
      'a case is replayed with `--replay NAME:CASE`). Targets are the files in `test/fuzz/targets/`; a finding is any exception other than ' +
      'a `NetProbeError` (and, for `dns-message`, a presentation string carrying a raw control character). "Rejected" counts inputs the code ' +
      'refused with its own typed error. Slowest case: after a 1,000-case warm-up the five slowest checks are timed again five times each; ' +
      `the highest median is the figure (target < ${SLOW_TARGET_MS} ms); "longest single check" is the raw maximum, GC pauses and a busy machine included; ` +
      `it is a benchmark figure, never asserted in \`npm test\` (which runs a few seconds of each target). Machine: ${os.cpus().length} vCPU, ` +
      `shared with other engineers' builds and tests at the time (1-min load average ${os.loadavg()[0]?.toFixed(1) ?? '?'} when the run ended), ` +
      'so the longest single checks include scheduling noise.',
    '',
    '| Target | Cases | Findings | Rejected | Slowest case, re-timed (ms) | < 50 ms | Longest single check (ms) | Total (s) |',
    '|---|---:|---:|---:|---:|:---:|---:|---:|',
    ...rows,
  ].join('\n');
}

async function replay(spec: string, seed: number): Promise<void> {
  const [name, index] = spec.split(':');
  const target = loadTargets().find(t => t.name === name);
  if (!target || index === undefined)
    throw new Error(
      `--replay NAME:CASE with NAME one of ${loadTargets()
        .map(t => t.name)
        .join(', ')}`,
    );
  const input = target.generate(rng(caseSeed(seed, target.name, Number(index))));
  console.log(`input: ${target.describe(input)}`);
  await target.check(input);
  console.log('no exception');
}

async function main(): Promise<number> {
  const cases = Number(values.cases);
  const seed = Number(values.seed);
  if (values.replay) {
    await replay(values.replay, seed);
    return 0;
  }
  const targets = loadTargets().filter(t => !values.target || t.name.includes(values.target));
  const reports: FuzzReport[] = [];
  for (const t of targets) {
    const r = await fuzzTarget(t, { cases, seed });
    console.log(summaryLine(r));
    if (r.findings.length) console.log(findingsText(r));
    reports.push(r);
  }
  if (values.write) writeSection('fuzzing', markdown(reports, cases, seed));
  return reports.some(r => r.findings.length) ? 1 : 0;
}

main().then(
  code => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
