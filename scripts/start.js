#!/usr/bin/env node
// `npm start`: opens NetProbe in a real VS Code. With a desktop `code` on PATH it launches it with
// --extensionDevelopmentPath; otherwise it starts the project's VS Code server (code-server) on 127.0.0.1,
// prints the URL (the extension is loaded from this folder) and runs until Ctrl+C.
// Env: NETPROBE_PORT (default 8080 or a free port), NETPROBE_FOLDER (workspace to open).
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
    const url = workbenchUrl(server, { folder, extensionDevelopmentPath: ROOT });
    console.log('\nNetProbe is running in VS Code (code-server) — open this URL in a browser on this machine:\n');
    console.log(`  ${url}\n`);
    console.log('The extension loads from this folder (rebuild with `npm run build`, then reload the window). Ctrl+C stops the server.');
    const stop = async () => { await server.stop(); process.exit(0); };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  })().catch(e => { console.error(e); process.exit(1); });
}
