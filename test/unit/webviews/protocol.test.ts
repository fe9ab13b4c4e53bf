import { test } from 'node:test';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { isDnsAction, isDnsRenderedId } from '../../../src/ui/webviews/dns/protocol';
import { isHttpAction, isHttpRenderedId } from '../../../src/ui/webviews/http/protocol';
import { isMonitorAction, isMonitorRenderedId } from '../../../src/ui/webviews/monitor/protocol';
import { isResultsAction, isResultsRenderedId } from '../../../src/ui/webviews/results/protocol';
import { isScanAction } from '../../../src/ui/webviews/scan/protocol';
import { shellMessage } from '../../../src/ui/webviews/protocol';
import { packaged } from '../vsix';

const root = path.join(__dirname, '..', '..', '..', '..');

test('ready and rendered are read the same way for every panel, each with its own id', () => {
  assert.deepStrictEqual(shellMessage({ type: 'ready', extra: 1 }, isDnsRenderedId), { type: 'ready' });
  assert.deepStrictEqual(shellMessage({ type: 'rendered', id: 5, text: 't' }, isDnsRenderedId), { type: 'rendered', id: 5, text: 't' });
  assert.strictEqual(shellMessage({ type: 'rendered', id: '5', text: 't' }, isDnsRenderedId), undefined);
  assert.strictEqual(shellMessage({ type: 'rendered', id: 'a' }, isResultsRenderedId), undefined, 'text is required');
  assert.ok(shellMessage({ type: 'rendered', id: { id: 'v', tab: 'wire' }, text: '' }, isHttpRenderedId));
  assert.strictEqual(shellMessage({ type: 'rendered', id: { id: 'v', tab: 'frames' }, text: '' }, isHttpRenderedId), undefined, 'unknown tab');
  assert.ok(shellMessage({ type: 'rendered', id: { rows: 0 }, text: '' }, isMonitorRenderedId));
  for (const junk of [null, undefined, 'ready', 1, {}, { type: 1 }, { type: 'copy' }]) assert.strictEqual(shellMessage(junk, isDnsRenderedId), undefined);
});

test('each panel accepts only its own well-formed actions', () => {
  assert.ok(isDnsAction({ type: 'copy', format: 'dig' }));
  assert.ok(!isDnsAction({ type: 'copy', format: 'html' }));
  assert.ok(!isDnsAction({ type: 'ready' }));
  assert.ok(isResultsAction({ type: 'rerun' }));
  assert.ok(!isResultsAction({ type: 'copy', format: 'dig' }));
  assert.ok(isHttpAction({ type: 'copy', format: 'curl', exchange: 0 }));
  assert.ok(!isHttpAction({ type: 'copy', format: 'curl' }), 'the exchange is required');
  assert.ok(!isHttpAction({ type: 'openBody', exchange: '0' }));
  assert.ok(isMonitorAction({ type: 'export', format: 'json', filter: '' }));
  assert.ok(!isMonitorAction({ type: 'pause' }));
  assert.ok(!isScanAction({ type: 'rendered', id: { rows: 1 }, text: '' }));
});

test('every panel page loads a webview bundle built from src/webview/<name>/main.ts', () => {
  const panels = fs.readdirSync(path.join(root, 'src', 'ui', 'webviews'), { withFileTypes: true }).filter(d => d.isDirectory());
  assert.ok(panels.length >= 5);
  for (const d of panels) {
    const source = fs.readFileSync(path.join(root, 'src', 'ui', 'webviews', d.name, 'panel.ts'), 'utf8');
    const script = /panelPage\('([a-z-]+)'/.exec(source)?.[1];
    assert.ok(script, `${d.name}/panel.ts names its script`);
    assert.ok(fs.existsSync(path.join(root, 'src', 'webview', script, 'main.ts')), `src/webview/${script}/main.ts exists`);
    assert.ok(packaged(`media/webview/${script}.js`), `media/webview/${script}.js ships in the .vsix`);
  }
});

test('test hooks are netprobe.internal.* commands, never contributed (so never in the palette)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes: { commands: Array<{ command: string }>; menus: Record<string, Array<{ command?: string }>> };
  };
  const contributed = [
    ...pkg.contributes.commands.map(c => c.command),
    ...Object.values(pkg.contributes.menus)
      .flat()
      .map(m => m.command ?? ''),
  ];
  assert.deepStrictEqual(
    contributed.filter(c => c.startsWith('netprobe.internal.')),
    [],
  );
  for (const old of ['netprobe.httpPanelState', 'netprobe.showHttpTab', 'netprobe.scanPanelState']) assert.ok(!contributed.includes(old), `${old} is gone`);
});
