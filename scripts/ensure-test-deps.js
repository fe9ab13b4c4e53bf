#!/usr/bin/env node
// Before `npm test`: makes sure the Debian peers and the real VS Code host the tests use are installed.
// Installs what is missing when it can (root for apt); otherwise says what to install and fails.
const { spawnSync } = require('child_process');
const path = require('path');

const run = (cmd, argv) => spawnSync(cmd, argv, { stdio: 'inherit', cwd: path.join(__dirname, '..') }).status === 0;
if (!run('bash', [path.join(__dirname, 'install-system-deps.sh')])) process.exit(1);
if (!run('bash', [path.join(__dirname, 'setup-vscode-host.sh')])) process.exit(1);
