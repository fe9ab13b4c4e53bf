import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SendSummary } from '../../../src/ui/commands/http';
import type { HttpView } from '../../../src/ui/webviews/http/protocol';
import type { NginxPeer } from '../../helpers/nginx';
import { startNginx } from '../../helpers/nginx';
import { activateNetProbe, until } from './helpers';

interface PanelState {
  shown?: HttpView;
  lastRendered?: { id: string; tab: string; text: string };
}

/** Sends the file's first request through its "Send raw" CodeLens, as a click does. */
async function sendFromLens(file: string, command = 'netprobe.sendRawRequest'): Promise<SendSummary> {
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const lenses = await until('the CodeLenses', async () => {
    const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    return l.some(x => x.command?.command === command) ? l : undefined;
  });
  const lens = lenses.find(l => l.command?.command === command);
  const args: unknown[] = lens?.command?.arguments ?? [];
  return vscode.commands.executeCommand<SendSummary>(command, ...args);
}

async function panelShowing(summary: RegExp): Promise<PanelState> {
  return until('the HTTP panel to render the send', async () => {
    const s = await vscode.commands.executeCommand<PanelState>('netprobe.internal.httpPanelState');
    return s.shown && summary.test(s.shown.summary) && s.lastRendered?.id === s.shown.id ? s : undefined;
  });
}

suite('HTTP/2 in the HTTP panel', () => {
  let nginx: NginxPeer;
  let dir: string;

  suiteSetup(async () => {
    await activateNetProbe();
    nginx = await startNginx();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-int-h2-'));
  });

  suiteTeardown(async () => {
    await nginx?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a # @http2 request sent from its CodeLens: the Wire tab lists the frames both ways, decoded, and Timing the stream', async () => {
    const file = path.join(dir, 'h2.rawhttp');
    fs.writeFileSync(file, `# @http2\n# @insecure\n# @target localhost:${nginx.h2Port} tls\nGET /hello.json HTTP/1.1\nHost: localhost\nX-Probe: frames\n`);
    const r = await sendFromLens(file);
    assert.strictEqual(r.status, 200);
    assert.strictEqual(r.httpVersion, '2');
    const state = await panelShowing(/^HTTP\/2 200/);
    const ex = state.shown?.exchanges[0];
    assert.strictEqual(ex?.http2?.streamId, 1);
    assert.strictEqual(ex.negotiation?.used, '2');
    assert.ok(
      ex.http2.remoteSettings.some(([name]) => name === 'MAX_CONCURRENT_STREAMS'),
      JSON.stringify(ex.http2.remoteSettings),
    );
    assert.strictEqual(ex.wire.sent, '', 'HTTP/2 bytes come in frame pages, not as one block');

    const wire = await vscode.commands.executeCommand<{ tab: string; text: string }>('netprobe.internal.showHttpTab', 'wire');
    assert.strictEqual(wire.tab, 'wire');
    const text = wire.text;
    assert.match(text, /HTTP\/2 over ALPN h2 on connection #1/);
    assert.match(text, /ALPN h2; stream 1/);
    assert.match(text, /Settings NetProbe sent[\s\S]*ENABLE_PUSH[\s\S]*Settings the server sent[\s\S]*MAX_CONCURRENT_STREAMS/);
    assert.match(text, /Frames 1–\d+ of \d+/);
    for (const type of ['SETTINGS', 'HEADERS', 'DATA', 'WINDOW_UPDATE']) assert.match(text, new RegExp(`\\b${type}\\b`), `${type} frame listed`);
    assert.match(text, /sent[\s\S]*received/);
    assert.match(text, /END_STREAM/);
    assert.match(text, /MAX_CONCURRENT_STREAMS=\d+/, 'SETTINGS values by name on the frame');
    // The request's and the response's header lists, decoded from the frames through HPACK, with their encoded size.
    assert.match(text, /Header list: \d+ fields, \d+ bytes encoded \(HPACK\)/);
    assert.match(text, /:method\s+GET/);
    assert.match(text, /:path\s+\/hello\.json/);
    assert.match(text, /x-probe\s+frames/);
    assert.match(text, /:status\s+200/);
    assert.match(text, /content-type\s+application\/json/);
    assert.match(text, /window: connection \d+/, 'flow-control windows on DATA/WINDOW_UPDATE');

    const timing = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'timing');
    assert.match(timing.text, /HTTP\/2 stream 1/);
    assert.match(timing.text, /Headers sent\s+\d+\.\d{3} ms/);
    assert.match(timing.text, /First byte\s+\d+\.\d{3} ms/);
    assert.match(timing.text, /Last byte\s+\d+\.\d{3} ms/);
  });

  test("# @concurrent with Send all: each stream's exchange is in the picker, and Timing shows the streams side by side", async () => {
    const file = path.join(dir, 'h2c.rawhttp');
    fs.writeFileSync(
      file,
      `# @http2 prior-knowledge\n# @concurrent 2\n# @target 127.0.0.1:${nginx.h2cPort}\nGET /proto HTTP/1.1\nHost: localhost\n\n###\nGET /echo HTTP/1.1\nHost: localhost\n`,
    );
    const r = await sendFromLens(file, 'netprobe.sendAllRawRequests');
    assert.strictEqual(r.exchanges, 2);
    const state = await panelShowing(/^HTTP\/2 200 .*\(2 exchanges\)/);
    assert.deepStrictEqual(
      state.shown?.exchanges.map(e => [e.http2?.streamId, e.connection.id]),
      [
        [1, 1],
        [3, 1],
      ],
    );
    const timing = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'timing');
    assert.match(timing.text, /2\. GET http:\/\/localhost:\d+\/echo → 200 +· stream 3/);
    assert.match(timing.text, /Streams on connection #1 \(2\)/);
    assert.match(timing.text, /HTTP\/2 stream 3/);
    const wire = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'wire');
    assert.match(wire.text, /HTTP\/2 over prior knowledge \(h2c\) on connection #1 \(reused\)/);
    assert.match(wire.text, /:path\s+\/echo/);
    assert.doesNotMatch(wire.text, /:path\s+\/proto/, 'the stream scope leaves the other stream out');
  });

  test('a TLS server without h2: the panel says HTTP/2 was refused in ALPN and shows the HTTP/1.1 exchange', async () => {
    const file = path.join(dir, 'h2-refused.rawhttp');
    fs.writeFileSync(file, `# @http2\n# @insecure\n# @target localhost:${nginx.httpsPort} tls\nGET /proto HTTP/1.1\nHost: localhost\n`);
    const r = await sendFromLens(file);
    assert.strictEqual(r.httpVersion, '1.1');
    const state = await panelShowing(/^HTTP\/1\.1 200/);
    assert.strictEqual(state.shown?.exchanges[0]?.negotiation?.used, '1.1');
    const response = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'response');
    assert.match(response.text, /HTTP\/2 was asked for, HTTP\/1\.1 was used: The server chose http\/1\.1 in ALPN \(it refused h2\)/);
    const wire = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'wire');
    assert.match(wire.text, /it refused h2/);
    assert.match(wire.text, /GET \/proto HTTP\/1\.1/);
  });
});
