import { test } from 'node:test';
import * as assert from 'assert';
import type { ChildProcess } from 'child_process';
import { execFile, spawn, spawnSync } from 'child_process';
import { once } from 'events';
import * as fs from 'fs';
import * as path from 'path';
import { NetProbeError } from '../../../src/core/errors';
import { processIdentity, stopProcess } from '../../../src/core/platform/processes';
import { skipOutsideCi, stopChild } from '../../helpers/peers';

const CHILD = path.join(__dirname, 'pid-reuse-child.js');

async function sleeper(): Promise<ChildProcess> {
  const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
  await once(child, 'spawn');
  return child;
}

const alive = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null && fs.existsSync(`/proc/${child.pid}`);

test(
  'stop: a pick whose start time no longer matches is refused and the process lives on',
  { skip: skipOutsideCi(process.platform === 'linux' ? undefined : 'needs /proc', 'stop-process start time') },
  async () => {
    const child = await sleeper();
    try {
      const picked = await processIdentity(child.pid ?? 0);
      assert.strictEqual(picked.name, 'sleep');
      assert.deepStrictEqual(picked.argv, ['sleep', '1000']);
      assert.match(picked.startTime ?? '', /^\d+$/);
      const stale = { ...picked, startTime: String(Number(picked.startTime) - 1) };
      await assert.rejects(stopProcess(stale), (e: unknown) => e instanceof NetProbeError && /started at another time/.test(e.message));
      assert.ok(alive(child), 'the process that replaced the pick was not signalled');
      const exit = once(child, 'exit');
      await stopProcess(picked);
      const [code, signal] = (await exit) as [number | null, NodeJS.Signals | null];
      assert.deepStrictEqual([code, signal], [null, 'SIGTERM']);
      await assert.rejects(stopProcess(picked), /has exited since you picked it/);
    } finally {
      await stopChild(child, 'SIGKILL');
    }
  },
);

test(
  'stop: the portable source (ps) names the process and its start time',
  { skip: skipOutsideCi(spawnSync('ps', ['-p', '1']).status === 0 ? undefined : 'no ps', 'ps identity') },
  async () => {
    const child = await sleeper();
    try {
      const id = await processIdentity(child.pid ?? 0, { portable: true });
      assert.strictEqual(id.source, 'ps');
      assert.strictEqual(id.name, 'sleep');
      assert.strictEqual(id.command, 'sleep 1000');
      assert.ok(id.startTime && !Number.isNaN(Date.parse(id.startTime)), `lstart: ${id.startTime}`);
      assert.strictEqual((await processIdentity(child.pid ?? 0, { portable: true })).startTime, id.startTime);
    } finally {
      await stopChild(child, 'SIGKILL');
    }
  },
);

function rootWhy(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux pid namespaces';
  if (process.getuid?.() !== 0) return 'needs root for a pid namespace and ns_last_pid';
  return spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { stdio: 'ignore' }).status === 0 ? undefined : 'unshare --pid failed';
}

test('stop: a process that took the picked pid (pid reused in a pid namespace) is not signalled', { skip: skipOutsideCi(rootWhy(), 'pid reuse') }, async () => {
  const out = await new Promise<string>((resolve, reject) => {
    execFile('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, CHILD], { timeout: 20_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}: ${stderr}`)) : resolve(stdout),
    );
  });
  const r = JSON.parse(out.trim()) as {
    firstPid: number;
    secondPid: number;
    pickedStart: string;
    nowStart: string;
    refusal: string;
    survived: boolean;
    error?: string;
  };
  assert.strictEqual(r.error, undefined);
  assert.ok(r.firstPid > 1);
  assert.strictEqual(r.secondPid, r.firstPid, 'the kernel gave the picked pid to the new process');
  assert.notStrictEqual(r.nowStart, r.pickedStart);
  assert.match(r.refusal, /not the one you picked.*Nothing was stopped/);
  assert.strictEqual(r.survived, true);
});
