import { execFile } from 'child_process';
import * as fs from 'fs/promises';
import type { OperationOptions } from '../errors';
import { NetProbeError } from '../errors';
import { controlEscape, isTerminalControl } from '../text/terminal';
import type { PlatformOptions } from './types';
import { useLinuxSources } from './types';

/** Which process a stop request means: enough to tell it apart from a later process that reuses its pid. */
export interface ProcessIdentity {
  pid: number;
  /** Short program name (`/proc/PID/comm`, `ps -o comm=`). */
  name: string;
  /** The command line as its arguments (Linux), when readable. */
  argv?: string[];
  /** The command line as one text (`ps -o args=`), where the arguments cannot be told apart. */
  command?: string;
  /**
   * When it started: clock ticks since boot (`/proc/PID/stat` field 22) on Linux, `ps -o lstart=` elsewhere;
   * undefined where neither can be read (then a replaced process cannot be detected).
   */
  startTime?: string;
  /** Where the facts came from. */
  source: 'proc' | 'ps';
}

/** How to read a process's identity. */
export interface ProcessOptions extends PlatformOptions, OperationOptions {
  /** Root of procfs (default `/proc`). */
  procRoot?: string;
}

/** The part of `/proc/PID/stat` NetProbe reads. */
export interface ProcStat {
  pid: number;
  /** The name between the parentheses (it may itself hold spaces and parentheses). */
  comm: string;
  /** Field 22: start time in clock ticks since boot. */
  startTime: string;
}

const MAX_PID = 2 ** 31 - 1;

/**
 * The pid a stop request may signal: a whole number above 1. Refuses 0 and negative numbers (they signal a
 * process group or every process of the user), 1 (init), and anything that is not an integer.
 */
export function parseStopPid(value: unknown): number {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new NetProbeError('invalid-input', `"${String(value).slice(0, 40)}" is not a process id: give a whole number above 1.`);
  }
  if (n <= 0)
    throw new NetProbeError(
      'invalid-input',
      `Process id ${n} would signal a whole process group or every process of this user; give the id of one process (above 1).`,
    );
  if (n === 1) throw new NetProbeError('invalid-input', "Process 1 is the system's init process; NetProbe will not stop it.");
  if (n > MAX_PID) throw new NetProbeError('invalid-input', `Process id ${n} is out of range.`);
  return n;
}

/** Reads `/proc/PID/stat` text: the pid, the name in parentheses (up to the last `)`) and the start time. */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const pid = Number(text.slice(0, open).trim());
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // Fields after the name start at field 3 (state); the start time is field 22.
  const startTime = fields[22 - 3];
  if (open < 0 || close < open || !Number.isInteger(pid) || startTime === undefined || !/^\d+$/.test(startTime)) {
    throw new NetProbeError('os-error', 'The process status could not be read (unexpected /proc/PID/stat format).');
  }
  return { pid, comm: text.slice(open + 1, close), startTime };
}

function gone(pid: number): NetProbeError {
  return new NetProbeError('invalid-input', `There is no process ${pid} (it has exited, or it is not visible to this user).`, 'ESRCH');
}

async function fromProc(pid: number, procRoot: string): Promise<ProcessIdentity> {
  let stat: string;
  try {
    stat = await fs.readFile(`${procRoot}/${pid}/stat`, 'utf8');
  } catch {
    throw gone(pid);
  }
  const s = parseProcStat(stat);
  const id: ProcessIdentity = { pid, name: s.comm, startTime: s.startTime, source: 'proc' };
  try {
    const raw = await fs.readFile(`${procRoot}/${pid}/cmdline`);
    const argv = raw.toString('utf8').split('\0');
    if (argv[argv.length - 1] === '') argv.pop();
    if (argv.length) id.argv = argv;
  } catch {
    // Another user's process: the name and start time are enough to identify it.
  }
  return id;
}

function ps(pid: number, field: string, timeout: number): Promise<string | undefined> {
  return new Promise(resolve => {
    execFile('ps', ['-p', String(pid), '-o', `${field}=`], { timeout, encoding: 'utf8' }, (err, stdout) => {
      const out = stdout.trim();
      resolve(err || out === '' ? undefined : out);
    });
  });
}

async function fromPs(pid: number, timeout: number): Promise<ProcessIdentity> {
  const [name, startTime, command] = await Promise.all([ps(pid, 'comm', timeout), ps(pid, 'lstart', timeout), ps(pid, 'args', timeout)]);
  if (name === undefined) throw gone(pid);
  return { pid, name, source: 'ps', ...(startTime !== undefined ? { startTime } : {}), ...(command !== undefined ? { command } : {}) };
}

/**
 * Who process `pid` is now: name, command line and start time, from `/proc` on Linux, `ps` elsewhere.
 * Throws `invalid-input` (errno `ESRCH`) when there is no such process.
 */
export async function processIdentity(pid: number, opts: ProcessOptions = {}): Promise<ProcessIdentity> {
  parseStopPid(pid);
  if (useLinuxSources(opts) || opts.procRoot !== undefined) return fromProc(pid, opts.procRoot ?? '/proc');
  return fromPs(pid, opts.timeout ?? 5000);
}

/** Why `now` is not the process `picked`, or undefined when it is the same one. */
export function identityChange(picked: ProcessIdentity, now: ProcessIdentity): string | undefined {
  if (picked.startTime !== undefined && now.startTime !== picked.startTime) {
    return `Process ${picked.pid} is not the one you picked: the process with that id started at another time (the first one exited and the id was reused). Nothing was stopped.`;
  }
  if (now.name !== picked.name) {
    return `Process ${picked.pid} is now ${displayText(now.name)}, not ${displayText(picked.name)} as when you picked it. Nothing was stopped.`;
  }
  return undefined;
}

/** What {@link stopProcess} refuses besides bad pids: this process and the one that started it. */
function refuseOwn(pid: number): void {
  if (pid === process.pid) throw new NetProbeError('invalid-input', "That is NetProbe's own process (the editor's extension host); NetProbe will not stop it.");
  if (pid === process.ppid)
    throw new NetProbeError('invalid-input', 'That is the process that started NetProbe (the editor itself); NetProbe will not stop it.');
}

/**
 * Sends `killSignal` (default SIGTERM) to the process the user picked, after checking right before the
 * signal that the pid still belongs to it (same start time and name). Refuses pids 0, 1 and negative ones,
 * NetProbe's own process and its parent, a process that exited, and one that replaced the pick.
 */
export async function stopProcess(picked: ProcessIdentity, opts: ProcessOptions & { killSignal?: NodeJS.Signals } = {}): Promise<void> {
  const pid = parseStopPid(picked.pid);
  refuseOwn(pid);
  const now = await processIdentity(pid, opts).catch((e: unknown) => {
    if (e instanceof NetProbeError && e.errno === 'ESRCH')
      throw new NetProbeError('invalid-input', `Process ${pid} (${displayText(picked.name)}) has exited since you picked it. Nothing was stopped.`, 'ESRCH');
    throw e;
  });
  const changed = identityChange(picked, now);
  if (changed) throw new NetProbeError('invalid-input', changed);
  try {
    process.kill(pid, opts.killSignal ?? 'SIGTERM');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const who = `process ${pid} (${displayText(picked.name)})`;
    if (code === 'EPERM') throw new NetProbeError('permission', `Not allowed to stop ${who}: it belongs to another user.`, code);
    if (code === 'ESRCH') throw new NetProbeError('invalid-input', `${who} has exited. Nothing was stopped.`, code);
    throw new NetProbeError('os-error', `Could not stop ${who} (${code ?? String(e)}).`, code);
  }
}

const LONGEST_SHOWN = 2000;

/** Invisible characters that can make one text pass for another in a dialog: line/paragraph separators, zero-width ones. */
function isInvisible(cp: number): boolean {
  return cp === 0x2028 || cp === 0x2029 || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff;
}

/**
 * Every control character (the terminal rule of core/text/terminal, plus tab and line feed) and invisible character
 * as a visible escape: `\xNN` up to U+00FF (as `$'…'` reads it back), `\uNNNN` above.
 */
function escapeControls(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || isTerminalControl(cp) || isInvisible(cp)) out += cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : controlEscape(cp);
    else out += ch;
  }
  return out;
}

function shortened(text: string): string {
  return text.length > LONGEST_SHOWN ? `${text.slice(0, LONGEST_SHOWN)}… (${text.length - LONGEST_SHOWN} more characters)` : text;
}

/** One line of text from a process (its name, its command line) as shown: control and bidi characters escaped. */
export function displayText(text: string): string {
  return shortened(escapeControls(text));
}

const PLAIN_ARG = /^[\w@%+=:,./-]+$/;

/**
 * A command line as a shell would read it back: plain arguments as they are, others in single quotes, and
 * arguments with control characters in `$'…'` form with `\xNN` escapes, so nothing in it can pass for
 * something else (a line break, a reordering of the text).
 */
export function commandLineText(argv: readonly string[]): string {
  const quoted = argv.map(a => {
    if (a !== '' && PLAIN_ARG.test(a)) return a;
    if (escapeControls(a) !== a) return `$'${escapeControls(a.replace(/\\/g, '\\\\').replace(/'/g, "\\'"))}'`;
    return `'${a.replace(/'/g, "'\\''")}'`;
  });
  return shortened(quoted.join(' '));
}

/** The question to ask before stopping a process: it names the program, its pid and its command line. */
export function stopConfirmation(p: ProcessIdentity, killSignal: NodeJS.Signals = 'SIGTERM'): { message: string; detail: string } {
  const line = p.argv ? commandLineText(p.argv) : p.command !== undefined ? displayText(p.command) : undefined;
  const detail = [
    `Program: ${displayText(p.name)}`,
    `Process id: ${p.pid}`,
    `Command line: ${line ?? '(not readable: the process belongs to another user)'}`,
    '',
    `NetProbe sends it ${killSignal}${killSignal === 'SIGTERM' ? ' (a polite request to exit)' : ''}, after checking that process ${p.pid} is still this program. Unsaved work in that program may be lost.`,
    ...(p.startTime === undefined
      ? ['This system does not tell when a process started, so NetProbe cannot detect a process that took its id in the meantime.']
      : []),
  ].join('\n');
  return { message: `Stop ${displayText(p.name)} (process ${p.pid})?`, detail };
}
