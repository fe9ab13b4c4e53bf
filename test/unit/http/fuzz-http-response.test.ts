import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { NetProbeError } from '../../../src/core/errors';
import { rng } from '../../helpers/rng';
import { target } from '../../fuzz/targets/http-response';

/** A short seeded run of the http-response fuzz target (the full run is `npm run fuzz`). */
test('fuzz http-response: 3,000 seeded cases, no exception other than NetProbeError', async () => {
  const cases = Number(process.env.NETPROBE_FUZZ_CASES ?? 3000);
  const findings: string[] = [];
  let rejected = 0;
  for (let i = 0; i < cases; i++) {
    const input = target.generate(rng(0x5eed + i));
    try {
      await target.check(input);
    } catch (e) {
      if (e instanceof NetProbeError) {
        rejected++;
        continue;
      }
      if (findings.length < 5) findings.push(`case ${i}: ${e instanceof Error ? e.message : String(e)}\n  input ${target.describe(input)}`);
      else findings.push('');
    }
  }
  assert.deepEqual(findings.filter(Boolean), [], `${findings.length} findings`);
  assert.ok(rejected > cases / 20 && rejected < cases, `${rejected} of ${cases} rejected: the generator reaches both outcomes`);
});
