import * as assert from 'assert';
import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';
import * as dgram from 'dgram';
import { once } from 'events';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SendSummary } from '../../../src/ui/commands/http';
import type { SocketSessionInfo } from '../../../src/ui/udp/udp-sessions';
import type { MonitorCounters } from '../../../src/ui/webviews/monitor/protocol';
import type { ModalQuestion } from '../../../src/ui/modal';
import { activateNetProbe, until } from './helpers';

/** Scripts the answers to NetProbe's next modal questions; returns (and forgets) the questions asked so far. */
async function modals(answers?: Array<string | null>): Promise<ModalQuestion[]> {
  return vscode.commands.executeCommand<ModalQuestion[]>('netprobe.internal.modals', answers);
}

/** A plain TCP listener owned by the test: it records every byte it receives and answers each request with 200. */
async function recorder(): Promise<{ port: number; received: () => string; close: () => Promise<void> }> {
  let bytes = '';
  const sockets = new Set<net.Socket>();
  const server = net
    .createServer(s => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('data', (b: Buffer) => {
        bytes += b.toString('latin1');
        if (b.includes('\r\n\r\n')) s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      });
    })
    .listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    received: () => bytes,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

const SECRET = `np-it-secret-${process.pid}`;

suite('Hardening', () => {
  test('processEnv: nothing is sent until the user consents; the answer holds per (file, host, set); a new host asks again', async () => {
    const api = await activateNetProbe();
    process.env.NETPROBE_TEST_SECRET = SECRET;
    process.env.NETPROBE_TEST_OTHER = 'other-value';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the test host opens a workspace folder');
    const a = await recorder();
    const b = await recorder();
    const file = path.join(folder, 'env-consent.rawhttp');
    fs.writeFileSync(
      file,
      `GET /a HTTP/1.1\nHost: 127.0.0.1:${a.port}\nX-Token: {{$processEnv NETPROBE_TEST_SECRET}}\n\n###\nGET /b HTTP/1.1\nHost: 127.0.0.1:${a.port}\nX-Other: {{$processEnv NETPROBE_TEST_OTHER}}\n`,
    );
    const uri = vscode.Uri.file(file);
    const send = (index: number, options: object = {}): Promise<SendSummary | undefined> =>
      Promise.resolve(vscode.commands.executeCommand<SendSummary | undefined>('netprobe.sendRawRequest', uri, index, options));
    try {
      await modals([null]);
      assert.strictEqual(await send(0), undefined, 'declined: not sent');
      const [declined] = await modals();
      assert.strictEqual(declined?.message, `Send the environment variable NETPROBE_TEST_SECRET to 127.0.0.1:${a.port}?`);
      assert.match(
        declined?.detail ?? '',
        /env-consent\.rawhttp reads \{\{\$processEnv NETPROBE_TEST_SECRET\}\} and sends its value to 127\.0\.0\.1:\d+ over plain TCP/,
      );
      assert.ok(!JSON.stringify(declined).includes(SECRET));
      assert.strictEqual(a.received(), '', 'no byte arrived before the consent');

      await modals(['Send']);
      const sent = await send(0);
      assert.strictEqual(sent?.status, 200);
      assert.ok(a.received().includes(`X-Token: ${SECRET}`), 'the value went out once consented');
      assert.strictEqual((await modals()).length, 1);
      const remembered = api.services.context.workspaceState.get<string[]>('netprobe.processEnvConsent') ?? [];
      assert.strictEqual(remembered.length, 1, 'kept in the workspace state');
      assert.match(remembered[0] ?? '', /^[0-9a-f]{64}$/, 'as a digest: no host or path in clear');
      assert.ok(!JSON.stringify(remembered).includes(SECRET));

      // Same file, host and set: no question. (A scripted dismissal would refuse the send if one were asked.)
      await modals([null]);
      assert.strictEqual((await send(0))?.status, 200);
      assert.deepStrictEqual(await modals([]), [], 'the remembered answer holds');

      // Another host (the command's target): asked again, nothing sent there.
      await modals([null]);
      assert.strictEqual(await send(0, { target: `127.0.0.1:${b.port}` }), undefined);
      assert.strictEqual((await modals())[0]?.message, `Send the environment variable NETPROBE_TEST_SECRET to 127.0.0.1:${b.port}?`);
      assert.strictEqual(b.received(), '');

      // Send all: one question for the whole set (the remembered subset does not cover it).
      const before = a.received().length;
      await modals([null]);
      assert.strictEqual(await vscode.commands.executeCommand('netprobe.sendAllRawRequests', uri, {}), undefined);
      const all = await modals([]);
      assert.strictEqual(all.length, 1);
      assert.strictEqual(all[0]?.message, `Send 2 environment variables to 127.0.0.1:${a.port}?`);
      assert.match(all[0]?.detail ?? '', /Request 1 \(GET \/a HTTP\/1\.1\): NETPROBE_TEST_SECRET\nRequest 2 \(GET \/b HTTP\/1\.1\): NETPROBE_TEST_OTHER/);
      assert.strictEqual(a.received().length, before);
    } finally {
      await modals([]);
      await vscode.commands.executeCommand('netprobe.forgetProcessEnvConsent');
      await a.close();
      await b.close();
      fs.rmSync(file, { force: true });
    }
  });

  test('processEnv: a CodeLens and a problem echo the directive as written, never the value', async () => {
    await activateNetProbe();
    process.env.NETPROBE_TEST_SECRET = SECRET;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const file = path.join(folder, 'env-lens.rawhttp');
    fs.writeFileSync(
      file,
      '# @follow {{$processEnv NETPROBE_TEST_SECRET}}\n# @target {{$processEnv NETPROBE_TEST_SECRET}}:1\nGET / HTTP/1.1\nHost: localhost\n',
    );
    const uri = vscode.Uri.file(file);
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const lenses = await until('the CodeLenses', async () => {
        const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return l.length ? l : undefined;
      });
      const shown = lenses.map(l => `${l.command?.title ?? ''} ${l.command?.tooltip ?? ''}`).join('\n');
      assert.ok(shown.includes('@follow "{{$processEnv NETPROBE_TEST_SECRET}}" is not a count.'), shown);
      assert.ok(!shown.includes(SECRET), shown);
      assert.ok(
        !lenses.some(l => l.command?.command === 'netprobe.connectionDoctor'),
        'no Doctor for a target built from the environment (it would look the value up unasked)',
      );
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('netprobe.sendRawRequest', uri, 0, {})),
        (e: Error) => !e.message.includes(SECRET) && /@follow "\{\{\$processEnv NETPROBE_TEST_SECRET\}\}"/.test(e.message),
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(file, { force: true });
    }
  });

  test('Stop process: refuses pids 0, -1, 1 and non-integers; the question names the program and its escaped command line', async () => {
    await activateNetProbe();
    for (const bad of [0, -1, 1, 2.5, '7; rm -rf /']) {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.stopListenerProcess', bad)), /process group|init|not a process id/);
    }
    const child: ChildProcess = spawn('/usr/bin/python3', ['-c', 'import time; time.sleep(1000)', "it's", 'clear\u001b[2J\u202eevil'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const exited = once(child, 'exit');
    try {
      await modals([null]);
      assert.strictEqual(await vscode.commands.executeCommand('netprobe.stopListenerProcess', child.pid), false, 'dismissed: nothing stopped');
      const [asked] = await modals();
      assert.ok(asked);
      assert.strictEqual(asked.message, `Stop python3 (process ${child.pid})?`);
      assert.match(asked.detail, /^Program: python3$/m);
      assert.ok(
        asked.detail.includes(`Command line: /usr/bin/python3 -c 'import time; time.sleep(1000)' 'it'\\''s' $'clear\\x1b[2J\\u202eevil'`),
        asked.detail,
      );
      assert.deepStrictEqual(asked.choices, ['Stop Process']);
      assert.strictEqual(child.exitCode, null);
      await modals(['Stop Process']);
      assert.strictEqual(await vscode.commands.executeCommand('netprobe.stopListenerProcess', child.pid), true);
      const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
      assert.strictEqual(signal, 'SIGTERM');
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      await modals([]);
    }
  });

  test('UDP monitor: a burst is counted in full and listed in part (the rest counted), kernel drops apart; an opened datagram is fetched whole', async () => {
    await activateNetProbe();
    const info = await vscode.commands.executeCommand<SocketSessionInfo>('netprobe.listenUdp', 0, { address: '127.0.0.1' });
    type State = { counters?: MonitorCounters; rendered?: { rows: number; text: string } };
    const state = (): Promise<State> => Promise.resolve(vscode.commands.executeCommand<State>('netprobe.internal.socketMonitorState', info.id));
    const sender = dgram.createSocket('udp4');
    sender.bind(0, '127.0.0.1');
    await once(sender, 'listening');
    const send = (b: Buffer): Promise<void> => new Promise((resolve, reject) => sender.send(b, info.localPort, '127.0.0.1', e => (e ? reject(e) : resolve())));
    try {
      await until('the monitor to open', async () => (await state()).rendered);
      const N = 2000;
      // Ten bursts of 200 (the host reads between them, so most arrive), well within one 100 ms refresh.
      for (let b = 0; b < 10; b++) {
        await Promise.all(Array.from({ length: N / 10 }, (_, i) => send(Buffer.from(`datagram ${b * 200 + i}`.padEnd(32, '.')))));
        await new Promise(r => setImmediate(r));
      }
      // Every datagram sent is either counted by the monitor or by the kernel's drop counter; every one counted is
      // either listed or counted as not listed.
      const settled = await until("the panel's totals and kernel drops to add up to what was sent", async () => {
        const s = await state();
        const text = s.rendered?.text ?? '';
        const packets = Number(/(\d+) datagrams · /.exec(text)?.[1] ?? -1);
        const drops = Number(/Kernel drops: (\d+) datagrams? dropped before delivery/.exec(text)?.[1] ?? -1);
        const listedAll = s.rendered?.rows === Math.min(1000, packets - (s.counters?.notListed ?? 0));
        return packets >= 0 && drops >= 0 && packets + drops === N && listedAll ? { s, packets, drops } : undefined;
      });
      const { s, packets, drops } = settled;
      assert.ok(packets > 0);
      assert.deepStrictEqual(s.counters?.kernel, { available: true, drops, queuedBytes: 0 });
      const notListed = s.counters?.notListed ?? -1;
      assert.ok(notListed > 0, `a burst of 2,000 is more than the monitor lists per refresh (${packets} received)`);
      if (notListed) assert.match(s.rendered?.text ?? '', new RegExp(`${notListed} not listed`));

      const big = Buffer.concat([Buffer.alloc(3000, 'A'), Buffer.from('END!')]);
      await send(big);
      const seq = packets + 1;
      const listed = await until('the big datagram to be listed (a preview)', async () => {
        const t = (await state()).rendered?.text ?? '';
        return t.includes(`${seq} datagrams`) || t.includes(`${3004} B`) ? t : undefined;
      });
      assert.ok(!listed.includes('END!'), 'the list shows a preview, not the whole payload');
      await vscode.commands.executeCommand('netprobe.internal.openMonitorPacket', info.id, seq);
      const opened = await until('the datagram to be fetched whole', async () => {
        const t = (await state()).rendered?.text ?? '';
        return t.includes(`Datagram #${seq} from`) ? t : undefined;
      });
      assert.ok(opened.includes(`${'A'.repeat(100)}`) && opened.includes('END!'), 'the whole payload is shown once opened');
      assert.match(opened, /— 3004 bytes \(2\.9 KiB\) at/);
    } finally {
      sender.close();
      await vscode.commands.executeCommand('netprobe.stopSocket', info.id);
    }
  });
});
