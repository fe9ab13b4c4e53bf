/**
 * Import rules for src/ (run by `npm run lint`): no cycles, type-only imports included, and the layer
 * boundaries of DEVELOPERS.md. See https://github.com/sverweij/dependency-cruiser for the rule format.
 */
/** Node modules that open sockets or processes: webview code must never reach them, even through core. */
const SOCKET_MODULES = '^(node:)?(net|dgram|tls|dns|http|https|http2|child_process|worker_threads|cluster)$';

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
      name: 'webview-no-vscode',
      severity: 'error',
      comment: 'Webview code runs in the panel, not the extension host: no vscode, no host-side glue.',
      from: { path: '^src/webview/' },
      to: { path: ['^vscode$', '^node_modules/@types/vscode/', '^src/(ui|cli)/', '^src/(extension|cli)\\.ts$'] },
    },
    {
      name: 'webview-no-sockets',
      severity: 'error',
      comment: 'Webview code never reaches core modules that touch sockets or processes.',
      from: { path: '^src/webview/' },
      to: { path: SOCKET_MODULES, reachable: true },
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
