import * as assert from 'assert';
import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';
import { once } from 'events';
import * as vscode from 'vscode';
import type { ModalQuestion } from '../../../src/ui/modal';
import { activateNetProbe } from './helpers';

/** Scripts the answers to NetProbe's next modal questions; returns (and forgets) the questions asked so far. */
async function modals(answers?: Array<string | null>): Promise<ModalQuestion[]> {
  return vscode.commands.executeCommand<ModalQuestion[]>('netprobe.internal.modals', answers);
}

suite('Hardening', () => {
  test('Stop process: refuses pids 0, -1, 1 and non-integers; the question names the program and its escaped command line', async () => {
    await activateNetProbe();
    for (const bad of [0, -1, 1, 2.5, '7; rm -rf /']) {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.stopListenerProcess', bad)), /process group|init|not a process id/);
    }
    const child: ChildProcess = spawn('/usr/bin/python3', ['-c', 'import time; time.sleep(1000)', 'it\'s', 'clear\u001b[2J\u202eevil'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const exited = once(child, 'exit');
    try {
      await modals([null]);
      assert.strictEqual(await vscode.commands.executeCommand('netprobe.stopListenerProcess', child.pid), false, 'dismissed: nothing stopped');
      const [asked] = await modals();
      assert.ok(asked);
      assert.strictEqual(asked.message, `Stop python3 (process ${child.pid})?`);
      assert.match(asked.detail, /^Program: python3$/m);
      assert.ok(asked.detail.includes(`Command line: /usr/bin/python3 -c 'import time; time.sleep(1000)' 'it'\\''s' $'clear\\x1b[2J\\u202eevil'`), asked.detail);
      assert.deepStrictEqual(asked.choices, ['Stop Process']);
      assert.strictEqual(child.exitCode, null);
      await modals(['Stop Process']);
      assert.strictEqual(await vscode.commands.executeCommand('netprobe.stopListenerProcess', child.pid), true);
      const [, signal] = await exited as [number | null, NodeJS.Signals | null];
      assert.strictEqual(signal, 'SIGTERM');
    } finally {
      if (child.exitCode === null && child.signalCode === null) { child.kill('SIGKILL'); await exited; }
      await modals([]);
    }
  });
});
