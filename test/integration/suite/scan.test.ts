import * as assert from 'assert';
import * as net from 'net';
import { once } from 'events';
import * as vscode from 'vscode';
import type { ListenersResult } from '../../../src/core/listeners/listeners';
import type { ScanResult } from '../../../src/core/scan/types';
import type { Target } from '../../../src/ui/targets/targets-store';
import type { TargetStatus } from '../../../src/ui/tree/targets-tree';
import { startMicrosocks } from '../../helpers/socks-peers';
import { activateNetProbe, until } from './helpers';

async function server(): Promise<{ port: number; close: () => Promise<void> }> {
  const s = net.createServer(c => c.destroy()).listen(0, '127.0.0.1');
  await once(s, 'listening');
  return {
    port: (s.address() as net.AddressInfo).port,
    close: async () => {
      s.close();
      await once(s, 'close');
    },
  };
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
      assert.deepStrictEqual(
        r.open,
        [a.port, b.port].sort((x, y) => x - y),
      );
      assert.strictEqual(r.counts.closed, 1);
      assert.strictEqual(r.ports.find(p => p.port === c.port)?.state, 'closed');
      // The scan panel renders the streamed rows as a table (text only), open and closed (short list).
      const rendered = await until('the scan panel to render', async () => {
        const s = await vscode.commands.executeCommand<{ open: boolean; rendered?: { rows: number; text: string } }>('netprobe.internal.scanPanelState');
        return s.rendered && s.rendered.rows > 0 ? s.rendered : undefined;
      });
      assert.strictEqual(rendered.rows, 2, 'closed rows are hidden until "Show closed" is ticked');
      assert.ok(rendered.text.includes(`${a.port}/tcp`) && rendered.text.includes(`${b.port}/tcp`));
      assert.match(rendered.text, /3 ports × 1 address in [0-9.]+ m?s: 2 open, 1 closed/);
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

  test('Scan Ports… (with banners) and the Targets check go through the default SOCKS proxy; the password is never shown', async () => {
    await activateNetProbe();
    const password = 'Sc@n-pw:1';
    // This microsocks connects out from 127.0.0.9, so the servers below can tell proxied connections apart.
    const socks = await startMicrosocks({ user: 'scan', pass: password, bind: '127.0.0.9' });
    const peers: string[] = [];
    const listen = async (greeting?: string): Promise<{ port: number; close: () => Promise<void> }> => {
      const srv = net
        .createServer(c => {
          peers.push(c.remoteAddress ?? '');
          c.on('error', () => undefined);
          if (greeting) c.end(greeting);
          else c.destroy();
        })
        .listen(0, '127.0.0.1');
      await once(srv, 'listening');
      return {
        port: (srv.address() as net.AddressInfo).port,
        close: async () => {
          srv.close();
          await once(srv, 'close');
        },
      };
    };
    const talker = await listen('SSH-2.0-ViaProxy\r\n');
    const quiet = await listen();
    const gone = await server();
    await gone.close();
    const key = `127.0.0.1:${quiet.port}`;
    const via = `socks5h://scan:****@127.0.0.1:${socks.port}`;
    try {
      await vscode.commands.executeCommand('netprobe.addProxy', 'it-scan', `socks5h://scan:${encodeURIComponent(password)}@127.0.0.1:${socks.port}`);
      assert.strictEqual(await vscode.commands.executeCommand('netprobe.selectDefaultProxy', 'it-scan'), 'it-scan');

      const r = await vscode.commands.executeCommand<ScanResult & { via?: string; resolvedBy?: string }>(
        'netprobe.scanPorts',
        '127.0.0.1',
        `${talker.port},${quiet.port},${gone.port}`,
        { banner: true },
      );
      assert.deepStrictEqual(
        r.open,
        [talker.port, quiet.port].sort((x, y) => x - y),
      );
      assert.strictEqual(r.ports.find(p => p.port === gone.port)?.state, 'closed', 'the proxy reported the refusal');
      assert.strictEqual(r.ports.find(p => p.port === talker.port)?.banner?.text, 'SSH-2.0-ViaProxy\r\n', 'banner read through the proxy');
      assert.strictEqual(r.via, via);
      // The servers run in this event loop too: their accept may come after the scan's answer.
      await until('both servers to see the proxied probes', () => peers.length >= 2 || undefined);
      assert.ok(
        peers.every(a => a === '127.0.0.9'),
        `every probe came from the proxy (${peers.join(', ')})`,
      );
      assert.ok(!JSON.stringify(r).includes('Sc@n'));
      const rendered = await until('the scan panel to show the proxy', async () => {
        const st = await vscode.commands.executeCommand<{ rendered?: { rows: number; text: string } }>('netprobe.internal.scanPanelState');
        return st.rendered && st.rendered.text.includes(`via ${via}`) && st.rendered.rows === 2 ? st.rendered : undefined;
      });
      assert.ok(!rendered.text.includes('Sc@n'));

      const before = peers.length;
      const direct = await vscode.commands.executeCommand<ScanResult & { via?: string }>('netprobe.scanPorts', '127.0.0.1', String(quiet.port), {
        proxy: 'direct',
      });
      assert.deepStrictEqual([direct.open, direct.via], [[quiet.port], undefined]);
      await until('the direct probe to arrive', () => peers.length > before || undefined);
      assert.deepStrictEqual(peers.slice(before), ['127.0.0.1'], '"direct" bypasses the default proxy');

      const beforeCheck = peers.length;
      await vscode.commands.executeCommand('netprobe.addTarget', key);
      const status = await vscode.commands.executeCommand<TargetStatus>('netprobe.checkTarget', key);
      assert.deepStrictEqual([status.state, status.via], ['up', via]);
      await until('the target check to arrive', () => peers.length > beforeCheck || undefined);
      assert.ok(
        peers.slice(beforeCheck).every(a => a === '127.0.0.9'),
        `the target check came from the proxy (${peers.slice(beforeCheck).join(', ')})`,
      );
    } finally {
      await vscode.commands.executeCommand('netprobe.removeTarget', key);
      await vscode.commands.executeCommand('netprobe.selectDefaultProxy', 'direct');
      await vscode.commands.executeCommand('netprobe.removeProxy', 'it-scan');
      await talker.close();
      await quiet.close();
      await socks.close();
    }
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
