#!/usr/bin/env node
// Stands in for a VS Code executable for @vscode/test-electron's runTests({ vscodeExecutablePath }):
// maps --extensionDevelopmentPath / --extensionTestsPath / --extensions-dir / [folder] onto run-extension-tests.js.
const path = require('path');
const { spawnSync } = require('child_process');

let dev, tests, folder, extensionsDir;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const eq = a.indexOf('=');
  const [k, v] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
  const val = () => v ?? argv[++i];
  if (k === '--extensionDevelopmentPath') dev = val();
  else if (k === '--extensionTestsPath') tests = val();
  else if (k === '--extensions-dir') extensionsDir = val();
  else if (['--user-data-dir', '--locale', '--logsPath'].includes(k)) {
    if (v === undefined) i++;
  } else if (a.startsWith('--')) {
    /* other VS Code flags do not apply to the server */
  } else folder = a;
}
if (!dev || !tests) {
  console.error('code-shim: need --extensionDevelopmentPath and --extensionTestsPath');
  process.exit(1);
}
let testsFile = tests;
try {
  testsFile = require.resolve(path.resolve(tests));
} catch {
  /* keep as given */
}
const env = { ...process.env, ...(extensionsDir ? { NETPROBE_HOST_EXTENSIONS_DIR: path.resolve(extensionsDir) } : {}) };
const r = spawnSync(
  process.execPath,
  [path.join(__dirname, 'run-extension-tests.js'), dev, testsFile, folder || path.join(dev, 'test', 'fixtures', 'workspace')],
  { stdio: 'inherit', env },
);
process.exit(r.status ?? 1);
