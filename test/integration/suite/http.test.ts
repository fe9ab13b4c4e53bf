import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DoctorReport } from '../../../src/core/doctor/types';
import type { SendSummary } from '../../../src/ui/commands/http';
import type { HttpView } from '../../../src/ui/webviews/http/protocol';
import type { NginxPeer } from '../../helpers/nginx';
import { startNginx } from '../../helpers/nginx';
import { activateNetProbe, until } from './helpers';

suite('Raw HTTP, sessions and the doctor', () => {
  let nginx: NginxPeer;
  let dir: string;

  suiteSetup(async () => {
    await activateNetProbe();
    nginx = await startNginx();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-int-http-'));
  });

  suiteTeardown(async () => {
    await nginx?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('# @http2 prior-knowledge and # @concurrent: Send all goes as HTTP/2 streams on one connection; # @http2 on a port without h2 falls back to HTTP/1.1', async () => {
    const file = path.join(dir, 'h2.rawhttp');
    fs.writeFileSync(
      file,
      `# @http2 prior-knowledge\n# @concurrent 2\n# @target 127.0.0.1:${nginx.h2cPort}\nGET /proto HTTP/1.1\nHost: localhost\n\n###\nGET /echo HTTP/1.1\nHost: localhost\n`,
    );
    const r = await vscode.commands.executeCommand<SendSummary>('netprobe.sendAllRawRequests', vscode.Uri.file(file));
    assert.strictEqual(r.status, 200);
    assert.strictEqual(r.httpVersion, '2');
    assert.strictEqual(r.exchanges, 2);
    assert.ok((r.frames ?? 0) >= 7, `frames: ${r.frames}`);
    const fallback = path.join(dir, 'h2-refused.rawhttp');
    fs.writeFileSync(fallback, `# @http2\n# @insecure\n# @target localhost:${nginx.httpsPort} tls\nGET /proto HTTP/1.1\nHost: localhost\n`);
    const f = await vscode.commands.executeCommand<SendSummary>('netprobe.sendRawRequest', vscode.Uri.file(fallback), 0);
    assert.strictEqual(f.httpVersion, '1.1');
    assert.strictEqual(f.body, 'HTTP/1.1\n');
    assert.match(f.negotiationNote ?? '', /chose http\/1\.1 in ALPN \(it refused h2\)/);
  });

  test('a request file has a Send raw CodeLens per request; sending opens the panel with the status and the Wire tab', async () => {
    const file = path.join(dir, 'demo.rawhttp');
    fs.writeFileSync(file, `# @target 127.0.0.1:${nginx.httpPort}\nGET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n###\nHEAD /text HTTP/1.1\nHost: localhost\n`);
    const uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'netprobe-http');
    const lenses = await until('the CodeLenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l.length ? l : undefined;
    });
    const sends = lenses.filter(l => l.command?.command === 'netprobe.sendRawRequest');
    assert.deepStrictEqual(
      sends.map(l => l.range.start.line),
      [1, 5],
    );
    assert.ok(lenses.some(l => l.command?.command === 'netprobe.connectionDoctor'));
    const [lensUri, index] = sends[0]?.command?.arguments ?? [];
    const r = await vscode.commands.executeCommand<SendSummary>('netprobe.sendRawRequest', lensUri, index);
    assert.strictEqual(r.status, 200);
    assert.strictEqual(r.body, 'GET /echo localhost\n');
    assert.strictEqual(r.bytesSent, 'GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n'.length);
    const state = await until('the HTTP panel to render', async () => {
      const s = await vscode.commands.executeCommand<{ shown?: HttpView; lastRendered?: { tab: string; text: string } }>('netprobe.internal.httpPanelState');
      return s.lastRendered?.text.includes('200 OK') ? s : undefined;
    });
    assert.match(state.lastRendered?.text ?? '', /Wire/);
    assert.match(state.lastRendered?.text ?? '', /Content-Length/);
    const wire = await vscode.commands.executeCommand<{ tab: string; text: string }>('netprobe.internal.showHttpTab', 'wire');
    assert.strictEqual(wire.tab, 'wire');
    assert.match(wire.text, /Sent — 39 bytes/);
    assert.match(wire.text, /GET \/echo HTTP\/1\.1/);
    assert.match(wire.text, /Received — \d+ bytes/);
    const timing = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'timing');
    assert.match(timing.text, /TCP connect/);
    assert.match(timing.text, /time_starttransfer/);
  });

  test('Send all sends every request of a file in order on one kept-alive connection', async () => {
    const seen: string[] = [];
    let connections = 0;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => {
        body += d.toString();
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`.trim());
        res.end(`answer ${seen.length}`);
      });
    });
    server.on('connection', () => {
      connections++;
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const file = path.join(dir, 'all.rawhttp');
      fs.writeFileSync(
        file,
        `# @target 127.0.0.1:${port}\nGET /one HTTP/1.1\nHost: a\n\n###\nPOST /two HTTP/1.1\nHost: a\nContent-Length: 2\n\nhi\n###\nGET /three HTTP/1.1\nHost: a\n`,
      );
      const uri = vscode.Uri.file(file);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const lenses = await until('the CodeLenses', async () => {
        const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return l.length ? l : undefined;
      });
      const all = lenses.filter(l => l.command?.command === 'netprobe.sendAllRawRequests');
      assert.deepStrictEqual(
        all.map(l => [l.range.start.line, l.command?.title]),
        [[1, '$(run-all) Send all 3']],
      );
      const [lensUri] = all[0]?.command?.arguments ?? [];
      const r = await vscode.commands.executeCommand<SendSummary>('netprobe.sendAllRawRequests', lensUri);
      assert.strictEqual(r.exchanges, 3);
      assert.strictEqual(r.status, 200);
      assert.strictEqual(r.body, 'answer 3');
      assert.deepStrictEqual(seen, ['GET /one', 'POST /two hi', 'GET /three']);
      assert.strictEqual(connections, 1, 'one TCP connection carried all three');
      const state = await until('the HTTP panel to show three exchanges', async () => {
        const st = await vscode.commands.executeCommand<{ shown?: HttpView; lastRendered?: { id: string } }>('netprobe.internal.httpPanelState');
        return st.shown?.exchanges.length === 3 && st.lastRendered?.id === st.shown.id ? st : undefined;
      });
      assert.deepStrictEqual(
        state.shown?.exchanges.map(e => [e.connection.id, e.connection.reused]),
        [
          [1, false],
          [1, true],
          [1, true],
        ],
      );
      const response = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'response');
      assert.match(response.text, /answer 3/);
      const wire = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'wire');
      assert.match(wire.text, /Connection #1 \(reused\)/);

      const mixed = `# @target 127.0.0.1:${port}\nGET /one HTTP/1.1\n\n###\n# @target 127.0.0.1:1\nGET /two HTTP/1.1\n`;
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.sendAllRawRequests', mixed)), /different @target/);
      assert.strictEqual(seen.length, 3, 'nothing was sent');
    } finally {
      server.closeAllConnections();
      await new Promise<void>(r => server.close(() => r()));
    }
  });

  test('file @variables and {{$processEnv}} expand in @target, the request line and headers; an undefined one is flagged and sent as written', async () => {
    const seen: Array<{ url?: string; missing?: string | string[]; token?: string | string[] }> = [];
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url, missing: req.headers['x-missing'], token: req.headers['x-token'] });
      res.end('hi');
    });
    process.env.NP_IT_TOKEN = 'from-the-environment';
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const file = path.join(dir, 'vars.rawhttp');
      fs.writeFileSync(
        file,
        `@port = ${port}\n@who = world\n# @target 127.0.0.1:{{port}}\nGET /hello/{{who}} HTTP/1.1\nHost: h\nX-Missing: {{nope}}\nX-Token: {{$processEnv NP_IT_TOKEN}}\n`,
      );
      const uri = vscode.Uri.file(file);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const lenses = await until('the CodeLenses', async () => {
        const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return l.length ? l : undefined;
      });
      assert.ok(
        lenses.some(l => /^\$\(info\) \{\{nope\}\} is not defined/.test(l.command?.title ?? '')),
        lenses.map(l => l.command?.title).join(' | '),
      );
      // Sending an environment variable asks first (answered here through the test hook).
      await vscode.commands.executeCommand('netprobe.internal.modals', ['Send']);
      const r = await vscode.commands.executeCommand<SendSummary>('netprobe.sendRawRequest', uri, 0);
      assert.strictEqual(r.status, 200);
      assert.match(
        (await vscode.commands.executeCommand<Array<{ message: string }>>('netprobe.internal.modals', []))[0]?.message ?? '',
        /^Send the environment variable NP_IT_TOKEN to 127\.0\.0\.1:\d+\?$/,
      );
      assert.deepStrictEqual(seen, [{ url: '/hello/world', missing: '{{nope}}', token: 'from-the-environment' }]);
      const response = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'response');
      assert.match(response.text, /Expanded variables: \{\{port\}\}, \{\{who\}\}, \{\{\$processEnv\}\}\./);
      assert.match(response.text, /\{\{nope\}\} is not defined/);
    } finally {
      await vscode.commands.executeCommand('netprobe.forgetProcessEnvConsent');
      delete process.env.NP_IT_TOKEN;
      await new Promise<void>(r => server.close(() => r()));
    }
  });

  test('a .http file no other extension claims opens as a raw request file', async () => {
    const file = path.join(dir, 'plain.http');
    fs.writeFileSync(file, `GET http://127.0.0.1:${nginx.httpPort}/echo HTTP/1.1\n`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await until('the language to switch', () =>
      vscode.workspace.textDocuments.find(d => d.uri.fsPath === file)?.languageId === 'netprobe-http' ? true : undefined,
    );
    const r = await vscode.commands.executeCommand<SendSummary>('netprobe.sendRawRequest', doc.uri, 0);
    assert.strictEqual(r.status, 200);
    assert.strictEqual(r.body, 'GET /echo 127.0.0.1\n', 'nginx reads the absolute-form target');
  });

  test('HTTPS through the command shows the TLS chain; an untrusted certificate is an error', async () => {
    const ca = vscode.workspace.getConfiguration('netprobe');
    await ca.update('http.caFile', nginx.pki.caFile, vscode.ConfigurationTarget.Global);
    try {
      // A fresh panel: the tab is asked for while its webview is still loading, and must still be shown.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const r = await vscode.commands.executeCommand<SendSummary>('netprobe.httpRequest', `https://localhost:${nginx.httpsPort}/echo`);
      assert.strictEqual(r.status, 200);
      assert.match(r.tlsProtocol ?? '', /TLSv1\.[23]/);
      const tls = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'tls');
      assert.match(tls.text, /NetProbe Test CA/);
      assert.match(tls.text, /SHA-256/);
      assert.match(tls.text, /IP Address:::1/);
    } finally {
      await ca.update('http.caFile', undefined, vscode.ConfigurationTarget.Global);
    }
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('netprobe.httpRequest', `https://localhost:${nginx.untrustedPort}/`)),
      (e: Error) => /self-signed/.test(e.message) && !/# @insecure/.test(e.message),
      'a URL has no request file: no "# @insecure" advice there (issue 16 rule 2)',
    );
  });

  test('# @insecure: the Doctor CodeLens examines the request\'s path without verification; a success says "TLS not verified" (issue 16 rule 6)', async () => {
    const file = path.join(dir, 'insecure.rawhttp');
    fs.writeFileSync(file, `# @insecure\n# @target localhost:${nginx.untrustedPort} tls\nGET /status?full=1 HTTP/1.1\nHost: localhost\n`);
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const doctor = await until('the Doctor CodeLens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l.find(x => x.command?.command === 'netprobe.connectionDoctor');
    });
    const [url, options] = doctor.command?.arguments ?? [];
    assert.strictEqual(url, `https://localhost:${nginx.untrustedPort}/status?full=1`);
    assert.deepStrictEqual(options, { insecure: true });
    assert.match(doctor.command?.tooltip ?? '', /certificate not verified \(# @insecure\)/);
    const r = await vscode.commands.executeCommand<SendSummary>('netprobe.sendRawRequest', uri, 0);
    assert.strictEqual(r.status, 200);
    const state = await until('the HTTP panel to render the unverified response', async () => {
      const s = await vscode.commands.executeCommand<{ shown?: HttpView; lastRendered?: { text: string } }>('netprobe.internal.httpPanelState');
      return s.lastRendered?.text.includes('TLS not verified') ? s : undefined;
    });
    assert.strictEqual(state.shown?.status, 'warning', 'no plain green success');
    assert.match(state.shown?.summary ?? '', /200 OK .* — TLS not verified/);
    assert.match(state.lastRendered?.text ?? '', /TLS not verified/, 'the badge is on the page');
  });

  test('a malformed response is shown with each violation at its byte, and marked in the Wire tab; History keeps no query-string secret', async () => {
    const server = net.createServer(s => {
      s.on('error', () => undefined);
      s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 8\r\n\r\nhello123'));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const r = await vscode.commands.executeCommand<SendSummary>('netprobe.httpRequest', `http://127.0.0.1:${port}/`);
      assert.strictEqual(r.status, 200);
      assert.strictEqual(r.body, 'hello123');
      const response = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'response');
      assert.match(response.text, /HTTP\/1\.1 violations \(1\)/);
      assert.match(response.text, /Byte 52 · conflicting-content-length · framing: Content-Length is given with different values/);
      const state = await vscode.commands.executeCommand<{ shown?: HttpView }>('netprobe.internal.httpPanelState');
      assert.deepStrictEqual(
        state.shown?.exchanges[0]?.violations.map(v => [v.code, v.offset]),
        [['conflicting-content-length', 52]],
      );
      const wire = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'wire');
      assert.match(wire.text, /Content-Length: 8/);
      // History keeps no credential from the URL's query string (the panel shows the request as sent).
      const api = await activateNetProbe();
      await vscode.commands.executeCommand<SendSummary>('netprobe.httpRequest', `http://127.0.0.1:${port}/p?access_token=S3CRET-T0KEN&page=2`);
      const entry = await until('the request in History', () => api.services.history.all().find(v => v.kind === 'http' && v.title.includes('page=2')));
      assert.doesNotMatch(JSON.stringify(entry), /S3CRET-T0KEN/);
      assert.match(entry.title, /\/p\?access_token=<redacted>&page=2/);
    } finally {
      await new Promise<void>(r => server.close(() => r()));
    }
  });

  test("a decompression bomb is decoded up to the cap, off the host's critical path, and the panel says so", async () => {
    const bomb = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'http', 'brotli-bomb-200mb.br'));
    const server = net.createServer(s => {
      s.on('error', () => undefined);
      s.once('data', () =>
        s.end(
          Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: br\r\nContent-Length: ${bomb.length}\r\n\r\n`), bomb]),
        ),
      );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const r = await vscode.commands.executeCommand<SendSummary>('netprobe.httpRequest', `http://127.0.0.1:${port}/`);
      assert.strictEqual(r.status, 200);
      const response = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'response');
      assert.match(response.text, new RegExp(`decoded body truncated at 64 MiB, ${bomb.length} bytes on the wire`));
      assert.match(response.text, new RegExp(`67108864 bytes \\(64\\.0 MiB\\) · .*decompressed from br \\(${bomb.length} bytes on the wire\\)`));
    } finally {
      await new Promise<void>(r => server.close(() => r()));
    }
  });

  test('Connection Doctor returns the report and shows it', async () => {
    const r = await vscode.commands.executeCommand<DoctorReport>('netprobe.connectionDoctor', `http://127.0.0.1:${nginx.httpPort}/echo`);
    assert.strictEqual(r.verdict, 'ok');
    assert.deepStrictEqual(
      r.steps.map(s => s.status),
      ['ok', 'ok', 'skipped', 'ok'],
    );
  });

  test('a raw session terminal sends typed lines with CRLF and half-closes on Ctrl+D', async () => {
    let received = '';
    let ended: () => void = () => undefined;
    const gotEnd = new Promise<void>(r => {
      ended = r;
    });
    const server = net.createServer({ allowHalfOpen: true }, s => {
      s.on('data', d => {
        received += d.toString();
      });
      s.on('end', () => {
        s.end('bye\n');
        ended();
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const opened = await vscode.commands.executeCommand<{ name: string; info: { remotePort: number } }>('netprobe.openRawSession', '127.0.0.1', port, false);
      assert.strictEqual(opened.info.remotePort, port);
      const terminal = vscode.window.terminals.find(t => t.creationOptions.name === opened.name);
      assert.ok(terminal);
      terminal.sendText('hello');
      await until('the server to receive the line', () => (received === 'hello\r\n' ? true : undefined));
      terminal.sendText('\x04', false);
      await gotEnd;
      terminal.dispose();
    } finally {
      await new Promise<void>(r => server.close(() => r()));
    }
  });
});
