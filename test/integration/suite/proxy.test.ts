import * as assert from 'assert';
import * as http from 'http';
import type * as net from 'net';
import { once } from 'events';
import * as vscode from 'vscode';
import type { CheckPortResult } from '../../../src/core/ports/check-port';
import type { Diagnosis } from '../../../src/core/doctor/diagnose';
import type { ProxyTestResult } from '../../../src/core/proxy/test-proxy';
import { secretKeyFor } from '../../../src/ui/proxy/profile-url';
import type { ProxyProfile } from '../../../src/ui/settings';
import type { ProxyNode } from '../../../src/ui/tree/proxies-tree';
import { startMicrosocks } from '../../helpers/socks-peers';
import type { SocksPeer } from '../../helpers/socks-peers';
import { activateNetProbe } from './helpers';

suite('Proxies', () => {
  const password = 'Int3gr@tion:pw';
  let socks: SocksPeer;
  let web: http.Server;
  let webPort: number;
  const seen: string[] = [];
  const peers = new Map<string, string>();

  suiteSetup(async () => {
    socks = await startMicrosocks({ user: 'ivy', pass: password });
    web = http
      .createServer((req, res) => {
        seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
        peers.set(req.url ?? '', req.socket.remoteAddress ?? '');
        res.end('through the proxy');
      })
      .listen(0, '127.0.0.1');
    await once(web, 'listening');
    webPort = (web.address() as net.AddressInfo).port;
  });

  suiteTeardown(async () => {
    for (const name of ['it-socks', 'it-wrong', 'it-bound'])
      await vscode.commands.executeCommand('netprobe.removeProxy', name).then(undefined, () => undefined);
    await vscode.workspace.getConfiguration('netprobe').update('proxy.default', undefined, vscode.ConfigurationTarget.Global);
    await socks.close();
    web.close();
  });

  test('Add Proxy keeps the password in SecretStorage, not in settings', async () => {
    const api = await activateNetProbe();
    const profile = await vscode.commands.executeCommand<ProxyProfile>(
      'netprobe.addProxy',
      'it-socks',
      `socks5h://ivy:${encodeURIComponent(password)}@127.0.0.1:${socks.port}`,
    );
    assert.deepStrictEqual(profile, { name: 'it-socks', url: `socks5h://ivy@127.0.0.1:${socks.port}` });
    const stored = vscode.workspace.getConfiguration('netprobe').get<ProxyProfile[]>('proxies', []);
    assert.ok(stored.some(p => p.name === 'it-socks'));
    assert.ok(!JSON.stringify(stored).includes('Int3gr'));
    assert.strictEqual(
      await api.services.context.secrets.get(secretKeyFor({ protocol: 'socks5h', host: '127.0.0.1', port: socks.port, username: 'ivy' })),
      password,
    );
  });

  test('Test Proxy reports every stage and marks the profile healthy in the Proxies view', async () => {
    const api = await activateNetProbe();
    const r = await vscode.commands.executeCommand<ProxyTestResult>('netprobe.testProxy', 'it-socks', `localhost:${webPort}`);
    assert.strictEqual(r.ok, true, r.failure?.message);
    assert.deepStrictEqual(
      r.stages.map(s => s.stage),
      ['proxy-connect', 'greeting', 'auth', 'request'],
    );
    assert.strictEqual(r.resolvedBy, 'proxy');
    assert.ok(!JSON.stringify(r).includes('Int3gr'));
    const tree = api.services.trees.get('netprobe.proxies') as vscode.TreeDataProvider<ProxyNode>;
    const nodes = await tree.getChildren();
    const node = nodes?.find(n => n.profile.name === 'it-socks');
    assert.strictEqual(node?.health?.ok, true);
    const item = await tree.getTreeItem(node);
    assert.match(String(item.description), /^ok \d+ ms/);
  });

  test('a wrong stored password fails at the auth stage (another user of the same proxy keeps its own password)', async () => {
    await vscode.commands.executeCommand('netprobe.addProxy', 'it-wrong', `socks5://mallory@127.0.0.1:${socks.port}`, 'not-it');
    const r = await vscode.commands.executeCommand<ProxyTestResult>('netprobe.testProxy', 'it-wrong', `127.0.0.1:${webPort}`);
    assert.strictEqual(r.ok, false);
    assert.strictEqual(r.failure?.stage, 'auth');
  });

  test('a raw request is sent through the profile (password from SecretStorage)', async () => {
    const raw = `# @target localhost:${webPort} plain\nGET /through-profile HTTP/1.1\r\nHost: localhost:${webPort}\r\nConnection: close\r\n\r\n`;
    const r = await vscode.commands.executeCommand<{ status?: number; body?: string; error?: string }>('netprobe.sendRawRequest', raw, 0, {
      proxy: 'it-socks',
    });
    assert.strictEqual(r.status, 200, r.error);
    assert.strictEqual(r.body, 'through the proxy');
    assert.ok(seen.includes('GET /through-profile'));
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('netprobe.sendRawRequest', raw, 0, { proxy: 'it-wrong' })),
      /rejected the user name or password/,
    );
  });

  test('"# @proxy" in a request file sends that request through the named profile, a URL, or direct', async () => {
    // This microsocks connects out from 127.0.0.9: the web server sees that address only for proxied requests.
    const bound = await startMicrosocks({ bind: '127.0.0.9' });
    try {
      await vscode.commands.executeCommand('netprobe.addProxy', 'it-bound', `socks5h://127.0.0.1:${bound.port}`);
      const file = (proxy: string, path: string): string =>
        `# @target localhost:${webPort} plain\n# @proxy ${proxy}\nGET ${path} HTTP/1.1\r\nHost: localhost:${webPort}\r\nConnection: close\r\n\r\n`;
      const send = (text: string): Thenable<{ status?: number; error?: string }> => vscode.commands.executeCommand('netprobe.sendRawRequest', text, 0, {});
      assert.strictEqual((await send(file('it-bound', '/by-name'))).status, 200);
      assert.strictEqual(peers.get('/by-name'), '127.0.0.9');
      assert.strictEqual((await send(file(`socks5://127.0.0.1:${bound.port}`, '/by-url'))).status, 200);
      assert.strictEqual(peers.get('/by-url'), '127.0.0.9');
      await vscode.commands.executeCommand('netprobe.selectDefaultProxy', 'it-bound');
      assert.strictEqual((await send(file('direct', '/direct'))).status, 200);
      assert.strictEqual(peers.get('/direct'), '127.0.0.1');
      assert.strictEqual((await send(`# @target localhost:${webPort} plain\nGET /default HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).status, 200);
      assert.strictEqual(peers.get('/default'), '127.0.0.9');
      await assert.rejects(Promise.resolve(send(file('no-such-profile', '/unknown'))), /No proxy profile named "no-such-profile"/);
      assert.ok(!peers.has('/unknown'));
    } finally {
      await vscode.commands.executeCommand('netprobe.selectDefaultProxy', 'direct');
      await bound.close();
    }
  });

  test('the default proxy routes Check Port and Diagnose; "direct" bypasses it', async () => {
    const api = await activateNetProbe();
    assert.strictEqual(await vscode.commands.executeCommand('netprobe.selectDefaultProxy', 'it-socks'), 'it-socks');
    const tree = api.services.trees.get('netprobe.proxies') as vscode.TreeDataProvider<ProxyNode>;
    const nodes = await tree.getChildren();
    assert.strictEqual(nodes?.find(n => n.isDefault)?.profile.name, 'it-socks');
    const viaProxy = await vscode.commands.executeCommand<CheckPortResult>('netprobe.checkPort', '127.0.0.1', webPort);
    assert.strictEqual(viaProxy.open, true);
    assert.strictEqual(viaProxy.via, `socks5h://ivy:****@127.0.0.1:${socks.port}`);
    assert.deepStrictEqual(
      viaProxy.proxy?.stages.map(s => s.stage),
      ['proxy-connect', 'greeting', 'auth', 'request'],
    );
    const d = await vscode.commands.executeCommand<Diagnosis>('netprobe.diagnose', 'localhost', webPort);
    assert.strictEqual(d.category, 'ok');
    assert.strictEqual(d.proxy?.route?.resolvedBy, 'proxy');
    const direct = await vscode.commands.executeCommand<CheckPortResult>('netprobe.checkPort', '127.0.0.1', webPort, 'direct');
    assert.strictEqual(direct.via, undefined);
    assert.strictEqual(await vscode.commands.executeCommand('netprobe.selectDefaultProxy', 'direct'), 'direct');
  });
});
