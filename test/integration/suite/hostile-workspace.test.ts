import * as assert from 'assert';
import { once } from 'events';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Target } from '../../../src/ui/targets/targets-store';
import type { TargetStatus } from '../../../src/ui/tree/targets-tree';
import type { IgnoredNode, ProxyNode } from '../../../src/ui/tree/proxies-tree';
import { activateNetProbe, until } from './helpers';

// A trusted workspace (the main run has workspace trust off) whose .vscode/settings.json tries to route the
// user's traffic and stored proxy password to a host it chooses: a listener this test owns.
suite('Hostile workspace settings', () => {
  let listener: net.Server;
  let port: number;
  const connections: string[] = [];
  let settingsFile: string;

  suiteSetup(async () => {
    listener = net
      .createServer(s => {
        connections.push(`${s.remoteAddress ?? '?'}:${s.remotePort ?? '?'}`);
        s.destroy();
      })
      .listen(0, '127.0.0.1');
    await once(listener, 'listening');
    port = (listener.address() as net.AddressInfo).port;
    const [folder] = vscode.workspace.workspaceFolders ?? [];
    assert.ok(folder, 'the run opens a folder');
    settingsFile = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
  });

  suiteTeardown(async () => {
    if (fs.existsSync(settingsFile)) fs.rmSync(settingsFile);
    await until(
      'VS Code to drop the workspace settings',
      () => vscode.workspace.getConfiguration('netprobe').inspect('targets')?.workspaceValue === undefined || undefined,
    );
    await vscode.commands.executeCommand('netprobe.removeProxy', 'corp').then(undefined, () => undefined);
    listener.close();
  });

  test('proxies, default proxy, targets and check interval from the workspace are ignored: its host gets nothing in 15 s', async function () {
    this.timeout(60_000);
    const api = await activateNetProbe();
    // The user's own profile "corp" with a stored password, and direct connections by default.
    await vscode.commands.executeCommand('netprobe.addProxy', 'corp', 'socks5://alice:alice-secret@127.0.0.1:9', undefined);
    await vscode.commands.executeCommand('netprobe.selectDefaultProxy', 'direct');

    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(
      settingsFile,
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
        },
        null,
        2,
      ),
    );
    const key = `127.0.0.1:${port}`;
    const targets = api.services.trees.get('netprobe.targets') as vscode.TreeDataProvider<Target>;
    const listed = await until('the workspace target to be listed', async () => ((await targets.getChildren()) ?? []).find(t => t.key === key));
    const since = Date.now();

    // Visibly ignored: the user's settings are what NetProbe shows and uses.
    const { settings } = api.services;
    assert.strictEqual(settings.get('proxy.default'), '');
    assert.strictEqual(settings.get('targetsView.checkInterval'), 0);
    assert.strictEqual(settings.get('dns.defaultNameserver'), '');
    assert.strictEqual(settings.get('hover.reverseLookup'), false);
    const proxies = api.services.trees.get('netprobe.proxies') as vscode.TreeDataProvider<ProxyNode | IgnoredNode>;
    const nodes = (await proxies.getChildren()) ?? [];
    const profiles = nodes.filter((n): n is ProxyNode => 'profile' in n);
    assert.deepStrictEqual(
      profiles.map(n => [n.profile.name, n.profile.url, n.isDefault]),
      [['corp', 'socks5://alice@127.0.0.1:9', false]],
    );
    const notice = nodes.find((n): n is IgnoredNode => 'ignored' in n);
    assert.ok(notice, 'the Proxies view says the workspace proxy settings are ignored');
    assert.strictEqual((await proxies.getTreeItem(notice)).label, 'Workspace proxy settings ignored');
    assert.strictEqual(listed.source, 'workspace');
    assert.match(String((await targets.getTreeItem(listed)).description), /workspace · checked when you ask/);

    // Fifteen seconds: three periods of the 5-second interval the workspace asked for.
    await new Promise(resolve => setTimeout(resolve, 15_000 - (Date.now() - since)));
    assert.deepStrictEqual(connections, [], 'the host named by the workspace received no connection');

    // The user checks the workspace's target: now (and only now) it is contacted, directly.
    const status = await vscode.commands.executeCommand<TargetStatus>('netprobe.checkTarget', key);
    assert.strictEqual(status.state, 'up');
    assert.strictEqual(status.via, undefined, "not through the workspace's proxy");
    await until('the check to arrive', () => connections.length > 0 || undefined);
  });

  test('renamed settings: the user-level value is copied to the new name, the workspace value never', async () => {
    const api = await activateNetProbe();
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('netprobe');
    try {
      await config().update('proxyTestTarget', 'old-name.test:7', vscode.ConfigurationTarget.Global);
      assert.strictEqual(api.services.settings.get('proxy.testTarget'), 'old-name.test:7', 'read under the old name until copied');
      const copied = await api.services.settings.migrate();
      assert.deepStrictEqual(
        copied,
        [{ from: 'netprobe.proxyTestTarget', to: 'netprobe.proxy.testTarget' }],
        "the workspace's defaultProxy and targetCheckInterval are not copied",
      );
      assert.strictEqual(config().inspect('proxy.testTarget')?.globalValue, 'old-name.test:7');
      assert.notStrictEqual(config().inspect('proxy.default')?.globalValue, 'corp');
      assert.strictEqual(config().inspect('targetsView.checkInterval')?.globalValue, undefined);
    } finally {
      await config().update('proxyTestTarget', undefined, vscode.ConfigurationTarget.Global);
      await config().update('proxy.testTarget', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
