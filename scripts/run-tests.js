#!/usr/bin/env node
// Runs the test suites with node's test runner over the transpiled tests in out/ (npm run build first).
// Usage: node scripts/run-tests.js [--unit | --peers | --node | --integration] [name-filter]
//   --unit         test/unit: pure unit tests (no sockets, no processes; seconds)
//   --peers        test/peers: tests against real peers on loopback or in namespaces (knot, nginx, SOCKS, netns, the CLI)
//   --node         both of the above (everything outside VS Code)
//   --integration  test/integration: the real VS Code extension host
//   (none)         everything
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const only = args.find(a => a.startsWith('--'));
const filter = args.find(a => !a.startsWith('--'));
const SUITES = { '--unit': ['unit'], '--peers': ['peers'], '--node': ['unit', 'peers'], '--integration': ['integration'] };
if (only !== undefined && !SUITES[only]) {
  console.error(`run-tests: unknown option ${only} (use ${Object.keys(SUITES).join(', ')})`);
  process.exit(2);
}

function testFiles(dir) {
  const abs = path.join(root, 'out', 'test', dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true })
    .map(f => path.join(abs, String(f)))
    .filter(f => f.endsWith('.test.js') && !f.includes(`${path.sep}suite${path.sep}`))
    .filter(f => !filter || f.includes(filter))
    .sort();
}

const files = (only ? SUITES[only] : ['unit', 'peers', 'integration']).flatMap(testFiles);
if (files.length === 0) {
  console.error('run-tests: no test files found (did `npm run build` run?)');
  process.exit(1);
}
// The peers are system daemons (knotd, nginx, danted, dnsdist, unbound…), which Debian puts in /usr/sbin: not on a
// non-root user's PATH.
const dirs = (process.env.PATH ?? '').split(path.delimiter);
const PATH = [...dirs, ...['/usr/local/sbin', '/usr/sbin', '/sbin'].filter(d => !dirs.includes(d))].join(path.delimiter);
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, PATH },
});
process.exit(r.status ?? 1);
