import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findingsText, fuzzTarget, loadTargets, summaryLine } from '../../fuzz/runner';

// The short fuzz run of `npm test`: every target in test/fuzz/targets for half a second, at least 300 cases (the full run,
// 200,000 cases each, is `npm run fuzz`). Any exception other than a NetProbeError fails. FUZZ_SEED varies it.
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const targets = loadTargets();

test('fuzz targets are discovered', () => {
  assert.ok(targets.length >= 6, targets.map(t => t.name).join(', '));
  assert.equal(new Set(targets.map(t => t.name)).size, targets.length, 'target names are unique');
});

for (const target of targets) {
  test(`fuzz ${target.name}: seeded cases throw only NetProbeError`, async t => {
    const report = await fuzzTarget(target, { cases: 20_000, seed: SEED, budgetMs: 500, minCases: 300, warmup: 0 });
    t.diagnostic(summaryLine(report));
    assert.equal(report.findings.length, 0, findingsText(report));
  });
}
