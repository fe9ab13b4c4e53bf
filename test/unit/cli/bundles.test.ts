import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { packaged } from '../vsix';

const root = path.join(__dirname, '..', '..', '..', '..');

/** The parts a file loads lazily: `import('./commands/x')`, `import('./x')`. */
function lazyParts(file: string): string[] {
  return [...fs.readFileSync(path.join(root, file), 'utf8').matchAll(/import\('\.\/(?:commands\/)?([a-z-]+)'\)/g)].map(m => m[1] ?? '');
}

test('every lazily loaded feature and CLI command has its own bundle in dist/, and the .vsix ships it', () => {
  const features = [...lazyParts('src/ui/features.ts'), ...lazyParts('src/ui/hover/lazy-hover.ts')];
  const commands = lazyParts('src/cli/registry.ts');
  assert.ok(features.length >= 10 && commands.length >= 20);
  for (const file of [
    'dist/extension.js',
    'dist/cli.js',
    'dist/cli-main.js',
    ...features.map(f => `dist/feature-${f}.js`),
    ...commands.map(c => `dist/cli-${c}.js`),
  ]) {
    assert.ok(fs.existsSync(path.join(root, file)), `${file} is built`);
    assert.ok(packaged(file), `${file} is in the .vsix`);
  }
  for (const file of ['dist/feature-shared.js', 'dist/feature-shared-hover.js']) {
    assert.ok(fs.existsSync(path.join(root, file)), `${file} (code features share) is built`);
    assert.ok(packaged(file), `${file} is in the .vsix`);
  }
  const stale = fs
    .readdirSync(path.join(root, 'dist'))
    .filter(f => /^feature-.*\.js$/.test(f) && !/^feature-shared(-[a-z]+)?\.js$/.test(f) && !features.includes(f.slice('feature-'.length, -3)));
  assert.deepEqual(stale, [], 'no bundle of a feature that no longer exists');
});

test('a feature bundle takes shared code from extension.js instead of carrying a copy', () => {
  const dns = fs.readFileSync(path.join(root, 'dist', 'feature-dns.js'), 'utf8');
  assert.match(dns, /require\("\.\/extension\.js"\)\.__netprobeModules\["src\/core\/errors\.ts"\]/);
  assert.doesNotMatch(dns, /class \w+ extends Error\s*\{\s*constructor\(code, message/, 'NetProbeError is not bundled again');
});

test('code that two features use and activation does not is in feature-shared.js only, loaded by the features that need it', () => {
  const read = (f: string): string => fs.readFileSync(path.join(root, 'dist', f), 'utf8');
  const shared = read('feature-shared.js');
  const key = /__netprobeModules\["(src\/core\/tls\/connect\.ts)"\]/;
  assert.match(shared, /"src\/core\/tls\/connect\.ts":/, 'the TLS client (used by doctor, HTTP, DNS over TLS) is in the shared bundle');
  for (const f of ['feature-http.js', 'feature-doctor.js']) assert.match(read(f), /require\("\.\/feature-shared\.js"\)/, `${f} loads the shared bundle`);
  assert.match(read('feature-http.js'), key, 'feature-http.js takes the TLS client from the shared bundle');
  assert.doesNotMatch(read('extension.js'), /feature-shared\.js/, 'activation does not load the shared bundle');
  assert.doesNotMatch(read('extension.js'), /rejectUnauthorized/, 'nor TLS code');
  const hover = read('feature-address-hover.js');
  assert.match(hover, /require\("\.\/feature-shared-hover\.js"\)/, 'the hover takes the address code it shares from its own shared bundle');
  assert.doesNotMatch(hover, /require\("\.\/feature-shared\.js"\)/, 'and loads nothing else');
});
