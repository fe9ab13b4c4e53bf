#!/usr/bin/env node
// Runs the test suites with node's test runner over the transpiled tests in out/ (npm run build first).
// Usage: node scripts/run-tests.js [--unit | --integration] [name-filter]
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const only = args.find(a => a === '--unit' || a === '--integration');
const filter = args.find(a => !a.startsWith('--'));

function testFiles(dir) {
  const abs = path.join(root, 'out', 'test', dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true })
    .map(f => path.join(abs, String(f)))
    .filter(f => f.endsWith('.test.js') && !f.includes(`${path.sep}suite${path.sep}`))
    .filter(f => !filter || f.includes(filter))
    .sort();
}

const files = [
  ...(only !== '--integration' ? testFiles('unit') : []),
  ...(only !== '--unit' ? testFiles('integration') : []),
];
if (files.length === 0) {
  console.error('run-tests: no test files found (did `npm run build` run?)');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
