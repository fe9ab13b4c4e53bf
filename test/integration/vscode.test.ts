import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

const root = path.join(__dirname, '..', '..', '..');

interface TestRecord { title: string; fullTitle: string; state: 'passed' | 'failed' | 'pending'; durationMs: number; error?: string }

test('real VS Code extension host', { timeout: 300_000 }, async t => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-it-'));
  const resultsFile = path.join(dir, 'results.json');
  const workspace = path.join(dir, 'workspace');
  fs.cpSync(path.join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  let failure: unknown;
  try {
    await runTests({
      vscodeExecutablePath: path.join(root, 'scripts', 'vscode-host', 'code-shim.js'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'suite', 'index.js'),
      launchArgs: [workspace],
      extensionTestsEnv: { NETPROBE_TEST_RESULTS: resultsFile, ...(process.env.NETPROBE_TEST_GREP ? { NETPROBE_TEST_GREP: process.env.NETPROBE_TEST_GREP } : {}) },
    });
  } catch (e) {
    failure = e;
  }
  assert.ok(fs.existsSync(resultsFile), `the extension host did not report results (${String(failure)})`);
  const { records } = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { records: TestRecord[] };
  assert.ok(records.length > 0, 'no integration test ran');
  for (const r of records) {
    await t.test(r.fullTitle, () => {
      assert.notEqual(r.state, 'pending', 'skipped inside VS Code');
      if (r.state === 'failed') assert.fail(r.error ?? 'failed');
    });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(failure, undefined, `VS Code test run failed: ${String(failure)}`);
});
