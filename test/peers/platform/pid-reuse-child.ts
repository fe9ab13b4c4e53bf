// Runs as pid 1 of a new pid namespace (`unshare --pid --fork --mount-proc node pid-reuse-child.js`): starts a
// process, picks it, lets it exit, makes the kernel give its pid to a new process (ns_last_pid), and asks
// stopProcess to stop the pick. Prints one JSON line: both pids, both start times, the refusal and whether the
// new process survived.
import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';
import { once } from 'events';
import * as fs from 'fs';
import { errorMessage } from '../../../src/core/errors';
import { processIdentity, stopProcess } from '../../../src/core/platform/processes';

const uptimeTicks = (): number => Math.round(Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 100);

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await once(child, 'exit');
}

async function main(): Promise<void> {
  const first = spawn('sleep', ['1000'], { stdio: 'ignore' });
  await once(first, 'spawn');
  const firstPid = first.pid ?? 0;
  const picked = await processIdentity(firstPid);
  const startedTick = uptimeTicks();
  first.kill('SIGKILL');
  await exited(first);
  // The replacement must start at a later clock tick than the pick (start times count ticks of 10 ms).
  while (uptimeTicks() <= startedTick) await new Promise(r => setTimeout(r, 5));
  fs.writeFileSync('/proc/sys/kernel/ns_last_pid', String(firstPid - 1));
  const second = spawn('sleep', ['1000'], { stdio: 'ignore' });
  await once(second, 'spawn');
  const now = await processIdentity(second.pid ?? 0);
  let refusal = '';
  try {
    await stopProcess(picked);
  } catch (e) {
    refusal = errorMessage(e);
  }
  const survived = second.exitCode === null && second.signalCode === null && fs.existsSync(`/proc/${second.pid}`);
  second.kill('SIGKILL');
  await exited(second);
  process.stdout.write(`${JSON.stringify({ firstPid, secondPid: second.pid, pickedStart: picked.startTime, nowStart: now.startTime, refusal, survived })}\n`);
}

main().catch(e => {
  process.stdout.write(`${JSON.stringify({ error: errorMessage(e) })}\n`);
});
