import * as assert from 'assert';
import { once } from 'events';
import * as net from 'net';
import * as vscode from 'vscode';
import type { CheckPortResult } from '../../../src/core/ports/check-port';
import type { ScanResult } from '../../../src/core/scan/types';
import type { PromptState } from '../../../src/ui/prompts';
import type { NameserverNode } from '../../../src/ui/tree/nameservers-tree';
import type { NetProbeApi } from '../../../src/extension';
import type { FailureRecord } from '../../../src/ui/failures';
import { activateNetProbe, until } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** The arguments of a hover's command link, as VS Code passes them when the link is clicked. */
function linkArgs(md: string, label: string, command: string): unknown[] {
  const m = new RegExp(`\\[${label}\\]\\(command:${command.replace(/\./g, '\\.')}\\?([^)]+)\\)`).exec(md);
  assert.ok(m?.[1], `${label} link in the hover`);
  return JSON.parse(decodeURIComponent(m[1])) as unknown[];
}

function lastFailure(api: NetProbeApi, after: number): FailureRecord | undefined {
  const all = api.services.failures.recent();
  return all.length > after ? all[all.length - 1] : undefined;
}

suite('Never fail silently (issue 16 rule 1)', () => {
  test('a failing hover link (Reverse lookup of an address without a name) shows an error, logs it and keeps it in History', async () => {
    const api = await activateNetProbe();
    // "::" has no name, and getnameinfo answers that itself: no nameserver is asked.
    const doc = await vscode.workspace.openTextDocument({ content: 'bind [::]:80', language: 'plaintext' });
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 7));
    const args = linkArgs(hoverText(hovers), 'Reverse lookup', 'netprobe.reverse');
    const before = api.services.failures.recent().length;
    // What VS Code runs for the click: the link's command with the link's arguments. It must not reject
    // (VS Code would drop it silently); the failure is reported instead.
    const r = await vscode.commands.executeCommand('netprobe.reverse', ...args);
    assert.strictEqual(r, undefined);
    const f = await until('the failure report', () => lastFailure(api, before));
    assert.strictEqual(f.what, 'Reverse lookup');
    assert.match(f.message, /No name is registered for ::/);
    assert.strictEqual(f.origin, 'link');
    assert.strictEqual(f.notified, true, 'a notification with Show details');
    assert.match(f.logLine, /Reverse lookup failed \(netprobe\.reverse, from link\): No name is registered/);
    const entry = api.services.history.get(f.historyId ?? '');
    assert.strictEqual(entry?.status, 'error');
    assert.strictEqual(entry.title, 'Reverse lookup failed');
    assert.deepStrictEqual(entry.rerun, { command: 'netprobe.reverse', args: ['::'] });
    // Show details opens that History entry.
    await vscode.commands.executeCommand('netprobe.openHistoryItem', f.historyId);
    const shown = await until('the failure in the results panel', () => {
      const t = api.services.results.lastRendered?.text;
      return t?.includes('Reverse lookup failed') ? t : undefined;
    });
    assert.match(shown, /dns-error/);
  });

  test('a call from code still rejects, and is reported once', async () => {
    const api = await activateNetProbe();
    const before = api.services.failures.recent().length;
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.checkPort', '10.0.0.256', 80)), /more than 255/);
    const all = api.services.failures.recent().slice(before);
    assert.strictEqual(all.length, 1);
    assert.strictEqual(all[0]?.origin, 'code');
  });
});

/** What the prompt on screen shows (after typing `text` into it, when given). */
async function prompt(text?: string): Promise<PromptState | undefined> {
  return vscode.commands.executeCommand<PromptState | undefined>('netprobe.internal.prompt', ...(text !== undefined ? [text] : []));
}

/** Waits for a prompt whose prompt or title matches `what`. */
function promptShowing(what: RegExp): Promise<PromptState> {
  return until(`a prompt ${String(what)}`, async () => {
    const p = await prompt();
    return p && what.test(`${p.title ?? ''} ${p.prompt ?? ''}`) ? p : undefined;
  });
}

/** Types into the prompt and presses Enter (VS Code's own accept command). */
async function typeAndEnter(text: string): Promise<void> {
  await prompt(text);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

async function listener(): Promise<{ port: number; close: () => Promise<void> }> {
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

suite('Forgiving inputs (issue 16 rule 5)', () => {
  suiteSetup(async () => {
    await activateNetProbe();
    // No editor selection may pre-fill the prompts.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('host:port typed into Check Port fills in the port prompt; the next Check Port remembers both', async () => {
    const s = await listener();
    try {
      const running = vscode.commands.executeCommand<CheckPortResult | undefined>('netprobe.checkPort');
      await promptShowing(/Host to check/);
      await typeAndEnter(`127.0.0.1:${s.port}`);
      const portPrompt = await promptShowing(/TCP port on 127\.0\.0\.1/);
      assert.strictEqual(portPrompt.value, String(s.port), 'the port typed with the host is filled in');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const r = await running;
      assert.strictEqual(r?.open, true);
      assert.strictEqual(r.port, s.port);

      const again = vscode.commands.executeCommand<CheckPortResult | undefined>('netprobe.checkPort');
      const host = await promptShowing(/Host to check/);
      assert.strictEqual(host.value, '127.0.0.1', 'the last host');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.strictEqual((await promptShowing(/TCP port on/)).value, String(s.port), 'the last port');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.strictEqual(await again, undefined, 'cancelled');
    } finally {
      await s.close();
    }
  });

  test('[v6]:port and a URL work in a host prompt too; a bad host says why as you type', async () => {
    const running = vscode.commands.executeCommand<CheckPortResult | undefined>('netprobe.checkPort');
    await promptShowing(/Host to check/);
    assert.match((await prompt('10.0.0.256:80'))?.validation ?? '', /more than 255/);
    await typeAndEnter('[::1]:8443');
    assert.strictEqual((await promptShowing(/TCP port on ::1/)).value, '8443');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await running, undefined);
    const url = vscode.commands.executeCommand<unknown>('netprobe.diagnose');
    await promptShowing(/Host to diagnose/);
    await typeAndEnter('https://localhost/health');
    assert.strictEqual((await promptShowing(/TCP port on localhost/)).value, '443', "the scheme's port");
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await url, undefined);
  });

  test('a port list typed into the Scan Ports picker is scanned on Enter (only ports this test opened)', async () => {
    const a = await listener();
    const b = await listener();
    try {
      const running = vscode.commands.executeCommand<ScanResult | undefined>('netprobe.scanPorts');
      await promptShowing(/Host to scan/);
      await typeAndEnter('127.0.0.1');
      await promptShowing(/Ports to scan/);
      const typed = await prompt(`${a.port},${b.port}`);
      assert.match(typed?.items?.[0] ?? '', new RegExp(`Scan ${a.port},${b.port}`), 'the typed list is the first item');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const r = await running;
      assert.deepStrictEqual(
        r?.open,
        [a.port, b.port].sort((x, y) => x - y),
      );
      assert.strictEqual(r.spec, `${a.port},${b.port}`);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('Custom… in the Scan Ports picker starts empty', async () => {
    const running = vscode.commands.executeCommand<ScanResult | undefined>('netprobe.scanPorts', undefined);
    await promptShowing(/Host to scan/);
    await typeAndEnter('127.0.0.1');
    await promptShowing(/Ports to scan/);
    await typeAndEnter('Custom');
    const custom = await promptShowing(/Ports to scan \(empty/);
    assert.strictEqual(custom.value, '');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await running, undefined);
  });

  test('Add Proxy asks for the URL first and suggests the name from it', async () => {
    const api = await activateNetProbe();
    const running = vscode.commands.executeCommand<{ name: string; url: string } | undefined>('netprobe.addProxy');
    await promptShowing(/Proxy URL/);
    await typeAndEnter('socks5://127.0.0.1:1');
    const name = await promptShowing(/Name of the profile for socks5:\/\/127\.0\.0\.1:1/);
    assert.strictEqual(name.value, '127.0.0.1');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const saved = await running;
    try {
      assert.deepStrictEqual(saved, { name: '127.0.0.1', url: 'socks5://127.0.0.1:1' });
    } finally {
      await api.services.proxies.remove('127.0.0.1');
    }
  });

  test('Zone Transfer offers the default nameserver; the Nameservers view shows and stars it', async () => {
    const api = await activateNetProbe();
    const def = '127.0.0.1:5399';
    await api.services.nameservers.setDefault(def);
    try {
      const tree = api.services.trees.get('netprobe.nameservers') as vscode.TreeDataProvider<NameserverNode>;
      const node = ((await tree.getChildren()) ?? []).find(n => n.spec === def);
      assert.ok(node?.isDefault, 'the default is listed although it is not saved');
      const item = tree.getTreeItem(node) as vscode.TreeItem;
      assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'star-full');
      assert.match(String(item.description), /default/);
      const running = vscode.commands.executeCommand('netprobe.zoneTransfer', 'example.test');
      const pick = await promptShowing(/Nameserver to transfer example\.test from/);
      assert.match(pick.items?.[0] ?? '', /Default/);
      assert.ok(!pick.items?.some(i => /System/.test(i)), "the system resolver is no zone's server");
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.strictEqual(await running, undefined);
    } finally {
      await api.services.nameservers.setDefault('system');
    }
  });
});
