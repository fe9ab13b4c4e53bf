#!/usr/bin/env node
// Runs every benchmark (out/bench/*.bench.js) one after another; each writes its section of BENCHMARKS.md.
// Usage: npm run bench [-- name-filter]
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const dir = path.join(root, 'out', 'bench');
const filter = process.argv[2];
const files = fs.existsSync(dir)
  ? fs
      .readdirSync(dir)
      .filter(f => f.endsWith('.bench.js') && (!filter || f.includes(filter)))
      .sort()
  : [];
let failed = 0;
for (const f of files) {
  console.log(`\n=== bench ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(dir, f)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    failed++;
    console.error(`bench ${f} failed (exit ${r.status})`);
  }
}
console.log(`\n${files.length - failed} benchmarks ran, ${failed} failed; see BENCHMARKS.md`);
process.exit(failed ? 1 : 0);
