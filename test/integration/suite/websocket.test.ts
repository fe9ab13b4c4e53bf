import * as assert from 'assert';
import * as vscode from 'vscode';
import type { WebSocketInfo } from '../../../src/core/websocket/types';
import type { ResultView } from '../../../src/ui/results/view-model';
import type { WebSocketsPeer } from '../../helpers/websockets';
import { startWebSocketsEcho } from '../../helpers/websockets';
import { activateNetProbe, until } from './helpers';

suite('WebSocket sessions', () => {
  let echo: WebSocketsPeer;

  suiteSetup(async () => {
    await activateNetProbe();
    echo = await startWebSocketsEcho();
  });

  suiteTeardown(async () => {
    await echo?.stop();
  });

  test("the WebSocket terminal shows the upgrade, sends a typed line and shows the echo; /close 1000 bye shows the server's close; History keeps only metadata", async () => {
    const api = await activateNetProbe();
    const opened = await vscode.commands.executeCommand<{ name: string; info: WebSocketInfo }>(
      'netprobe.openWebSocketSession',
      `${echo.url}chat?access_token=s3cret`,
    );
    assert.strictEqual(opened.info.upgrade.status, 101, "the upgrade went over NetProbe's own connection (captured), not an agent's");
    const terminal = vscode.window.terminals.find(t => t.creationOptions.name === opened.name);
    assert.ok(terminal, 'the terminal is open');
    assert.ok(!opened.name.includes('s3cret'), 'the query (a token) is not in the terminal name');
    const shown = (): Promise<string> =>
      Promise.resolve(vscode.commands.executeCommand<string | undefined>('netprobe.internal.websocketTerminalText', opened.name)).then(t => t ?? '');
    await until(
      'the upgrade exchange',
      async () => /> GET \/chat\?access_token=s3cret HTTP\/1\.1[\s\S]*< HTTP\/1\.1 101 Switching Protocols/.test(await shown()) || undefined,
    );
    terminal.sendText('/frames on');
    terminal.sendText('secret payload 42');
    await until('the echo', async () => /← secret payload 42\r\n/.test(await shown()) || undefined);
    const text = await shown();
    assert.match(text, /→ text +FIN rsv=000 mask=[0-9a-f]{8} len=17 "secret payload 42"/, 'the frame line of our message');
    assert.match(text, /← text +FIN rsv=000 unmasked len=17 "secret payload 42"/, 'and of the echo');
    terminal.sendText('/close 1000 bye');
    const closed = await until("the server's close", async () => {
      const t = await shown();
      return /We closed with 1000 \(normal closure\) "bye"; the server answered 1000 \(normal closure\) "bye"\./.test(t) ? t : undefined;
    });
    assert.match(closed, /← close +FIN rsv=000 unmasked len=5 1000 \(normal closure\) "bye"/);
    const entry = await until('the History entry', () =>
      api.services.history.all().find((v: ResultView) => v.kind === 'websocket' && v.title.endsWith(`${echo.url}chat?access_token=<redacted>`)),
    );
    assert.strictEqual(entry.status, 'ok');
    const stored = JSON.stringify(entry);
    assert.ok(!stored.includes('secret payload'), 'no transcript in History');
    assert.ok(!stored.includes('s3cret'), 'no credential from the URL in History');
    assert.match(stored, /"messagesOut":1/);
    assert.match(stored, /"initiatedBy":"local"/);
    terminal.dispose();
  });
});
