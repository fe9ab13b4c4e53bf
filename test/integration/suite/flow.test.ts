import * as assert from 'assert';
import * as vscode from 'vscode';
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
