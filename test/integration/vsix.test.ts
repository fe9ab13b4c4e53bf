import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { runTests } from '@vscode/test-electron';
import { unwantedInPackage } from '../unit/vsix';

const root = path.join(__dirname, '..', '..', '..');
const run = promisify(execFile);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the host helpers are plain CommonJS scripts
const host = require(path.join(root, 'scripts', 'vscode-host', 'host.js')) as { installExtension(vsix: string, extensionsDir: string): string };

interface TestRecord {
  title: string;
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
}

/** Every file under `dir`, relative, with forward slashes. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** What `npm run package` leaves out of a copy of the repository (it is rebuilt from source there). */
const NOT_COPIED = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);

test('the packaged .vsix installs into the real VS Code and passes the smoke suite', { timeout: 300_000 }, async t => {
  const grep = process.env.NETPROBE_TEST_GREP;
  if (grep && !new RegExp(grep).test('Packaged extension (.vsix)')) {
    t.skip(`NETPROBE_TEST_GREP=${grep} selects none of the smoke tests`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-vsix-'));
  try {
    // `npm run package` in a copy, so its production build does not replace dist/ under the other tests.
    const copy = path.join(dir, 'repo');
    fs.cpSync(root, copy, { recursive: true, filter: src => !(path.dirname(src) === root && NOT_COPIED.has(path.basename(src))) && !src.endsWith('.vsix') });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
    await run('npm', ['run', 'package'], { cwd: copy, maxBuffer: 16 << 20 });
    const vsix = path.join(copy, 'netprobe.vsix');
    const listed = (await run('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: copy, maxBuffer: 16 << 20 })).stdout
      .split('\n')
      .map(l => l.trim())
      .filter(Boolean);
    t.diagnostic(`netprobe.vsix: ${(fs.statSync(vsix).size / 1024 / 1024).toFixed(2)} MB, ${listed.length} files`);
    await t.test('vsce ls: no tests, sources or source maps in the package', () => {
      assert.ok(listed.includes('dist/extension.js'), `vsce ls lists the bundles: ${listed.slice(0, 5).join(', ')}`);
      assert.deepStrictEqual(unwantedInPackage(listed), []);
    });

    const extensionsDir = path.join(dir, 'extensions');
    host.installExtension(vsix, extensionsDir);
    const installed = fs.readdirSync(extensionsDir).filter(f => f.startsWith('netprobe-dev.netprobe-'));
    assert.equal(installed.length, 1, `installed: ${installed.join(', ')}`);
    await t.test('the installed package holds every bundle and data file the build wrote to dist/, and only what vsce ls lists', () => {
      const unpacked = filesUnder(path.join(extensionsDir, installed[0] ?? ''));
      const built = filesUnder(path.join(copy, 'dist'))
        .filter(f => !f.endsWith('.map'))
        .map(f => `dist/${f}`);
      assert.ok(built.some(f => /^dist\/feature-.+\.js$/.test(f)) && built.some(f => /^dist\/cli-.+\.js$/.test(f)), built.join(', '));
      assert.deepStrictEqual(
        built.filter(f => !unpacked.includes(f)),
        [],
        'built but not in the package',
      );
      assert.deepStrictEqual(unwantedInPackage(unpacked), []);
      // vsce stores LICENSE as LICENSE.txt and README/CHANGELOG in lower case.
      const name = (f: string): string => f.toLowerCase().replace(/^license\.txt$/, 'license');
      const names = new Set(listed.map(name));
      assert.deepStrictEqual(
        unpacked.filter(f => !names.has(name(f)) && f !== '.vsixmanifest'),
        [],
        'installed but not listed by vsce ls',
      );
    });

    // The extension under development is an empty runner; NetProbe itself comes from the installed package.
    const runner = path.join(dir, 'runner');
    fs.mkdirSync(runner);
    fs.writeFileSync(
      path.join(runner, 'package.json'),
      JSON.stringify({ name: 'netprobe-smoke-runner', publisher: 'netprobe-dev', version: '0.0.0', engines: { vscode: '^1.100.0' } }),
    );
    const workspace = path.join(dir, 'workspace');
    fs.mkdirSync(workspace);
    const resultsFile = path.join(dir, 'results.json');
    let failure: unknown;
    try {
      await runTests({
        vscodeExecutablePath: path.join(root, 'scripts', 'vscode-host', 'code-shim.js'),
        extensionDevelopmentPath: runner,
        extensionTestsPath: path.join(root, 'out', 'test', 'smoke', 'index.js'),
        launchArgs: [workspace, `--extensions-dir=${extensionsDir}`],
        extensionTestsEnv: { NETPROBE_TEST_RESULTS: resultsFile },
      });
    } catch (e) {
      failure = e;
    }
    assert.ok(fs.existsSync(resultsFile), `the extension host did not report results (${String(failure)})`);
    const { records } = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { records: TestRecord[] };
    assert.ok(records.length > 0, 'no smoke test ran');
    for (const r of records) {
      await t.test(r.fullTitle, () => {
        assert.notEqual(r.state, 'pending', 'skipped inside VS Code');
        if (r.state === 'failed') assert.fail(r.error ?? 'failed');
      });
    }
    assert.equal(failure, undefined, `VS Code smoke run failed: ${String(failure)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
