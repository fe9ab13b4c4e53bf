import * as assert from 'assert';
import * as net from 'net';
import { once } from 'events';
import * as vscode from 'vscode';
import type { ListenersResult } from '../../../src/core/listeners/listeners';
import type { ScanResult } from '../../../src/core/scan/types';
import type { Target } from '../../../src/ui/tree/targets-store';
import type { TargetStatus } from '../../../src/ui/tree/targets-tree';
import { activateNetProbe, until } from './helpers';

async function server(): Promise<{ port: number; close: () => Promise<void> }> {
  const s = net.createServer(c => c.destroy()).listen(0, '127.0.0.1');
  await once(s, 'listening');
  return { port: (s.address() as net.AddressInfo).port, close: async () => { s.close(); await once(s, 'close'); } };
}

suite('Ports and targets', () => {
  test('netprobe.scanPorts with arguments returns the open set (only ports this test opened)', async () => {
    await activateNetProbe();
    const a = await server();
    const b = await server();
    const c = await server();
    await c.close();
    try {
      const r = await vscode.commands.executeCommand<ScanResult>('netprobe.scanPorts', '127.0.0.1', `${a.port},${b.port},${c.port}`);
      assert.deepStrictEqual(r.open, [a.port, b.port].sort((x, y) => x - y));
      assert.strictEqual(r.counts.closed, 1);
      assert.strictEqual(r.ports.find(p => p.port === c.port)?.state, 'closed');
      // The scan panel renders the streamed rows as a table (text only), open and closed (short list).
      const rendered = await until('the scan panel to render', async () => {
        const s = await vscode.commands.executeCommand<{ open: boolean; rendered?: { rows: number; text: string } }>('netprobe.scanPanelState');
        return s.rendered && s.rendered.rows > 0 ? s.rendered : undefined;
      });
      assert.strictEqual(rendered.rows, 2, 'closed rows are hidden until "Show closed" is ticked');
      assert.ok(rendered.text.includes(`${a.port}/tcp`) && rendered.text.includes(`${b.port}/tcp`));
      assert.match(rendered.text, /3 port\(s\) × 1 address\(es\) in [0-9.]+ s: 2 open, 1 closed/);
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.scanPorts', '127.0.0.1', '1-70000')), /out of range/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('the Targets tree shows a live status for a saved target', async () => {
    const api = await activateNetProbe();
    const s = await server();
    let closed = false;
    const key = `127.0.0.1:${s.port}`;
    const tree = api.services.trees.get('netprobe.targets') as vscode.TreeDataProvider<Target> | undefined;
    assert.ok(tree, 'the Targets tree is registered');
    const item = async (): Promise<vscode.TreeItem> => {
      const nodes = (await tree.getChildren()) ?? [];
      const node = nodes.find(n => n.key === key);
      assert.ok(node, `${key} is in the tree`);
      return tree.getTreeItem(node);
    };
    try {
      const added = await vscode.commands.executeCommand<Target>('netprobe.addTarget', key);
      assert.strictEqual(added.key, key);
      const up = await vscode.commands.executeCommand<TargetStatus>('netprobe.checkTarget', key);
      assert.strictEqual(up.state, 'up');
      const upItem = await item();
      assert.strictEqual((upItem.iconPath as vscode.ThemeIcon).id, 'pass-filled');
      assert.match(String(upItem.description), /^up · \d/);
      await s.close();
      closed = true;
      const down = await vscode.commands.executeCommand<TargetStatus>('netprobe.checkTarget', key);
      assert.strictEqual(down.state, 'down');
      const downItem = await item();
      assert.strictEqual((downItem.iconPath as vscode.ThemeIcon).id, 'error');
      assert.match(String(downItem.tooltip instanceof vscode.MarkdownString ? downItem.tooltip.value : downItem.tooltip), /refused/);
    } finally {
      await vscode.commands.executeCommand('netprobe.removeTarget', key);
      if (!closed) await s.close();
    }
    const left = (await tree.getChildren()) ?? [];
    assert.ok(!left.some(n => n.key === key), 'removed');
  });

  test('netprobe.showListeners lists a listener of this extension host with its pid', async () => {
    await activateNetProbe();
    const s = await server();
    try {
      const r = await vscode.commands.executeCommand<ListenersResult>('netprobe.showListeners');
      assert.strictEqual(r.supported, true);
      const mine = r.listeners.find(l => l.protocol === 'tcp' && l.port === s.port);
      assert.ok(mine?.processes.some(p => p.pid === process.pid));
    } finally {
      await s.close();
    }
  });
});
