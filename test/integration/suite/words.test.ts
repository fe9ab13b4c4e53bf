import * as assert from 'assert';
import * as net from 'net';
import { once } from 'events';
import * as vscode from 'vscode';
import type { ProxyProfile } from '../../../src/ui/settings';
import { activateNetProbe, until } from './helpers';

interface ProxyStatus {
  text: string;
  label: string;
}

/** No Markdown, HTML entities or codicon syntax: what a screen reader would read out. */
function assertPlain(label: string): void {
  assert.ok(label.length > 0, 'the item has an accessibility label');
  assert.doesNotMatch(label, /\*\*|&nbsp;|&[a-z]+;|`|\$\([a-z-]+\)|\\\\/, `plain text: ${label}`);
}

suite('Tidy words and numbers', () => {
  test('the proxy status-bar item names NetProbe, says more than "Direct", and its accessibility label is plain text', async () => {
    await activateNetProbe();
    const direct = await vscode.commands.executeCommand<ProxyStatus>('netprobe.internal.proxyStatus');
    assert.match(direct.text, /NetProbe/);
    assert.notStrictEqual(direct.text.replace(/\$\([a-z-]+\)\s*/, ''), 'Direct');
    assertPlain(direct.label);
    assert.match(direct.label, /NetProbe connects directly/);
    await vscode.commands.executeCommand<ProxyProfile>('netprobe.addProxy', 'words-socks', 'socks5h://alice@127.0.0.1:1080', '');
    try {
      await vscode.commands.executeCommand('netprobe.selectDefaultProxy', 'words-socks');
      const via = await until('the item to show the proxy', async () => {
        const s = await vscode.commands.executeCommand<ProxyStatus>('netprobe.internal.proxyStatus');
        return /words-socks/.test(s.text) ? s : undefined;
      });
      assert.match(via.text, /NetProbe via words-socks/);
      assertPlain(via.label);
      assert.match(via.label, /NetProbe default proxy: words-socks, socks5h:\/\/alice@127\.0\.0\.1:1080/);
    } finally {
      await vscode.commands.executeCommand('netprobe.selectDefaultProxy', 'direct');
      await vscode.commands.executeCommand('netprobe.removeProxy', 'words-socks');
    }
  });

  test('a new request file is titled request-N.rawhttp, not by its first comment line', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('netprobe.newRawRequest');
    try {
      assert.strictEqual(editor.document.languageId, 'netprobe-http');
      assert.match(editor.document.getText(), /^# Raw HTTP requests/);
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.match(tab?.label ?? '', /^request-\d+\.rawhttp$/);
      const second = await vscode.commands.executeCommand<vscode.TextEditor>('netprobe.newRawRequest');
      assert.notStrictEqual(second.document.uri.toString(), editor.document.uri.toString(), 'each new file has a name of its own');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('a scan says "3 ports × 1 address" and scales its time', async () => {
    const servers = await Promise.all(
      [0, 1].map(async () => {
        const s = net.createServer(c => c.destroy()).listen(0, '127.0.0.1');
        await once(s, 'listening');
        return s;
      }),
    );
    const closed = net.createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const ports = [...servers, closed].map(s => (s.address() as net.AddressInfo).port);
    closed.close();
    try {
      await vscode.commands.executeCommand('netprobe.scanPorts', '127.0.0.1', ports.join(','));
      const rendered = await until('the scan panel', async () => {
        const s = await vscode.commands.executeCommand<{ rendered?: { rows: number; text: string } }>('netprobe.internal.scanPanelState');
        return s.rendered?.rows ? s.rendered : undefined;
      });
      assert.match(rendered.text, /3 ports × 1 address in [0-9.]+ m?s: 2 open, 1 closed/);
      assert.match(rendered.text, /1 row hidden by the filter/);
    } finally {
      for (const s of servers) s.close();
    }
  });
});
