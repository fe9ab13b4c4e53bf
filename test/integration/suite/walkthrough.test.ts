import * as assert from 'assert';
import { once } from 'events';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DnsResponse } from '../../../src/core/dns/types';
import type { ProxyTestResult } from '../../../src/core/proxy/test-proxy';
import type { ResolveResult } from '../../../src/core/resolve/resolve';
import type { ScanResult } from '../../../src/core/scan/types';
import type { SendSummary } from '../../../src/ui/commands/http';
import type { KnotServer } from '../../helpers/knot';
import { startKnot } from '../../helpers/knot';
import type { SocksPeer } from '../../helpers/socks-peers';
import { startMicrosocks } from '../../helpers/socks-peers';
import { closedPort } from '../../helpers/tcp-peers';
import { activateNetProbe, until } from './helpers';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { image?: string; markdown?: string };
  completionEvents: string[];
}
interface Walkthrough {
  id: string;
  steps: Step[];
}

const EXTENSION_ID = 'netprobe-dev.netprobe';
const extension = (): vscode.Extension<unknown> => vscode.extensions.getExtension(EXTENSION_ID) ?? assert.fail('NetProbe not installed');
const walkthrough = (): Walkthrough =>
  (extension().packageJSON as { contributes: { walkthroughs: Walkthrough[] } }).contributes.walkthroughs[0] ?? assert.fail('no walkthrough');
const buttonCommand = (step: Step): string => /\]\(command:([\w.]+)\)/.exec(step.description)?.[1] ?? assert.fail(`step ${step.id} has no command button`);

/** Closes an untitled editor without a save prompt. */
async function discard(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** Every tab's label in every editor group. */
const tabLabels = (): string[] => vscode.window.tabGroups.all.flatMap(g => g.tabs.map(t => t.label));

suite('Walkthrough', () => {
  let knot: KnotServer;
  let socks: SocksPeer;
  let web: http.Server;
  let webPort: number;
  let echo: net.Server;
  let echoPort: number;
  let received = '';

  suiteSetup(async () => {
    await activateNetProbe();
    knot = await startKnot();
    socks = await startMicrosocks();
    web = http
      .createServer((req, res) => {
        res.setHeader('Content-Type', 'text/plain');
        res.end(`hello ${req.url ?? ''}\n`);
      })
      .listen(0, '127.0.0.1');
    await once(web, 'listening');
    webPort = (web.address() as net.AddressInfo).port;
    echo = net
      .createServer(s => {
        s.setEncoding('latin1');
        s.on('data', (d: string) => {
          received += d;
        });
        s.on('end', () => s.end());
      })
      .listen(0, '127.0.0.1');
    await once(echo, 'listening');
    echoPort = (echo.address() as net.AddressInfo).port;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('netprobe.removeProxy', 'walkthrough-socks').then(undefined, () => undefined);
    await knot?.close();
    await socks?.close();
    web?.closeAllConnections();
    await new Promise<void>(r => (web ? web.close(() => r()) : r()));
    await new Promise<void>(r => (echo ? echo.close(() => r()) : r()));
  });

  test('seven steps, each with media in the extension, a completion event and a button for a registered command', async () => {
    const steps = walkthrough().steps;
    assert.ok(steps.length >= 5 && steps.length <= 7, `${steps.length} steps`);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const step of steps) {
      const media = step.media.image ?? step.media.markdown ?? assert.fail(`step ${step.id} has no media`);
      assert.ok(fs.existsSync(path.join(extension().extensionPath, media)), `${step.id}: ${media} exists`);
      assert.ok(step.completionEvents.length > 0, `${step.id} has a completion event`);
      assert.ok(registered.has(buttonCommand(step)), `${step.id}: ${buttonCommand(step)} is registered`);
      // The step completes when its button's command runs, or (hover) when NetProbe's hover was shown.
      const completes = step.completionEvents.includes(`onCommand:${buttonCommand(step)}`) || step.completionEvents.includes('onContext:netprobe.hoverShown');
      const sendStep = step.completionEvents.includes('onCommand:netprobe.sendRawRequest');
      assert.ok(completes || sendStep, `${step.id}: completed by its own action (${step.completionEvents.join(', ')})`);
    }
    assert.deepStrictEqual(steps.map(buttonCommand), [
      'netprobe.resolve',
      'netprobe.dnsLookup',
      'netprobe.openSampleLog',
      'netprobe.scanPorts',
      'netprobe.newRawRequest',
      'netprobe.openRawSession',
      'netprobe.addProxy',
    ]);
  });

  test('Get Started opens the walkthrough in the workbench', async () => {
    await vscode.commands.executeCommand('netprobe.openWalkthrough');
    await until('the walkthrough tab', () => tabLabels().some(l => /Welcome|NetProbe/.test(l)) || undefined);
  });

  test("each step's command runs against the test's own loopback peers", async () => {
    const run = <T>(id: string, ...args: unknown[]): Promise<T> => Promise.resolve(vscode.commands.executeCommand<T>(id, ...args));

    const resolved = await run<ResolveResult>('netprobe.resolve', 'localhost', 4);
    assert.deepStrictEqual(
      resolved.addresses.map(a => a.address),
      ['127.0.0.1'],
    );

    const txt = await run<DnsResponse>('netprobe.dnsLookup', 'html.example.test', 'TXT', knot.server4);
    assert.strictEqual(txt.rcode, 'NOERROR');
    assert.strictEqual(txt.answers[0]?.type, 'TXT');

    const log = await run<vscode.TextEditor>('netprobe.openSampleLog');
    const hovers = await run<vscode.Hover[]>('vscode.executeHoverProvider', log.document.uri, log.selection.active);
    const hoverText = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /203\.0\.113\.7/);
    assert.match(hoverText, /TEST-NET-3|[Dd]ocumentation/);
    await discard(log.document);

    const closed = await closedPort();
    const scan = await run<ScanResult>('netprobe.scanPorts', '127.0.0.1', `${echoPort},${closed}`);
    assert.deepStrictEqual(scan.open, [echoPort]);

    const editor = await run<vscode.TextEditor>('netprobe.newRawRequest');
    assert.strictEqual(editor.document.languageId, 'netprobe-http');
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    await editor.edit(e => e.replace(whole, `# @target 127.0.0.1:${webPort}\nGET /walkthrough HTTP/1.1\nHost: localhost\n`));
    const sent = await run<SendSummary>('netprobe.sendRawRequest', editor.document.uri, 0);
    assert.strictEqual(sent.status, 200);
    assert.strictEqual(sent.body, 'hello /walkthrough\n');
    await discard(editor.document);

    const session = await run<{ name: string }>('netprobe.openRawSession', '127.0.0.1', echoPort, false);
    const terminal = vscode.window.terminals.find(t => t.creationOptions.name === session.name) ?? assert.fail('no session terminal');
    terminal.sendText('walkthrough');
    await until('the peer to receive the line', () => (received.includes('walkthrough\r\n') ? true : undefined));
    terminal.dispose();

    await run('netprobe.addProxy', 'walkthrough-socks', `socks5://127.0.0.1:${socks.port}`);
    const proxied = await run<ProxyTestResult>('netprobe.testProxy', 'walkthrough-socks', `127.0.0.1:${webPort}`);
    assert.strictEqual(proxied.ok, true, proxied.failure?.message);
  });
});
