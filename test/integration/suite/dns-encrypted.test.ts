import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BatchResult } from '../../../src/core/dns/batch';
import type { ResolverComparison } from '../../../src/core/dns/compare';
import type { DnsResponse } from '../../../src/core/dns/types';
import type { NameserverNode } from '../../../src/ui/tree/nameservers-tree';
import type { DnsPanel } from '../../../src/ui/webviews/dns/panel';
import type { DnsdistOverKnot, DnsdistPeer } from '../../helpers/dnsdist';
import { startDnsdistOverKnot } from '../../helpers/dnsdist';
import type { KnotServer } from '../../helpers/knot';
import { activateNetProbe, until } from './helpers';

suite('DNS over TLS and HTTPS', () => {
  let peers: DnsdistOverKnot;
  let knot: KnotServer;
  let dd: DnsdistPeer;

  suiteSetup(async () => {
    peers = await startDnsdistOverKnot();
    ({ knot, dd } = peers);
  });

  suiteTeardown(async () => {
    await peers?.close();
  });

  test('DNS Lookup with a tls:// and an https:// nameserver: TLS details on the result, the connection kept for the next lookup', async () => {
    const caFile = dd.pki.caFile;
    const first = await vscode.commands.executeCommand<DnsResponse>('netprobe.dnsLookup', 'example.test', 'MX', dd.dot, { caFile });
    assert.strictEqual(first.transport, 'tls');
    assert.deepStrictEqual(
      first.answers.map(a => a.data),
      ['10 mail.example.test.', '20 mail2.example.net.'],
    );
    assert.strictEqual(first.tls?.verified, true);
    assert.strictEqual(first.tls?.certificate?.issuer, 'CN=NetProbe Test CA');
    const again = await vscode.commands.executeCommand<DnsResponse>('netprobe.dnsLookup', 'example.test', 'A', dd.dot, { caFile });
    assert.strictEqual(again.connectionReused, true, 'the editor keeps DoT connections between lookups');
    assert.strictEqual(again.timings?.tlsMs, 0);
    const panel = await vscode.commands.executeCommand<DnsPanel>('netprobe.internal.dnsPanel');
    const rendered = await until('the DNS panel to render the DoT answer', () =>
      panel.lastRendered?.id === again.receivedAt ? panel.lastRendered : undefined,
    );
    assert.match(rendered.text, /DNS over TLS/);
    assert.match(rendered.text, /CN=NetProbe Test CA/);
    assert.match(rendered.text, /ALPN\s*dot/);
    assert.match(rendered.text, /connection reused/);
    assert.match(panel.shown?.dig ?? '', new RegExp(`^dig @127\\.0\\.0\\.1 -p ${dd.dotPort} example\\.test A (\\S+ )*\\+tls \\+tls-ca=`));
    assert.match(panel.shown?.text ?? '', /;; TLS: TLSv1\.[23], .*ALPN dot/);
    const doh = await vscode.commands.executeCommand<DnsResponse>('netprobe.dnsLookup', 'example.test', 'AAAA', `${dd.doh}?get`, { caFile });
    assert.strictEqual(doh.transport, 'https');
    assert.strictEqual(doh.http?.method, 'GET');
    assert.deepStrictEqual(
      doh.answers.map(a => a.data),
      ['2001:db8::1'],
    );
  });

  test('an untrusted DoT certificate fails the lookup with a message about the certificate; netprobe.dns.caFile trusts a private CA', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('netprobe.dnsLookup', 'example.test', 'A', dd.dot)),
      /DNS over TLS to 127\.0\.0\.1:\d+: the TLS handshake failed: .*certificate.* Set netprobe\.dns\.caFile to trust a private CA\./,
    );
    const config = vscode.workspace.getConfiguration('netprobe');
    await config.update('dns.caFile', dd.pki.caFile, vscode.ConfigurationTarget.Global);
    try {
      const r = await vscode.commands.executeCommand<DnsResponse>('netprobe.dnsLookup', 'example.test', 'A', `https://127.0.0.1:${dd.dohPort}/dns-query`);
      assert.strictEqual(r.tls?.verified, true);
    } finally {
      await config.update('dns.caFile', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Resolve Selection and Compare Resolvers over encrypted nameservers', async () => {
    const caFile = dd.pki.caFile;
    const b = await vscode.commands.executeCommand<BatchResult>(
      'netprobe.resolveSelection',
      'example.test\nFailed login from 127.0.0.1 port 22\nnope.example.test',
      dd.doh,
      { caFile },
    );
    assert.deepStrictEqual(
      b.items.map(i => [i.input, i.status, i.values.join(',')]),
      [
        ['example.test', 'ok', '192.0.2.1,2001:db8::1'],
        ['127.0.0.1', 'ok', 'localhost.'],
        ['nope.example.test', 'nxdomain', ''],
      ],
    );
    const c = await vscode.commands.executeCommand<ResolverComparison>('netprobe.compareResolvers', 'example.test', dd.dot, {
      systemServer: knot.server4,
      caFile,
    });
    const viaDot = c.views.find(v => v.source === 'server');
    assert.strictEqual(viaDot?.error, undefined);
    assert.deepStrictEqual(viaDot?.addresses.sort(), ['192.0.2.1', '2001:db8::1']);
  });

  test('the Nameservers view saves tls:// and https:// nameservers like any other', async () => {
    const api = await activateNetProbe();
    const tree = api.services.trees.get('netprobe.nameservers') as vscode.TreeDataProvider<NameserverNode>;
    for (const spec of [dd.dot, dd.doh]) await vscode.commands.executeCommand('netprobe.addNameserver', spec);
    try {
      const nodes = (await tree.getChildren()) ?? [];
      assert.ok(nodes.some(n => n.spec === dd.dot) && nodes.some(n => n.spec === dd.doh));
    } finally {
      for (const spec of [dd.dot, dd.doh]) await vscode.commands.executeCommand('netprobe.removeNameserver', spec);
    }
  });
});
