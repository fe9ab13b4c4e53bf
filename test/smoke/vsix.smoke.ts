// Smoke test of the packaged extension: runs in the real VS Code with the .vsix installed (not the source
// folder), so a file the package leaves out (.vscodeignore) fails here. One command per feature area, each
// panel's webview rendering, the hover, and the CLI launcher, against peers started here on loopback; the newer
// transports (WebSocket, DNS over TLS/HTTPS, HTTP/2, HTTP CONNECT proxies) against the same Debian peers as the
// integration tests; and every lazily loaded feature bundle loaded from the installed package.
import * as assert from 'assert';
import { execFile, spawn } from 'child_process';
import * as dgram from 'dgram';
import { once } from 'events';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AddressInfo as NetProbeAddress } from '../../src/core/address/describe';
import type { BatchResult } from '../../src/core/dns/batch';
import type { DnsResponse } from '../../src/core/dns/types';
import type { DoctorReport } from '../../src/core/doctor/types';
import type { ProxyTestResult } from '../../src/core/proxy/test-proxy';
import type { ResolveResult } from '../../src/core/resolve/resolve';
import type { ScanResult } from '../../src/core/scan/types';
import type { CliInstallResult } from '../../src/ui/commands/install-cli';
import type { SendSummary } from '../../src/ui/commands/http';
import type { NetProbeApi } from '../../src/extension';
import type { FeatureName } from '../../src/ui/features';
import { FEATURES } from '../../src/ui/features';
import type { CheckPortResult } from '../../src/core/ports/types';
import type { WebSocketInfo } from '../../src/core/websocket/types';
import { startDnsdist } from '../helpers/dnsdist';
import { startTinyproxy } from '../helpers/http-proxies';
import { startNginx } from '../helpers/nginx';
import { startWebSocketsEcho } from '../helpers/websockets';
import type { KnotServer } from '../helpers/knot';
import { startKnot } from '../helpers/knot';
import type { SocksPeer } from '../helpers/socks-peers';
import { startMicrosocks } from '../helpers/socks-peers';
import { until } from '../integration/suite/helpers';

const cmd = <T>(id: string, ...args: unknown[]): Promise<T> => Promise.resolve(vscode.commands.executeCommand<T>(id, ...args));

suite('Packaged extension (.vsix)', () => {
  let api: NetProbeApi;
  let knot: KnotServer;
  let socks: SocksPeer;
  let web: http.Server;
  let webPort: number;
  let echo: net.Server;
  let echoPort: number;
  let received = '';

  suiteSetup(async () => {
    knot = await startKnot();
    socks = await startMicrosocks();
    web = http.createServer((req, res) => res.end(`smoke ${req.url ?? ''}`)).listen(0, '127.0.0.1');
    await once(web, 'listening');
    webPort = (web.address() as net.AddressInfo).port;
    echo = net
      .createServer(s => {
        s.setEncoding('latin1');
        s.on('data', (d: string) => {
          received += d;
        });
        s.on('error', () => undefined);
      })
      .listen(0, '127.0.0.1');
    await once(echo, 'listening');
    echoPort = (echo.address() as net.AddressInfo).port;
  });

  suiteTeardown(async () => {
    await cmd('netprobe.removeProxy', 'smoke-socks').then(undefined, () => undefined);
    await knot?.close();
    await socks?.close();
    web?.closeAllConnections();
    await new Promise<void>(r => (web ? web.close(() => r()) : r()));
    await new Promise<void>(r => (echo ? echo.close(() => r()) : r()));
  });

  test('NetProbe is loaded from the installed package and activates', async () => {
    const ext = vscode.extensions.getExtension<NetProbeApi>('netprobe-dev.netprobe');
    assert.ok(ext, 'netprobe-dev.netprobe is installed');
    const dir = process.env.NETPROBE_HOST_EXTENSIONS_DIR ?? assert.fail('NETPROBE_HOST_EXTENSIONS_DIR not set');
    assert.ok(ext.extensionPath.startsWith(dir), `${ext.extensionPath} is under ${dir}`);
    api = await ext.activate();
    assert.ok(!fs.existsSync(path.join(ext.extensionPath, 'src')), 'no sources in the package');
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (ext.packageJSON as { contributes: { commands: Array<{ command: string }> } }).contributes.commands.map(c => c.command);
    assert.deepStrictEqual(
      contributed.filter(c => !registered.has(c)),
      [],
    );
  });

  test('the walkthrough opens on first activation', async () => {
    await until('the walkthrough tab', () => vscode.window.tabGroups.all.some(g => g.tabs.some(t => t.label === 'Welcome')) || undefined);
  });

  test('host names: Resolve', async () => {
    const r = await cmd<ResolveResult>('netprobe.resolve', 'localhost', 4);
    assert.deepStrictEqual(
      r.addresses.map(a => a.address),
      ['127.0.0.1'],
    );
  });

  test('DNS: a TXT lookup renders in the DNS panel; a large batch runs in the bundled worker', async () => {
    const r = await cmd<DnsResponse>('netprobe.dnsLookup', 'multi.example.test', 'TXT', knot.server4);
    assert.strictEqual(r.rcode, 'NOERROR');
    const panel = await cmd<{ lastRendered?: { id: number; text: string } }>('netprobe.internal.dnsPanel');
    const rendered = await until('the DNS panel to render', () => (panel.lastRendered?.id === r.receivedAt ? panel.lastRendered : undefined));
    assert.match(rendered.text, /second string/);
    const ips = Array.from({ length: 2100 }, (_, i) => `127.0.${i >> 8}.${i & 255}`);
    const b = await cmd<BatchResult>('netprobe.resolveSelection', ips.join('\n'), knot.server4);
    assert.strictEqual(b.items.find(i => i.input === '127.0.0.1')?.values?.[0], 'localhost.');
  });

  test('ports and scan: Check Port, Scan Ports (worker thread) and the scan panel', async () => {
    const open = await cmd<{ outcome: string }>('netprobe.checkPort', '127.0.0.1', echoPort);
    assert.strictEqual(open.outcome, 'open');
    const scan = await cmd<ScanResult>('netprobe.scanPorts', '127.0.0.1', String(webPort) + ',' + String(echoPort));
    assert.deepStrictEqual(
      scan.open,
      [webPort, echoPort].sort((a, b) => a - b),
    );
    await until('the scan panel to render', async () =>
      (await cmd<{ rendered?: { rows: number } }>('netprobe.internal.scanPanelState')).rendered?.rows ? true : undefined,
    );
  });

  test('raw HTTP: a request renders in the HTTP panel; the doctor; a raw session', async () => {
    const sent = await cmd<SendSummary>('netprobe.sendRawRequest', `# @target 127.0.0.1:${webPort}\nGET /vsix HTTP/1.1\nHost: localhost\n`);
    assert.strictEqual(sent.body, 'smoke /vsix');
    await until('the HTTP panel to render', async () =>
      (await cmd<{ lastRendered?: { text: string } }>('netprobe.internal.httpPanelState')).lastRendered?.text.includes('200') ? true : undefined,
    );
    const doctor = await cmd<DoctorReport>('netprobe.connectionDoctor', `http://127.0.0.1:${webPort}/`);
    assert.strictEqual(doctor.verdict, 'ok');
    const session = await cmd<{ name: string }>('netprobe.openRawSession', '127.0.0.1', echoPort, false);
    const terminal = vscode.window.terminals.find(t => t.creationOptions.name === session.name) ?? assert.fail('no session terminal');
    terminal.sendText('vsix');
    await until('the peer to receive the line', () => (received.includes('vsix\r\n') ? true : undefined));
    terminal.dispose();
  });

  test('SOCKS: Add Proxy and Test Proxy', async () => {
    await cmd('netprobe.addProxy', 'smoke-socks', `socks5://127.0.0.1:${socks.port}`);
    const r = await cmd<ProxyTestResult>('netprobe.testProxy', 'smoke-socks', `127.0.0.1:${webPort}`);
    assert.strictEqual(r.ok, true, r.failure?.message);
  });

  test('addresses: Convert Address renders in the results panel; the hover (with the bundled MAC vendor registry)', async () => {
    const a = await cmd<NetProbeAddress>('netprobe.convertAddress', '127.1');
    assert.strictEqual(a.canonical, '127.0.0.1');
    await until('the results panel to render', () => (api.services.results.lastRendered?.text.includes('127.0.0.1') ? true : undefined));
    const doc = await vscode.workspace.openTextDocument({ language: 'log', content: 'from 203.0.113.7 via 00:11:32:3c:c3:0b\n' });
    const hover = async (needle: string): Promise<string> => {
      const hovers = await cmd<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, doc.getText().indexOf(needle) + 1));
      return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    assert.match(await hover('203.0.113.7'), /TEST-NET-3/);
    assert.match(
      await until('the MAC vendor', async () => {
        const t = await hover('00:11');
        return /Synology/.test(t) ? t : undefined;
      }),
      /Synology Incorporated/,
    );
  });

  test('UDP: Send UDP gets the reply', async () => {
    const udp = dgram.createSocket('udp4');
    udp.on('message', (m, r) => udp.send(m, r.port, r.address));
    await new Promise<void>(r => udp.bind(0, '127.0.0.1', () => r()));
    try {
      const r = await cmd<{ replies: unknown[] }>('netprobe.sendUdp', '127.0.0.1', udp.address().port, 'ping', { wait: 3000, maxReplies: 1 });
      assert.strictEqual(r.replies.length, 1);
    } finally {
      udp.close();
    }
  });

  test('WebSocket: Open WebSocket Session and the packaged `netprobe ws` each get a line echoed (python3-websockets)', async () => {
    const ws = await startWebSocketsEcho();
    try {
      const opened = await cmd<{ name: string; info: WebSocketInfo }>('netprobe.openWebSocketSession', `${ws.url}smoke`);
      assert.strictEqual(opened.info.upgrade.status, 101);
      const terminal = vscode.window.terminals.find(t => t.creationOptions.name === opened.name) ?? assert.fail('no WebSocket terminal');
      terminal.sendText('smoke over ws');
      await until('the echo', async () =>
        /← smoke over ws\r\n/.test((await cmd<string | undefined>('netprobe.internal.websocketTerminalText', opened.name)) ?? '') ? true : undefined,
      );
      terminal.dispose();
      // `netprobe ws` of the packaged CLI: a stdin line out, the echo back on stdout, EOF closes.
      const ext = vscode.extensions.getExtension('netprobe-dev.netprobe') ?? assert.fail('not installed');
      const cli = spawn(process.execPath, [path.join(ext.extensionPath, 'dist', 'cli.js'), 'ws', ws.url, '--timeout', '5000'], {
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      let out = '';
      let err = '';
      // stdin stays open until the echo is back: a close sent right after the line may reach the echo server
      // before it answers, and it then closes without echoing (as RFC 6455 lets it).
      cli.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/cli over ws/.test(out)) cli.stdin.end();
      });
      cli.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      cli.stdin.write('cli over ws\n');
      const [code] = (await once(cli, 'exit')) as [number | null];
      assert.strictEqual(code, 0, err);
      assert.match(out, /cli over ws/);
    } finally {
      await ws.stop();
    }
  });

  test('DNS over TLS and HTTPS: lookups through a loopback dnsdist in front of knot', async () => {
    const dd = await startDnsdist({ backend: knot.server4 });
    try {
      const caFile = dd.pki.caFile;
      const dot = await cmd<DnsResponse>('netprobe.dnsLookup', 'example.test', 'MX', dd.dot, { caFile });
      assert.strictEqual(dot.transport, 'tls');
      assert.strictEqual(dot.tls?.verified, true);
      assert.deepStrictEqual(
        dot.answers.map(a => a.data),
        ['10 mail.example.test.', '20 mail2.example.net.'],
      );
      const doh = await cmd<DnsResponse>('netprobe.dnsLookup', 'example.test', 'AAAA', dd.doh, { caFile });
      assert.strictEqual(doh.transport, 'https');
      assert.deepStrictEqual(
        doh.answers.map(a => a.data),
        ['2001:db8::1'],
      );
    } finally {
      await dd.close();
    }
  });

  test('HTTP/2: # @http2 over TLS (ALPN h2) and with prior knowledge (h2c) against nginx', async () => {
    const nginx = await startNginx();
    try {
      const h2 = await cmd<SendSummary>(
        'netprobe.sendRawRequest',
        `# @http2\n# @insecure\n# @target localhost:${nginx.h2Port} tls\nGET /proto HTTP/1.1\nHost: localhost\n`,
      );
      assert.deepStrictEqual([h2.status, h2.httpVersion, h2.body?.trim()], [200, '2', 'HTTP/2.0'], h2.negotiationNote);
      assert.ok((h2.frames ?? 0) > 0, 'frames kept');
      const h2c = await cmd<SendSummary>(
        'netprobe.sendRawRequest',
        `# @http2 prior-knowledge\n# @target 127.0.0.1:${nginx.h2cPort}\nGET /proto HTTP/1.1\nHost: localhost\n`,
      );
      assert.deepStrictEqual([h2c.status, h2c.httpVersion, h2c.body?.trim()], [200, '2', 'HTTP/2.0'], h2c.negotiationNote);
    } finally {
      await nginx.stop();
    }
  });

  test('HTTP CONNECT proxy: Check Port through tinyproxy', async () => {
    const tiny = await startTinyproxy({ connectPorts: [echoPort] });
    try {
      const r = await cmd<CheckPortResult>('netprobe.checkPort', '127.0.0.1', echoPort, `http://127.0.0.1:${tiny.port}`);
      assert.strictEqual(r.open, true, r.message);
      assert.strictEqual(r.via, `http://127.0.0.1:${tiny.port}`);
      assert.deepStrictEqual(
        r.proxy?.stages.map(s => s.stage),
        ['proxy-connect', 'request'],
      );
      assert.match(tiny.log(), /CONNECT/);
    } finally {
      await tiny.close();
    }
  });

  test('every lazily loaded feature bundle loads from the installed package', async () => {
    const ext = vscode.extensions.getExtension<NetProbeApi>('netprobe-dev.netprobe') ?? assert.fail('not installed');
    const dist = path.join(ext.extensionPath, 'dist');
    const { features } = await ext.activate();
    for (const name of Object.keys(FEATURES) as FeatureName[]) await features.load(name);
    const bundles = fs.readdirSync(dist).filter(f => /^feature-.*\.js$/.test(f));
    // One bundle per feature, the hover's (loaded by the hover step above) and the code they share (feature-shared.js,
    // and feature-shared-hover.js for what the hover shares).
    assert.strictEqual(bundles.length, Object.keys(FEATURES).length + 3, bundles.join(', '));
    const loaded = new Set(Object.keys(require.cache));
    assert.deepStrictEqual(
      bundles.filter(f => !loaded.has(path.join(dist, f))),
      [],
      'bundles in the package that were never loaded',
    );
  });

  test("CLI: Install 'netprobe' Command in PATH writes a launcher that runs the packaged CLI without node on PATH", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-smoke-cli-'));
    try {
      const r = await cmd<CliInstallResult>('netprobe.installCli', { dir });
      const out = await new Promise<string>((resolve, reject) => {
        execFile('/bin/sh', [r.path, 'ip', '127.1', '--json'], { env: { PATH: dir } }, (e, stdout, stderr) =>
          e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout),
        );
      });
      assert.strictEqual((JSON.parse(out) as { canonical: string }).canonical, '127.0.0.1');
      const removed = await cmd<CliInstallResult | undefined>('netprobe.uninstallCli', { dir });
      assert.strictEqual(removed?.path, r.path);
      assert.ok(!fs.existsSync(r.path));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
