import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Webview code (src/webview/**) runs in the panel's page. It gets the panel's protocol from
// src/ui/webviews/**/protocol.ts (shared with the host) and draws with src/webview/common; the rest of src is types only.
const NODE_MESSAGE = 'Node modules do not exist in a webview (and sockets belong to the extension host).';
const NODE_MODULES = { regex: '^node:', message: NODE_MESSAGE };
const WEBVIEW_BOUNDARY = [
  { name: 'vscode', message: 'Webview code talks to the extension only through its protocol.ts messages: no vscode import.' },
  ...builtinModules.map(name => ({ name, message: NODE_MESSAGE })),
];
const DOM_HTML_SINKS = [
  ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'createContextualFragment', 'srcdoc'].map(property => ({
    property,
    message: 'Everything from the network is text: build nodes with el()/textContent, never HTML.',
  })),
  ...['write', 'writeln'].map(property => ({
    object: 'document',
    property,
    message: 'Everything from the network is text: build nodes with el()/textContent, never HTML.',
  })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'media/**', 'scripts/**', 'esbuild.js', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true, namespaceFrom: true } }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must stay pure Node: no vscode import.' }] }],
    },
  },
  {
    files: ['test/unit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/helpers/*', '!**/helpers/rng'],
              message: 'test/unit is for pure unit tests (seconds, no peers): tests that start servers or processes go in test/peers.',
            },
          ],
          paths: ['dgram', 'tls', 'http', 'https', 'child_process', 'worker_threads'].map(name => ({
            name,
            message: 'test/unit is for pure unit tests: tests that open sockets or start processes go in test/peers.',
          })),
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/webview/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/webview/**'], message: 'src/webview is browser code bundled for the panels; the extension and the CLI never import it.' }] },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: WEBVIEW_BOUNDARY,
          patterns: [
            NODE_MODULES,
            {
              regex: '/core/(?!text/units$)|/cli/|/ui/(?!webviews/([^/]+/)?protocol$)',
              allowTypeImports: true,
              message:
                'Webview code imports only types from src/core and src/ui (core modules touch sockets and Node); values come from src/webview, a panel protocol.ts or core/text/units (pure, imports nothing).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['Buffer', 'process', 'require', 'global', 'module', 'exports', '__dirname', '__filename', 'setImmediate'].map(name => ({
          name,
          message: 'Node globals do not exist in a webview.',
        })),
      ],
      'no-restricted-properties': ['error', ...DOM_HTML_SINKS],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // Each panel's protocol is imported by both the host and the webview bundle: pure types and guards.
    files: ['src/ui/webviews/protocol.ts', 'src/ui/webviews/*/protocol.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: WEBVIEW_BOUNDARY,
          patterns: [
            NODE_MODULES,
            { group: ['**/webview/**'], message: 'src/webview imports the protocol, not the other way round.' },
            {
              group: ['../**', '!../protocol'],
              allowTypeImports: true,
              message: 'protocol.ts is bundled into the webview: only types from outside src/ui/webviews.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
    },
  },
);
