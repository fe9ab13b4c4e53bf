import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SendSummary } from '../../../src/ui/commands/http';
import type { HttpView } from '../../../src/ui/webviews/http/protocol';
import type { NginxPeer } from '../../helpers/nginx';
import { startNginx } from '../../helpers/nginx';
import { closedPort } from '../../helpers/tcp-peers';
import { activateNetProbe, until } from './helpers';

type PanelState = { shown?: HttpView; lastRendered?: { id: string; tab: string; text: string } };

const panelState = (): Thenable<PanelState> => vscode.commands.executeCommand<PanelState>('netprobe.internal.httpPanelState');
const showTab = (tab: string): Thenable<{ text: string }> => vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', tab);

/** The panel's view once it shows a send other than `before`'s (a retry opens a new one). */
function nextView(before: string | undefined, what: string): Promise<HttpView> {
  return until(what, async () => {
    const s = await panelState();
    return s.shown && s.shown.id !== before && s.lastRendered?.id === s.shown.id ? s.shown : undefined;
  });
}

suite('A failed HTTP send is still a full panel (issue 16 rule 2)', () => {
  let nginx: NginxPeer;
  let dir: string;

  suiteSetup(async () => {
    await activateNetProbe();
    nginx = await startNginx();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-int-httpfail-'));
  });

  suiteTeardown(async () => {
    await nginx?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an untrusted server: TLS tab shows the chain, Wire the request, Copy as curl works; Retry without verification gives 200 with the badge', async () => {
    const url = `https://localhost:${nginx.untrustedPort}/`;
    const before = (await panelState()).shown?.id;
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.httpRequest', url)), /self-signed/);
    const view = await nextView(before, 'the panel to show the failure');
    assert.strictEqual(view.status, 'error');
    assert.deepStrictEqual(view.retries, ['insecure', 'caFile']);
    assert.strictEqual(view.exchanges.length, 1, 'the unsent exchange is shown');
    assert.strictEqual(view.exchanges[0]?.failedPhase, 'tls');

    const tls = await showTab('tls');
    assert.match(tls.text, /Not verified: .*self-signed/);
    assert.match(tls.text, /Leaf certificate \[0\]/);
    assert.match(tls.text, /SHA-256/);
    const wire = await showTab('wire');
    assert.match(wire.text, /Not sent: the connection to .* failed at the TLS handshake step/);
    assert.match(wire.text, /GET \/ HTTP\/1\.1/);
    const timing = await showTab('timing');
    assert.match(timing.text, /TLS handshake ✗ failed/);
    assert.match(timing.text, /Not reached: Request sent, Waiting \(TTFB\), Download/);
    const response = await showTab('response');
    assert.match(response.text, /No response: the request was not sent/);
    assert.match(response.text, /Retry without verification/);
    assert.match(response.text, /Choose CA file…/);
    assert.match(response.text, /Copy as curl/);
    assert.ok(!/Copy response/.test(response.text), 'no response: no Copy response button');
    assert.ok(!/TLS not verified/.test(response.text), 'the badge is for a response over an unverified connection');

    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('netprobe.internal.httpPanelAction', { type: 'copy', format: 'curl', exchange: 0 });
    const curl = await until('Copy as curl to fill the clipboard', async () => {
      const t = await vscode.env.clipboard.readText();
      return t ? t : undefined;
    });
    assert.match(curl, /^curl -v --http1\.1 .*'https:\/\/localhost:\d+\/'$/);
    await vscode.commands.executeCommand('netprobe.internal.httpPanelAction', { type: 'copy', format: 'raw', exchange: 0 });
    await until('Copy raw request', async () => ((await vscode.env.clipboard.readText()).startsWith('GET / HTTP/1.1\r\n') ? true : undefined));

    await vscode.commands.executeCommand('netprobe.internal.httpPanelAction', { type: 'retry', how: 'insecure' });
    const retried = await nextView(view.id, 'the retry without verification');
    assert.strictEqual(retried.exchanges[0]?.statusCode, 200);
    assert.strictEqual(retried.status, 'warning');
    assert.match(retried.summary, /TLS not verified/);
    const page = await until('the badge on the page', async () => {
      const s = await panelState();
      return s.lastRendered?.id === retried.id && s.lastRendered.text.includes('TLS not verified') ? s.lastRendered.text : undefined;
    });
    assert.match(page, /TLS not verified/);
    assert.match(retried.title, /retried without certificate verification/);

    // History's Re-run repeats what was finally sent (without verification), marked so; not the failing send.
    await vscode.commands.executeCommand('netprobe.rerunHistoryItem', retried.id);
    const again = await nextView(retried.id, 'the re-run of the retry from History');
    assert.strictEqual(again.exchanges[0]?.statusCode, 200);
    assert.match(again.title, /retried without certificate verification/);
    assert.match(again.summary, /TLS not verified/);
  });

  test('Choose CA file… retries trusting that CA for this send only (the setting is not written unasked)', async () => {
    const url = `https://localhost:${nginx.untrustedPort}/`;
    const before = (await panelState()).shown?.id;
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.httpRequest', url)), /self-signed/);
    const failed = await nextView(before, 'the failure');
    await vscode.commands.executeCommand('netprobe.internal.httpPanelAction', { type: 'retry', how: 'caFile' }, nginx.pki.selfSigned.cert);
    const ok = await nextView(failed.id, 'the retry with the CA file');
    assert.strictEqual(ok.exchanges[0]?.statusCode, 200);
    assert.strictEqual(ok.exchanges[0]?.tls?.authorized, true, 'verified against the chosen CA');
    assert.strictEqual(ok.status, 'ok');
    assert.strictEqual(vscode.workspace.getConfiguration('netprobe').inspect('http.caFile')?.globalValue ?? '', '');
    assert.match(ok.title, new RegExp(`retried trusting ${path.basename(nginx.pki.selfSigned.cert)}`));

    await vscode.commands.executeCommand('netprobe.rerunHistoryItem', ok.id);
    const again = await nextView(ok.id, 'the re-run of the CA-file retry from History');
    assert.strictEqual(again.exchanges[0]?.tls?.authorized, true, 'History re-runs it trusting the same CA file');
    assert.strictEqual(again.status, 'ok');
    assert.match(again.title, /retried trusting /);
  });

  test("a request file's retry without verification re-runs from History without verification (the file read again)", async () => {
    const file = path.join(dir, 'retry.rawhttp');
    fs.writeFileSync(file, `# @target localhost:${nginx.untrustedPort} tls\nGET / HTTP/1.1\nHost: localhost\n`);
    const before = (await panelState()).shown?.id;
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand<SendSummary>('netprobe.sendRawRequest', vscode.Uri.file(file), 0)), /self-signed/);
    const failed = await nextView(before, 'the failure');
    await vscode.commands.executeCommand('netprobe.internal.httpPanelAction', { type: 'retry', how: 'insecure' });
    const retried = await nextView(failed.id, 'the retry');
    assert.strictEqual(retried.exchanges[0]?.statusCode, 200);
    await vscode.commands.executeCommand('netprobe.rerunHistoryItem', retried.id);
    const again = await nextView(retried.id, 'the re-run from History');
    assert.strictEqual(again.exchanges[0]?.statusCode, 200);
    assert.match(again.title, /retried without certificate verification/);
  });

  test('a request file gets the "# @insecure" advice; a refused port shows the connect phase and hides what cannot be shown', async () => {
    const file = path.join(dir, 'untrusted.rawhttp');
    fs.writeFileSync(file, `# @target localhost:${nginx.untrustedPort} tls\nGET / HTTP/1.1\nHost: localhost\n`);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand<SendSummary>('netprobe.sendRawRequest', vscode.Uri.file(file), 0)), /# @insecure/);

    const before = (await panelState()).shown?.id;
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.httpRequest', `http://127.0.0.1:${await closedPort()}/x`)));
    const view = await nextView(before, 'the refused send');
    assert.strictEqual(view.exchanges[0]?.failedPhase, 'connect');
    assert.strictEqual(view.retries, undefined, 'nothing to retry differently');
    const tls = await showTab('tls');
    assert.match(tls.text, /Plain TCP/);
    const timing = await showTab('timing');
    assert.match(timing.text, /TCP connect ✗ failed/);
  });
});
