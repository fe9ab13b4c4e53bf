import { test } from 'node:test';
import type { TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import { once } from 'events';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

const root = path.join(__dirname, '..', '..', '..');
const grep = process.env.NETPROBE_TEST_GREP;
/** The suite the second run (workspace trust on) runs; a grep naming it runs that run only. */
const RESTRICTED = /restricted mode/i;

interface TestRecord {
  title: string;
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

/** Starts the real VS Code on a copy of `workspace`, runs the mocha suites in it and reports each as a node test. */
async function runHost(t: TestContext, workspace: string, env: Record<string, string>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-it-'));
  const resultsFile = path.join(dir, 'results.json');
  let failure: unknown;
  try {
    await runTests({
      vscodeExecutablePath: path.join(root, 'scripts', 'vscode-host', 'code-shim.js'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'suite', 'index.js'),
      launchArgs: [workspace],
      extensionTestsEnv: { NETPROBE_TEST_RESULTS: resultsFile, ...(grep ? { NETPROBE_TEST_GREP: grep } : {}), ...env },
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
}

function fixtureCopy(): string {
  const workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-ws-')), 'workspace');
  fs.cpSync(path.join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  return workspace;
}

test(
  'real VS Code extension host',
  { timeout: 300_000, skip: grep !== undefined && RESTRICTED.test(grep) ? 'the grep names the Restricted Mode run only' : false },
  async t => {
    const workspace = fixtureCopy();
    try {
      await runHost(t, workspace, {});
    } finally {
      fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
    }
  },
);

test(
  'real VS Code with workspace trust on: an untrusted, hostile workspace',
  { timeout: 300_000, skip: grep !== undefined && !RESTRICTED.test(grep) ? 'the grep names tests of the main run only' : false },
  async t => {
    // A listener this test owns stands for the attacker's host: the workspace's settings and request file name it.
    const connections: string[] = [];
    const listener = net
      .createServer(s => {
        connections.push(`${s.remoteAddress ?? '?'}:${s.remotePort ?? '?'}`);
        s.destroy();
      })
      .listen(0, '127.0.0.1');
    await once(listener, 'listening');
    const port = (listener.address() as net.AddressInfo).port;
    const workspace = fixtureCopy();
    fs.mkdirSync(path.join(workspace, '.vscode'));
    fs.writeFileSync(
      path.join(workspace, '.vscode', 'settings.json'),
      JSON.stringify(
        {
          'netprobe.proxies': [{ name: 'corp', url: `socks5://alice@127.0.0.1:${port}` }],
          'netprobe.defaultProxy': 'corp',
          'netprobe.proxy.default': 'corp',
          'netprobe.targets': [`127.0.0.1:${port}`],
          'netprobe.targetCheckInterval': 5,
          'netprobe.targetsView.checkInterval': 5,
          'netprobe.dns.defaultNameserver': `127.0.0.1:${port}`,
          'netprobe.hover.reverseLookup': true,
          'netprobe.http.insecure': true,
        },
        null,
        2,
      ),
    );
    fs.writeFileSync(path.join(workspace, 'attack.rawhttp'), `# @target 127.0.0.1:${port}\nGET /steal HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    try {
      await runHost(t, workspace, { NETPROBE_WORKSPACE_TRUST: '1', NETPROBE_TEST_SUITE: 'restricted', NETPROBE_HOSTILE_PORT: String(port) });
    } finally {
      listener.close();
      fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
    }
    assert.deepEqual(connections, [], 'the host named by the untrusted workspace received no connection');
  },
);
