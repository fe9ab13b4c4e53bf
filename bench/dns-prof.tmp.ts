import { nowMs, runQueries } from '../src/core';
import type { BatchQuestion } from '../src/core';
import { startKnot } from '../test/helpers/knot';

async function main(): Promise<void> {
  const knot = await startKnot({ workers: 2 });
  try {
    const mix: BatchQuestion[] = [{ name: 'example.test', type: 'A' }, { name: 'example.test', type: 'MX' }, { name: 'www.example.test', type: 'A' }];
    const qs: BatchQuestion[] = Array.from({ length: 200000 }, (_, i) => mix[i % 3] ?? mix[0]!);
    for (let i = 0; i < 3; i++) {
      const t = nowMs();
      await runQueries(qs, { server: knot.server4, concurrency: Number(process.env.C ?? 100) });
      console.log(Math.round(200000 / ((nowMs() - t) / 1000)));
    }
  } finally { await knot.close(); }
}
void main();
