import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { unwantedInPackage } from '../vsix';

test('unwantedInPackage names tests, sources, source maps and repository-only folders, and keeps what runs', () => {
  const ships = [
    'package.json',
    'README.md',
    'dist/extension.js',
    'dist/feature-websocket.js',
    'dist/oui-data.json',
    'media/webview/dns.js',
    'media/codicons/codicon.ttf',
    'docs/images/dns-panel.png',
    'syntaxes/rawhttp.tmLanguage.json',
  ];
  const never = [
    'src/extension.ts',
    'dist/extension.js.map',
    'media/webview/dns.js.map',
    'test/smoke/index.ts',
    'out/test/unit/a.test.js',
    'bench/run.js',
    'scripts/start.js',
    'node_modules/socks/package.json',
    'dist/types.d.ts',
    'dist/x.test.js',
  ];
  assert.deepStrictEqual(unwantedInPackage([...ships, ...never]), never);
});
