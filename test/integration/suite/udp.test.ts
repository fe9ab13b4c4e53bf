import * as assert from 'assert';
import * as dgram from 'dgram';
import * as vscode from 'vscode';
import type { StoppedSocket, UdpSendJson } from '../../../src/ui/commands/udp';
import type { SocketSession, SocketSessionInfo } from '../../../src/ui/udp/udp-sessions';
import { activateNetProbe, until } from './helpers';

function send(port: number, payload: Buffer): Promise<void> {
  const s = dgram.createSocket('udp4');
  return new Promise((resolve, reject) =>
    s.send(payload, port, '127.0.0.1', e => {
      s.close();
      if (e) reject(e);
      else resolve();
    }),
  );
}

interface MonitorState {
  open: boolean;
  active: boolean;
  rendered?: { rows: number; text: string };
}

suite('UDP and multicast', () => {
  test('Listen on UDP Port with arguments receives a datagram; the monitor shows it; the Sockets tree stops it', async () => {
    const api = await activateNetProbe();
    const info = await vscode.commands.executeCommand<SocketSessionInfo>('netprobe.listenUdp', 0, { address: '127.0.0.1' });
    assert.strictEqual(info.localAddress, '127.0.0.1');
    assert.ok(info.localPort > 0);
    const tree = api.services.trees.get('netprobe.sockets') as vscode.TreeDataProvider<SocketSession> | undefined;
    assert.ok(tree, 'the Sockets tree is registered');
    const nodes = (await tree.getChildren()) ?? [];
    const node = nodes.find(n => n.info.id === info.id);
    assert.ok(node, 'the listener is in the Sockets tree');
    assert.strictEqual((await tree.getTreeItem(node)).contextValue, 'netprobe.socket');
    try {
      await send(info.localPort, Buffer.from('<b>hello</b> from the test'));
      await send(info.localPort, Buffer.from([0, 1, 2, 0xff]));
      const rendered = await until('the monitor to show both datagrams', async () => {
        const s = await vscode.commands.executeCommand<MonitorState>('netprobe.internal.socketMonitorState', info.id);
        return s.rendered && s.rendered.rows === 2 ? s.rendered : undefined;
      });
      assert.ok(rendered.text.includes('<b>hello</b> from the test'), 'payload shown as literal text');
      assert.ok(rendered.text.includes('00 01 02 ff'), 'binary payload shown as hex');
      assert.match(rendered.text, /127\.0\.0\.1:\d+/);
      assert.match(rendered.text, /SO_REUSEADDR/);
      assert.match(rendered.text, /2 datagrams/);
    } finally {
      const stopped = await vscode.commands.executeCommand<StoppedSocket>('netprobe.stopSocket', info.id);
      assert.strictEqual(stopped.endedBy, 'aborted');
      assert.deepStrictEqual(
        stopped.packets.map(p => p.hex),
        ['3c 62 3e 68 65 6c 6c 6f 3c 2f 62 3e 20 66 72 6f 6d 20 74 68 65 20 74 65 73 74', '00 01 02 ff'],
      );
    }
    const left = (await tree.getChildren()) ?? [];
    assert.ok(!left.some(n => n.info.id === info.id), 'stopped listeners leave the tree');
    // The port is free again: nothing keeps listening after Stop.
    const again = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(info.localPort, '127.0.0.1', () => resolve());
    });
    again.close();
    const state = await until('the monitor to show it stopped', async () => {
      const s = await vscode.commands.executeCommand<MonitorState>('netprobe.internal.socketMonitorState', info.id);
      return s.rendered && /Stopped/.test(s.rendered.text) ? s : undefined;
    });
    assert.strictEqual(state.active, false);
  });

  test('Send UDP with arguments returns the reply; a closed port is "refused"', async () => {
    const echo = dgram.createSocket('udp4');
    echo.on('message', (m, r) => echo.send(m, r.port, r.address));
    await new Promise<void>(r => echo.bind(0, '127.0.0.1', () => r()));
    try {
      const r = await vscode.commands.executeCommand<UdpSendJson>(
        'netprobe.sendUdp',
        '127.0.0.1',
        echo.address().port,
        { hex: '68 69' },
        { wait: 3000, maxReplies: 1 },
      );
      assert.strictEqual(r.outcome, 'replied');
      assert.strictEqual(r.replies[0]?.text, 'hi');
    } finally {
      echo.close();
    }
    const closed = dgram.createSocket('udp4');
    await new Promise<void>(r => closed.bind(0, '127.0.0.1', () => r()));
    const port = closed.address().port;
    await new Promise<void>(r => closed.close(() => r()));
    const refused = await vscode.commands.executeCommand<UdpSendJson>('netprobe.sendUdp', '127.0.0.1', port, 'ping', { wait: 3000 });
    assert.strictEqual(refused.outcome, 'refused');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.joinMulticast', '10.0.0.1', 5000)), /not a multicast address/);
    // Validation happens before any socket exists (multicast traffic is never sent from the host namespace).
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('netprobe.joinMulticast', '239.1.2.3', 5000, { iface: 'nosuch0' })),
      /no network interface named "nosuch0"/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('netprobe.sendMulticast', '239.1.2.3', 5000, { hex: 'zz' }, {})),
      /"z" is not a hex digit/,
    );
  });

  test("Send UDP to NetProbe's own listener says it was delivered there and keeps its monitor in sight (issue 16 rule 6)", async () => {
    const api = await activateNetProbe();
    const info = await vscode.commands.executeCommand<SocketSessionInfo>('netprobe.listenUdp', 0, { address: '127.0.0.1' });
    try {
      const r = await vscode.commands.executeCommand<UdpSendJson>('netprobe.sendUdp', '127.0.0.1', info.localPort, 'to myself', { wait: 3000 });
      assert.strictEqual(r.deliveredTo?.id, info.id, 'the listener that got it');
      assert.ok(r.deliveredTo.datagram !== undefined, 'its number in the monitor');
      assert.strictEqual(r.replies.length, 0);
      assert.ok(r.elapsedMs < 3000, 'no reply window waited out for a listener that never replies');
      const entry = await until('History to keep the send', () => api.services.history.all().find(v => v.kind === 'udpSend' && v.summary.includes(info.title)));
      assert.match(entry.summary, /^Delivered to NetProbe's own listener .*\(datagram #\d+ in its monitor\); a listener does not reply\.$/);
      assert.strictEqual(entry.status, 'ok');
      const state = await until('the monitor to show the datagram', async () => {
        const s = await vscode.commands.executeCommand<MonitorState>('netprobe.internal.socketMonitorState', info.id);
        return s.open && s.rendered?.rows === 1 ? s : undefined;
      });
      assert.ok(state.rendered?.text.includes('to myself'));
    } finally {
      await vscode.commands.executeCommand<StoppedSocket>('netprobe.stopSocket', info.id);
    }
  });

  test('closing the monitor stops the listener', async () => {
    const info = await vscode.commands.executeCommand<SocketSessionInfo>('netprobe.listenUdp', 0, { address: '127.0.0.1' });
    await until(
      'the monitor to open',
      async () => (await vscode.commands.executeCommand<MonitorState>('netprobe.internal.socketMonitorState', info.id)).rendered,
    );
    const tab = vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t => t.label === `Monitor: ${info.title}`);
    assert.ok(tab, 'the monitor is open in a tab');
    await vscode.window.tabGroups.close(tab);
    await until('the listener to stop', async () => {
      const s = await vscode.commands.executeCommand<MonitorState>('netprobe.internal.socketMonitorState', info.id);
      return !s.open && !s.active ? s : undefined;
    });
  });
});
