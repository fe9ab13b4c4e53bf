import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import type * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { TLSSocket } from 'tls';
import { once } from 'events';
import * as vscode from 'vscode';
import type { CheckPortResult } from '../../../src/core/ports/check-port';
import type { ProxyTestResult } from '../../../src/core/proxy/test-proxy';
import { secretKeyFor } from '../../../src/ui/proxy/profile-url';
import { passphraseKey } from '../../../src/ui/tls/tls-extras';
import type { ProxyProfile } from '../../../src/ui/settings';
import type { EnvironmentNode, ProxyNode } from '../../../src/ui/tree/proxies-tree';
import { startTinyproxy } from '../../helpers/http-proxies';
import type { HttpProxyPeer } from '../../helpers/http-proxies';
import { makeClientCerts } from '../../helpers/client-certs';
import { makeTestPki } from '../../helpers/nginx';
import { activateNetProbe, until } from './helpers';

suite('HTTP proxies and TLS extras', () => {
  const password = 'Ht7p-pr0xy_pw';
  let tiny: HttpProxyPeer;
  let web: http.Server;
  let webPort: number;
  const seenFrom = new Map<string, string>();

  suiteSetup(async () => {
    web = http
      .createServer((req, res) => {
        seenFrom.set(req.url ?? '', req.socket.remoteAddress ?? '');
        res.end('hello');
      })
      .listen(0, '127.0.0.1');
    await once(web, 'listening');
    webPort = (web.address() as net.AddressInfo).port;
    tiny = await startTinyproxy({ connectPorts: [webPort], auth: { user: 'hal', pass: password } });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('netprobe.removeProxy', 'it-http').then(undefined, () => undefined);
    const cfg = vscode.workspace.getConfiguration();
    await cfg.update('netprobe.proxy.default', undefined, vscode.ConfigurationTarget.Global);
    await cfg.update('http.proxy', undefined, vscode.ConfigurationTarget.Global);
    await cfg.update('http.noProxy', undefined, vscode.ConfigurationTarget.Global);
    await cfg.update('netprobe.tls.keyLogFile', undefined, vscode.ConfigurationTarget.Global);
    await tiny?.close();
    web?.close();
  });

  test('an HTTP proxy profile (password in SecretStorage by proxy identity) is used by Check Port; a 407 names the status', async () => {
    const api = await activateNetProbe();
    const profile = await vscode.commands.executeCommand<ProxyProfile>(
      'netprobe.addProxy',
      'it-http',
      `http://hal:${encodeURIComponent(password)}@127.0.0.1:${tiny.port}`,
    );
    assert.deepStrictEqual(profile, { name: 'it-http', url: `http://hal@127.0.0.1:${tiny.port}` });
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('netprobe').get('proxies')).includes('pr0xy'));
    assert.strictEqual(
      await api.services.context.secrets.get(secretKeyFor({ protocol: 'http', host: '127.0.0.1', port: tiny.port, username: 'hal' })),
      password,
    );
    const r = await vscode.commands.executeCommand<CheckPortResult>('netprobe.checkPort', 'localhost', webPort, 'it-http');
    assert.strictEqual(r.open, true, r.message);
    assert.strictEqual(r.via, `http://hal:****@127.0.0.1:${tiny.port}`);
    assert.deepStrictEqual(
      r.proxy?.stages.map(s => s.stage),
      ['proxy-connect', 'request'],
    );
    assert.match(r.proxy?.stages[1]?.detail ?? '', /200 Connection established, Basic auth as hal/);
    const t = await vscode.commands.executeCommand<ProxyTestResult>('netprobe.testProxy', 'it-http', `localhost:${webPort}`);
    assert.strictEqual(t.ok, true, t.failure?.message);
    const noAuth = await vscode.commands.executeCommand<CheckPortResult>('netprobe.checkPort', '127.0.0.1', webPort, `http://127.0.0.1:${tiny.port}`);
    assert.strictEqual(noAuth.outcome, 'error');
    assert.match(noAuth.message, /407 Proxy Authentication Required/);
    const tree = api.services.trees.get('netprobe.proxies') as vscode.TreeDataProvider<ProxyNode>;
    const node = (await tree.getChildren())?.find(n => 'profile' in n && n.profile.name === 'it-http');
    assert.strictEqual(node?.health?.ok, true);
  });

  test('"from environment": VS Code\'s http.proxy is shown with what it resolves to and used only when chosen, NO_PROXY respected', async () => {
    const api = await activateNetProbe();
    const tree = api.services.trees.get('netprobe.proxies') as vscode.TreeDataProvider<ProxyNode | EnvironmentNode>;
    const cfg = vscode.workspace.getConfiguration();
    await cfg.update('http.proxy', `http://hal:${encodeURIComponent(password)}@127.0.0.1:${tiny.port}`, vscode.ConfigurationTarget.Global);
    await cfg.update('http.noProxy', ['localhost'], vscode.ConfigurationTarget.Global);
    const envNode = await until('the environment node', async () => (await tree.getChildren())?.find((n): n is EnvironmentNode => 'environment' in n));
    const item = await tree.getTreeItem(envNode);
    assert.strictEqual(item.label, 'From environment');
    assert.strictEqual(item.description, `http.proxy → http://hal:****@127.0.0.1:${tiny.port} · NO_PROXY localhost`);
    assert.strictEqual(item.contextValue, 'netprobe.proxyEnvironment');
    assert.ok(!JSON.stringify(item).includes('pr0xy'));
    // Not applied silently: the default stays direct until chosen.
    const before = await vscode.commands.executeCommand<CheckPortResult>('netprobe.checkPort', '127.0.0.1', webPort);
    assert.strictEqual(before.via, undefined);
    assert.strictEqual(await vscode.commands.executeCommand('netprobe.selectDefaultProxy', 'environment'), 'environment');
    assert.strictEqual((await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.proxyStatus')).text, '$(shield) NetProbe via environment');
    const through = await vscode.commands.executeCommand<CheckPortResult>('netprobe.checkPort', '127.0.0.1', webPort);
    assert.strictEqual(through.via, `http://hal:****@127.0.0.1:${tiny.port}`);
    const bypassed = await vscode.commands.executeCommand<CheckPortResult>('netprobe.checkPort', 'localhost', webPort);
    assert.strictEqual(bypassed.open, true);
    assert.strictEqual(bypassed.via, undefined, 'NO_PROXY localhost goes direct');
    const raw = (p: string, host: string): string => `# @target ${host}:${webPort} plain\nGET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
    const sent = await vscode.commands.executeCommand<{ status?: number; error?: string }>('netprobe.sendRawRequest', raw('/env-default', '127.0.0.1'), 0, {});
    assert.strictEqual(sent.status, 200, sent.error);
    assert.ok(tiny.log().includes(`CONNECT 127.0.0.1:${webPort}`), 'the request went through tinyproxy');
    await vscode.commands.executeCommand('netprobe.selectDefaultProxy', 'direct');
  });

  test('TLS key logging: the status bar warns while netprobe.tls.keyLogFile is set, and a TLS request writes its secrets there', async () => {
    await activateNetProbe();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-it-keylog-'));
    const pki = makeTestPki(dir);
    const server = https.createServer({ key: fs.readFileSync(pki.server.key), cert: fs.readFileSync(pki.server.cert) }, (_req, res) => res.end('tls ok'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    const file = path.join(dir, 'keys.log');
    try {
      assert.deepStrictEqual(await vscode.commands.executeCommand('netprobe.internal.keyLogStatus'), { text: '' });
      await vscode.workspace.getConfiguration('netprobe').update('tls.keyLogFile', file, vscode.ConfigurationTarget.Global);
      const status = await until('the key log warning', async () => {
        const s = await vscode.commands.executeCommand<{ text: string; file?: string; label?: string }>('netprobe.internal.keyLogStatus');
        return s.file === file ? s : undefined;
      });
      assert.strictEqual(status.text, '$(unlock) NetProbe: TLS keys logged', 'every status-bar item names NetProbe (issue 16 rule 8)');
      assert.strictEqual(
        status.label,
        `Warning: NetProbe logs TLS session keys to ${file}. Anyone who can read that file can decrypt those sessions. Click to change or clear the setting.`,
      );
      const r = await vscode.commands.executeCommand<{ status?: number; error?: string }>(
        'netprobe.sendRawRequest',
        `# @target localhost:${port} tls\n# @insecure\nGET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
        0,
        { proxy: 'direct' },
      );
      assert.strictEqual(r.status, 200, r.error);
      const lines = await until('key log lines', () => {
        const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
        return text.includes('CLIENT_TRAFFIC_SECRET_0 ') ? text : undefined;
      });
      assert.match(lines, /^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} [0-9a-f]+$/m);
      assert.strictEqual(fs.statSync(file).mode & 0o777, 0o600);
      await vscode.workspace.getConfiguration('netprobe').update('tls.keyLogFile', undefined, vscode.ConfigurationTarget.Global);
      await until('the warning to go', async () =>
        (await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.keyLogStatus')).text === '' ? true : undefined,
      );
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a client certificate from netprobe.tls.clientCertificates (passphrase in SecretStorage) is presented to its server only', async () => {
    const api = await activateNetProbe();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-it-mtls-'));
    const pki = makeTestPki(dir);
    const certs = makeClientCerts(dir);
    const server = https.createServer(
      {
        key: fs.readFileSync(pki.server.key),
        cert: fs.readFileSync(pki.server.cert),
        ca: fs.readFileSync(certs.caFile),
        requestCert: true,
        rejectUnauthorized: false,
      },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        res.end(typeof peer.subject?.CN === 'string' ? `client ${peer.subject.CN}` : 'no client certificate');
      },
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    const send = (host: string): Thenable<{ status?: number; body?: string; error?: string }> =>
      vscode.commands.executeCommand(
        'netprobe.sendRawRequest',
        `# @target ${host}:${port} tls\n# @insecure\nGET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
        0,
        { proxy: 'direct' },
      );
    try {
      assert.strictEqual((await send('localhost')).body, 'no client certificate');
      const entry = await vscode.commands.executeCommand('netprobe.addClientCertificate', 'localhost', certs.p12, undefined, certs.passphrase);
      assert.deepStrictEqual(entry, { host: 'localhost', cert: certs.p12 });
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('netprobe').get('tls.clientCertificates')).includes(certs.passphrase));
      assert.strictEqual(await api.services.context.secrets.get(passphraseKey(certs.p12)), certs.passphrase);
      assert.strictEqual((await send('localhost')).body, 'client netprobe-client');
      assert.strictEqual((await send('127.0.0.1')).body, 'no client certificate', 'another server name gets no certificate');
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('netprobe.addClientCertificate', 'localhost', certs.p12, undefined, 'wrong')),
        /passphrase of the PKCS#12 bundle .* is wrong/,
      );
      assert.strictEqual(await vscode.commands.executeCommand('netprobe.removeClientCertificate', 'localhost'), true);
      assert.strictEqual(await api.services.context.secrets.get(passphraseKey(certs.p12)), undefined);
      assert.strictEqual((await send('localhost')).body, 'no client certificate');
    } finally {
      await vscode.workspace.getConfiguration('netprobe').update('tls.clientCertificates', undefined, vscode.ConfigurationTarget.Global);
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
