#!/usr/bin/env node
// `npm start`: opens NetProbe in a real VS Code. With a desktop `code` on PATH it launches it with
// --extensionDevelopmentPath; otherwise it starts the project's VS Code server (code-server, installed into
// .vscode-test/ the first time) on 127.0.0.1 with a fresh profile, prints the one URL to open and runs until
// Ctrl+C (or SIGTERM/SIGHUP), then stops the server and removes the profile. The NetProbe walkthrough opens
// when the window loads (the extension opens it once per profile).
// Env: NETPROBE_PORT (default: a free port), NETPROBE_FOLDER (workspace to open), NETPROBE_USE_SERVER=1 (the
// server even when desktop `code` exists).
const { spawn, spawnSync } = require('child_process');
const path = require('path');
const fs = require('fs');

const ROOT = path.join(__dirname, '..');
const folder = path.resolve(process.env.NETPROBE_FOLDER || path.join(ROOT, 'test', 'fixtures', 'workspace'));

const hasCode = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
if (hasCode && !process.env.NETPROBE_USE_SERVER) {
  console.log(`Launching desktop VS Code (${hasCode}) with NetProbe from ${ROOT}`);
  const child = spawn('code', [`--extensionDevelopmentPath=${ROOT}`, folder], { stdio: 'inherit' });
  child.on('exit', code => process.exit(code ?? 0));
} else {
  (async () => {
    const { startServer, workbenchUrl } = require('./vscode-host/host');
    fs.mkdirSync(folder, { recursive: true });
    const port = Number(process.env.NETPROBE_PORT) || undefined;
    const server = await startServer({ port });
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await server.stop();
      process.exit(0);
    };
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop());
    const url = workbenchUrl(server, { folder, extensionDevelopmentPath: ROOT });
    console.log(`\nNetProbe is running in VS Code. Open this URL in a browser on this machine:\n\n  ${url}\n`);
    console.log('Press Ctrl+C to stop. (Rebuild with `npm run build` in another terminal, then reload the page.)');
  })().catch(e => {
    if (!e.reported) console.error(`npm start: ${e.message}`);
    process.exit(1);
  });
}
