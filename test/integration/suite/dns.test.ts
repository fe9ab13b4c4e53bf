import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ZoneTransferResult } from '../../../src/core/dns/axfr';
import type { BatchResult } from '../../../src/core/dns/batch';
import type { ResolverComparison } from '../../../src/core/dns/compare';
import type { DnsResponse } from '../../../src/core/dns/types';
import type { NameserverNode } from '../../../src/ui/tree/nameservers-tree';
import type { PromptState } from '../../../src/ui/prompts';
import type { DnsPanel } from '../../../src/ui/webviews/dns/panel';
import type { KnotServer } from '../../helpers/knot';
import { startKnot } from '../../helpers/knot';
import { activateNetProbe, until } from './helpers';

suite('DNS workbench', () => {
  let knot: KnotServer;

  suiteSetup(async () => {
    knot = await startKnot();
  });

  suiteTeardown(async () => {
    await knot?.close();
  });

  test('DNS Lookup runs through the command and the panel shows the answer as text', async () => {
    const r = await vscode.commands.executeCommand<DnsResponse>('netprobe.dnsLookup', 'html.example.test', 'TXT', knot.server4, { nsid: true });
    assert.strictEqual(r.rcode, 'NOERROR');
    assert.deepStrictEqual(
      r.answers.map(a => a.data),
      ['"<b>bold</b><script>alert(1)</script>"'],
    );
    const panel = await vscode.commands.executeCommand<DnsPanel>('netprobe.internal.dnsPanel');
    const rendered = await until('the DNS panel to render the answer', () => (panel.lastRendered?.id === r.receivedAt ? panel.lastRendered : undefined));
    assert.ok(rendered.text.includes('<b>bold</b><script>alert(1)</script>'), 'the TXT data is shown as literal text');
    assert.match(rendered.text, /NOERROR/);
    assert.match(rendered.text, /html\.example\.test\./);
    assert.match(rendered.text, /netprobe-knot/);
    assert.match(rendered.text, new RegExp(`dig @127\\.0\\.0\\.1 -p ${knot.port} html\\.example\\.test TXT`));
    assert.strictEqual(panel.shown?.response.id, r.id);
  });

  test('a lookup goes to History with a re-run', async () => {
    const api = await activateNetProbe();
    const r = await vscode.commands.executeCommand<DnsResponse>('netprobe.dnsLookup', 'example.test', 'MX', knot.server6);
    assert.strictEqual(r.server.address, '::1');
    const entry = await until('the lookup in History', () =>
      api.services.history.all().find(v => v.model?.panel === 'dns' && v.model.state.response.id === r.id),
    );
    assert.deepStrictEqual(entry.rerun?.args.slice(0, 3), ['example.test', 'MX', knot.server6]);
  });

  test('an IP address as the name is a reverse lookup; a truncated answer comes over TCP', async () => {
    const rev = await vscode.commands.executeCommand<DnsResponse>('netprobe.dnsLookup', '127.0.0.1', undefined, knot.server4);
    assert.deepStrictEqual(
      rev.answers.map(a => a.data),
      ['localhost.'],
    );
    const big = await vscode.commands.executeCommand<DnsResponse>('netprobe.dnsLookup', 'big.example.test', 'TXT', knot.server4);
    assert.strictEqual(big.transport, 'tcp');
    assert.strictEqual(big.retriedOverTcp, true);
  });

  test('Zone Transfer, Compare Resolvers and Resolve Selection', async () => {
    const x = await vscode.commands.executeCommand<ZoneTransferResult>('netprobe.zoneTransfer', 'example.test', knot.server4);
    assert.ok(x.recordCount >= 30);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.zoneTransfer', 'noxfr.test', knot.server4)), /refused the zone transfer/);
    const c = await vscode.commands.executeCommand<ResolverComparison>('netprobe.compareResolvers', 'localhost', knot.server6, { systemServer: knot.server4 });
    assert.strictEqual(c.agree, false);
    assert.ok(c.differences.includes('127.0.0.2'));
    const b = await vscode.commands.executeCommand<BatchResult>(
      'netprobe.resolveSelection',
      'example.test\nFailed login from 127.0.0.1 port 22\nnope.example.test',
      knot.server4,
    );
    assert.deepStrictEqual(
      b.items.map(i => [i.input, i.status]),
      [
        ['example.test', 'ok'],
        ['127.0.0.1', 'ok'],
        ['nope.example.test', 'nxdomain'],
      ],
    );
  });

  test('Compare Resolvers asks which resolvers (checkboxes, the system nameserver checked) and compares a typed nameserver too, for the type asked (issue 16 rule 6)', async () => {
    const pending = Promise.resolve(
      vscode.commands.executeCommand<ResolverComparison>('netprobe.compareResolvers', 'example.test', undefined, {
        systemServer: knot.server4,
        type: 'TXT',
        ask: true,
      }),
    );
    const prompt = (text?: string): Thenable<PromptState | undefined> =>
      vscode.commands.executeCommand<PromptState | undefined>('netprobe.internal.prompt', ...(text !== undefined ? [text] : []));
    const shown = await until('the resolver picker', async () => {
      const p = await prompt();
      return p && /Resolvers to compare \(TXT records\)/.test(p.title ?? '') ? p : undefined;
    });
    assert.ok(
      shown.items?.some(i => /^\[x\] .*System nameserver/.test(i)),
      JSON.stringify(shown.items),
    );
    assert.ok(!shown.items?.some(i => /getaddrinfo/.test(i)), 'getaddrinfo is offered for addresses only');
    const typed = await prompt(knot.server6);
    assert.ok(
      typed?.items?.some(i => i.includes(knot.server6)),
      JSON.stringify(typed?.items),
    );
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const c = await pending;
    assert.strictEqual(c.type, 'TXT');
    assert.deepStrictEqual(
      c.views.map(v => v.source),
      ['system-dns', 'server'],
    );
    assert.ok(c.views[1]?.label.includes(knot.server6), c.views[1]?.label);
  });

  test('Resolve Selection of 2,100 addresses runs its UDP loop in the bundled worker thread', async () => {
    const ips = Array.from({ length: 2100 }, (_, i) => `127.0.${i >> 8}.${i & 255}`);
    const b = await vscode.commands.executeCommand<BatchResult>('netprobe.resolveSelection', ips.join('\n'), knot.server4);
    assert.strictEqual(b.items.length, 2100);
    const by = new Map(b.items.map(i => [i.input, i]));
    assert.deepStrictEqual(by.get('127.0.0.1')?.values, ['localhost.']);
    assert.deepStrictEqual(by.get('127.0.0.2')?.values, ['two.example.test.']);
    assert.strictEqual(by.get('127.0.0.3')?.status, 'nxdomain');
    assert.strictEqual(by.get('127.0.8.51')?.status, 'error', 'outside the served reverse zone: REFUSED');
  });

  test('Nameservers view lists saved nameservers and marks the default', async () => {
    const api = await activateNetProbe();
    const tree = api.services.trees.get('netprobe.nameservers') as vscode.TreeDataProvider<NameserverNode>;
    await vscode.commands.executeCommand('netprobe.addNameserver', knot.server4);
    try {
      await vscode.commands.executeCommand('netprobe.setDefaultNameserver', knot.server4);
      const nodes = (await tree.getChildren()) ?? [];
      const mine = nodes.find(n => n.spec === knot.server4);
      assert.ok(mine?.isDefault, 'the saved nameserver is the default');
      const item = tree.getTreeItem(mine) as vscode.TreeItem;
      assert.match(String(item.description), /default/);
      const r = await vscode.commands.executeCommand<DnsResponse>('netprobe.dnsLookup', 'example.test', 'A');
      assert.strictEqual(r.server.port, knot.port, 'lookups without a server use the default');
    } finally {
      await vscode.commands.executeCommand('netprobe.removeNameserver', knot.server4);
    }
    const after = (await tree.getChildren()) ?? [];
    assert.ok(!after.some(n => n.spec === knot.server4));
  });
});
