#!/usr/bin/env node
// Before `npm test`: the Debian peers and the real VS Code host the tests use. Installs what is missing when
// it can (root for apt); otherwise prints the one command to run first and exits 1, having installed nothing.
const { spawnSync } = require('child_process');
const path = require('path');
const { setupVscodeHost } = require('./setup-vscode-host');

if (spawnSync('bash', [path.join(__dirname, 'install-system-deps.sh')], { stdio: 'inherit' }).status !== 0) process.exit(1);
try {
  if (!setupVscodeHost()) process.exit(1);
} catch (e) {
  console.error(`setup-vscode-host: ${e.message}`);
  process.exit(1);
}
