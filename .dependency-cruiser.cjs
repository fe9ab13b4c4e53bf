/**
 * Import rules for src/ (run by `npm run lint`): no cycles, type-only imports included, and the layer
 * boundaries of DEVELOPERS.md. See https://github.com/sverweij/dependency-cruiser for the rule format.
 */
/** Node modules that open sockets or processes: webview code must never reach them, even through core. */
const SOCKET_MODULES = '^(node:)?(net|dgram|tls|dns|http|https|http2|child_process|worker_threads|cluster)$';
/** The panel protocols host and webview share (`src/ui/webviews/protocol.ts`, `src/ui/webviews/<panel>/protocol.ts`). */
const PROTOCOL = '^src/ui/webviews/(protocol|[a-z0-9-]+/protocol)[.]ts$';
/** Pure core modules the webviews may bundle too (one formatting of durations, sizes and counts everywhere). */
const SHARED_PURE = '^src/core/text/units[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'The import graph of src/ has no cycles (type-only imports count).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core imports neither the editor glue, the CLI nor vscode.',
      from: { path: '^src/core/' },
      to: { path: ['^src/(ui|cli|webview)/', '^src/(extension|cli)\\.ts$', '^vscode$', '^node_modules/@types/vscode/'] },
    },
    {
      name: 'cli-not-ui',
      severity: 'error',
      comment: 'The CLI never imports the editor glue (or vscode).',
      from: { path: ['^src/cli/', '^src/cli\\.ts$', '^src/bin/'] },
      to: { path: ['^src/(ui|webview)/', '^src/extension\\.ts$', '^vscode$', '^node_modules/@types/vscode/'] },
    },
    {
      name: 'webview-boundary',
      severity: 'error',
      comment:
        'Webview code runs in the panel, not the extension host: no vscode, no host-side values (types, a panel protocol.ts and the pure shared modules are shared).',
      from: { path: '^src/webview/' },
      to: {
        path: ['^vscode$', '^node_modules/@types/vscode/', '^src/(ui|cli|core)/', '^src/(extension|cli)\\.ts$'],
        pathNot: [PROTOCOL, SHARED_PURE],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'shared-pure-imports-nothing',
      severity: 'error',
      comment: 'A module the webviews bundle from core imports nothing at all (no Node module, no other core file).',
      from: { path: SHARED_PURE },
      to: { path: '.+' },
    },
    {
      name: 'webview-no-sockets',
      severity: 'error',
      comment: 'Webview code (and the panel protocols it shares) never loads modules that touch sockets or processes.',
      from: { path: ['^src/webview/', PROTOCOL] },
      to: { path: SOCKET_MODULES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'webview-protocol-pure',
      severity: 'error',
      comment: 'A panel protocol.ts is bundled into its webview: at run time it needs nothing from src/ but other protocols.',
      from: { path: PROTOCOL },
      to: { path: '^src/', pathNot: PROTOCOL, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: ['^src/', '^node_modules/@types/vscode/', '^(node:)?[a-z_0-9]+$'],
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    moduleSystems: ['cjs', 'es6'],
  },
};
