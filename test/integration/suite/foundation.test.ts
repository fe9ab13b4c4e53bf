import * as assert from 'assert';
import * as net from 'net';
import { once } from 'events';
import * as vscode from 'vscode';
import type { CheckPortResult } from '../../../src/core/ports/check-port';
import type { PortFreeResult } from '../../../src/core/ports/port-free';
import type { ResolveResult } from '../../../src/core/resolve/resolve';
import type { Diagnosis } from '../../../src/core/doctor/diagnose';
import type { InterfaceNode } from '../../../src/ui/tree/interfaces-tree';
import type { ResultView } from '../../../src/ui/results/view-model';
import { activateNetProbe, until } from './helpers';

suite('Foundation', () => {
  test('activates and registers every contributed command', async () => {
    const api = await activateNetProbe();
    assert.ok(api.services);
    const ext = vscode.extensions.getExtension('netprobe-dev.netprobe');
    const contributed = (ext?.packageJSON as { contributes: { commands: Array<{ command: string }> } }).contributes.commands.map(c => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter(c => !registered.has(c));
    assert.deepStrictEqual(missing, []);
    assert.ok(contributed.length >= 7);
  });

  test('netprobe.resolve returns addresses for localhost and the seed literals', async () => {
    const local = await vscode.commands.executeCommand<ResolveResult>('netprobe.resolve', 'localhost', 4);
    assert.deepStrictEqual(
      local.addresses.map(a => a.address),
      ['127.0.0.1'],
    );
    const hex = await vscode.commands.executeCommand<ResolveResult>('netprobe.resolve', '0xc000027b');
    assert.strictEqual(hex.addresses[0]?.address, '192.0.2.123');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.resolve', '10.0.0.256')), /more than 255/);
  });

  test('netprobe.checkPort finds an open and a refused port', async () => {
    const server = net.createServer(s => s.destroy()).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    try {
      const open = await vscode.commands.executeCommand<CheckPortResult>('netprobe.checkPort', '127.0.0.1', port);
      assert.strictEqual(open.outcome, 'open');
      assert.strictEqual(open.open, true);
    } finally {
      server.close();
      await once(server, 'close');
    }
    const refused = await vscode.commands.executeCommand<CheckPortResult>('netprobe.checkPort', '127.0.0.1', port);
    assert.strictEqual(refused.outcome, 'refused');
  });

  test('netprobe.isPortFree reports a bound port as in use', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = await vscode.commands.executeCommand<PortFreeResult>('netprobe.isPortFree', port, '127.0.0.1');
      assert.strictEqual(r.free, false);
      assert.strictEqual(r.checks[0]?.reason, 'in-use');
    } finally {
      server.close();
    }
  });

  test('netprobe.diagnose names a refused connection', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    server.close();
    await once(server, 'close');
    const d = await vscode.commands.executeCommand<Diagnosis>('netprobe.diagnose', '127.0.0.1', port);
    assert.strictEqual(d.category, 'refused');
  });

  test('Interfaces tree lists loopback with its CIDR', async () => {
    const api = await activateNetProbe();
    const tree = api.services.trees.get('netprobe.interfaces') as vscode.TreeDataProvider<InterfaceNode>;
    const roots = (await tree.getChildren()) ?? [];
    const lo = roots.find(n => n.kind === 'interface' && n.addresses.some(a => a.address === '127.0.0.1'));
    assert.ok(lo, 'loopback interface listed');
    const children = (await tree.getChildren(lo)) ?? [];
    const item = children.map(c => tree.getTreeItem(c) as vscode.TreeItem).find(i => i.label === '127.0.0.1/8');
    assert.ok(item, 'loopback address item with CIDR label');
    assert.strictEqual(item.contextValue, 'netprobe.interfaceAddress');
  });

  test('History tree shows results newest first and reopens them', async () => {
    const api = await activateNetProbe();
    await vscode.commands.executeCommand('netprobe.resolve', '127.1');
    const tree = api.services.trees.get('netprobe.history') as vscode.TreeDataProvider<ResultView>;
    const items = (await tree.getChildren()) ?? [];
    assert.strictEqual(items[0]?.title, 'Resolve 127.1');
    const treeItem = await tree.getTreeItem(items[0]);
    assert.strictEqual(treeItem.command?.command, 'netprobe.openHistoryItem');
    const reopened = await vscode.commands.executeCommand<ResultView>('netprobe.openHistoryItem', items[0].id);
    assert.strictEqual(reopened.id, items[0].id);
  });

  test('results webview opens and renders the result as text', async () => {
    const api = await activateNetProbe();
    const r = await vscode.commands.executeCommand<ResolveResult>('netprobe.resolve', '::ffff:192.0.2.128');
    assert.strictEqual(r.addresses[0]?.ipv4Mapped, true);
    const rendered = await until('results webview rendering', () => {
      const last = api.services.results.lastRendered;
      return last && api.services.results.shown && last.id === api.services.results.shown.id ? last : undefined;
    });
    assert.match(rendered.text, /Resolve ::ffff:192\.0\.2\.128/);
    assert.match(rendered.text, /IPv4-mapped/);
    await vscode.commands.executeCommand('netprobe.resolve', '0177.0.0.1');
    const second = await until('the second result to render in the same panel', () => {
      const last = api.services.results.lastRendered;
      return last && last.id === api.services.results.shown?.id ? last : undefined;
    });
    assert.match(second.text, /Resolve 0177\.0\.0\.1/);
    assert.match(second.text, /127\.0\.0\.1/);
  });
  test('webviews send their rendered text only while the test host asks for it', async () => {
    const api = await activateNetProbe();
    const panel = api.services.results;
    const seen: string[] = [];
    const sub = panel.onDidRender(r => seen.push(r.id));
    try {
      await vscode.commands.executeCommand('netprobe.internal.reportRendering', false);
      const quiet = await vscode.commands.executeCommand<ResolveResult>('netprobe.resolve', '127.0.0.3');
      assert.ok(quiet.addresses.length > 0);
      const quietId = panel.shown?.id;
      await vscode.commands.executeCommand('netprobe.internal.reportRendering', true);
      await vscode.commands.executeCommand('netprobe.resolve', '127.0.0.4');
      const loudId = panel.shown?.id;
      await until('the next result to be reported', () => (seen.includes(loudId ?? '') ? true : undefined));
      assert.ok(quietId && !seen.includes(quietId), 'nothing was reported while reports were off');
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand('netprobe.internal.reportRendering', true);
    }
  });
});
