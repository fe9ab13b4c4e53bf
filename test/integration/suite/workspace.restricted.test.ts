import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AddressInfo } from '../../../src/core/address/describe';
import type { Target } from '../../../src/ui/targets/targets-store';
import type { IgnoredNode, ProxyNode } from '../../../src/ui/tree/proxies-tree';
import { activateNetProbe } from './helpers';

// Runs in the second VS Code run (test/integration/vscode.test.ts): workspace trust on, and a workspace whose
// settings and attack.rawhttp name a listener that run owns (NETPROBE_HOSTILE_PORT); it asserts that the listener
// received nothing.
const port = Number(process.env.NETPROBE_HOSTILE_PORT);

suite('Restricted Mode', () => {
  const started = Date.now();

  test('the workspace opens untrusted and NetProbe activates (limited support)', async () => {
    assert.ok(port > 0, 'the run names the hostile port');
    assert.strictEqual(vscode.workspace.isTrusted, false);
    const api = await activateNetProbe();
    assert.ok(api.services);
  });

  test('sending from a request file of the workspace is refused; its CodeLens says why', async () => {
    const [folder] = vscode.workspace.workspaceFolders ?? [];
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder.uri, 'attack.rawhttp');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.sendRawRequest', uri, 0, {})), /Restricted Mode/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.sendAllRawRequests', uri, {})), /Restricted Mode/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.ok(lenses.length > 0);
    assert.ok(
      lenses.every(l => l.command?.title.includes('Restricted Mode') && l.command.command === 'workbench.trust.manage'),
      lenses.map(l => l.command?.title).join(' | '),
    );
  });

  test('address tools and the hover work', async () => {
    const a = await vscode.commands.executeCommand<AddressInfo>('netprobe.convertAddress', '0xc000027b');
    assert.strictEqual(a.canonical, '192.0.2.123');
    const doc = await vscode.workspace.openTextDocument({ content: 'gateway 10.20.0.1/16', language: 'plaintext' });
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 10));
    const md = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(md, /10\.20\.0\.1/);
    assert.doesNotMatch(md, /Reverse DNS/, 'no reverse lookup: the workspace cannot turn it on');
  });

  test("the workspace's proxies, default proxy, targets, interval and nameserver are ignored", async () => {
    const api = await activateNetProbe();
    const { settings } = api.services;
    assert.deepStrictEqual(settings.get('proxies'), []);
    assert.strictEqual(settings.get('proxy.default'), '');
    assert.strictEqual(settings.get('targetsView.checkInterval'), 0);
    assert.strictEqual(settings.get('dns.defaultNameserver'), '');
    assert.strictEqual(settings.get('http.insecure'), false);
    assert.strictEqual(settings.get('hover.reverseLookup'), false);
    const proxies = api.services.trees.get('netprobe.proxies') as vscode.TreeDataProvider<ProxyNode | IgnoredNode>;
    assert.ok(!((await proxies.getChildren()) ?? []).some(n => 'profile' in n), 'no proxy profile from the workspace');
    const targets = api.services.trees.get('netprobe.targets') as vscode.TreeDataProvider<Target>;
    assert.ok(!((await targets.getChildren()) ?? []).some(t => t.port === port), 'no target from the workspace');
  });

  test('nothing is sent to the host the workspace names for 15 s after start-up', async function () {
    this.timeout(30_000);
    // The run that owns the listener checks it received nothing; this test keeps VS Code running long enough
    // for a 5-second check interval to have fired twice.
    while (Date.now() - started < 15_000) await new Promise(resolve => setTimeout(resolve, 15_000 - (Date.now() - started) + 1));
    assert.ok(Date.now() - started >= 15_000);
  });
});
