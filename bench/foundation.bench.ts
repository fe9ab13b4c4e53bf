import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fmt, median, writeSection } from './lib/report';

const root = path.join(__dirname, '..', '..');

function kb(file: string): string {
  return fs.existsSync(file) ? `${(fs.statSync(file).size / 1024).toFixed(1)} KiB` : 'missing';
}

/** Wall time of a short process, median of `n` runs. */
function processMs(cmd: string, args: string[], n: number, env: NodeJS.ProcessEnv = process.env): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { stdio: 'ignore', env });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  }
  return median(times);
}

function activation(): { activateMs: number; firstCommandMs: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-bench-'));
  const out = path.join(dir, 'activation.json');
  const r = spawnSync(process.execPath, [
    path.join(root, 'scripts', 'vscode-host', 'run-extension-tests.js'),
    root, path.join(root, 'out', 'bench', 'vscode', 'activation-index.js'), path.join(dir, 'ws'),
  ], { env: { ...process.env, NETPROBE_BENCH_OUT: out }, stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error('activation run failed');
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { activateMs: number; firstCommandMs: number };
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

const runs = [activation(), activation(), activation()];
const activateMs = median(runs.map(r => r.activateMs));
const firstCommandMs = median(runs.map(r => r.firstCommandMs));
const cli = path.join(root, 'dist', 'cli.js');
const n = 15;
const netprobeResolve = processMs(process.execPath, [cli, 'resolve', 'localhost'], n);
const getent = processMs('getent', ['ahosts', 'localhost'], n);
const bareNode = processMs(process.execPath, ['-e', '0'], n);
// Node ≥ 22.1 keeps V8's compiled code between runs (the launcher turns the compile cache on); the VS Code
// host's Node 24 (scripts/setup-vscode-host.sh) shows the effect. The first run fills the cache.
const node24 = path.join(root, '.vscode-test', 'node24', 'node_modules', '.bin', 'node');
const cached = fs.existsSync(node24) ? (() => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-compile-cache-'));
  const env = { ...process.env, NODE_COMPILE_CACHE: cacheDir };
  spawnSync(node24, [cli, 'resolve', 'localhost'], { stdio: 'ignore', env });
  const version = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const times = { version, bare: processMs(node24, ['-e', '0'], n), netprobe: processMs(node24, [cli, 'resolve', 'localhost'], n, env), uncached: processMs(node24, [cli, 'resolve', 'localhost'], n, { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' }) };
  fs.rmSync(cacheDir, { recursive: true, force: true });
  return times;
})() : undefined;

writeSection('foundation', `## Foundation: activation and bundle size

Command: \`npm run bench -- foundation\` (production bundles; activation measured inside a real VS Code extension host, median of 3 starts).

| Measure | Value |
| --- | --- |
| \`dist/extension.js\` | ${kb(path.join(root, 'dist', 'extension.js'))} |
| \`dist/cli.js\` (the \`netprobe\` launcher) | ${kb(cli)} |
| \`dist/cli-main.js\` (the CLI bundle) | ${kb(path.join(root, 'dist', 'cli-main.js'))} |
| \`dist/scan-worker.js\` | ${kb(path.join(root, 'dist', 'scan-worker.js'))} |
| Activation (\`ext.activate()\`), median | ${fmt(activateMs)} ms |
| First command after activation (\`netprobe.resolve 127.0.0.1\`, incl. results panel) | ${fmt(firstCommandMs)} ms |
| \`netprobe resolve localhost\` process, median of ${n} | ${fmt(netprobeResolve)} ms |
| \`getent ahosts localhost\` process, median of ${n} | ${fmt(getent)} ms |
| \`node -e 0\` process (Node start-up alone), median of ${n} | ${fmt(bareNode)} ms |
| Ratio netprobe / getent (process start dominates: Node vs C) | ${fmt(netprobeResolve / getent)} |
| NetProbe's own share of a CLI run (netprobe − bare node) | ${fmt(netprobeResolve - bareNode)} ms |
${cached ? `| Node ${cached.version}: \`node -e 0\` / \`netprobe resolve localhost\` without / with the compile cache, medians of ${n} | ${fmt(cached.bare)} / ${fmt(cached.uncached)} / ${fmt(cached.netprobe)} ms |
| Node ${cached.version}: NetProbe's own share without / with the compile cache | ${fmt(cached.uncached - cached.bare)} / ${fmt(cached.netprobe - cached.bare)} ms |
` : ''}`);
console.log({ activateMs, firstCommandMs, netprobeResolve, getent, bareNode });
