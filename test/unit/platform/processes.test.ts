import { test } from 'node:test';
import * as assert from 'assert';
import { NetProbeError } from '../../../src/core/errors';
import type { ProcessIdentity } from '../../../src/core/platform/processes';
import { commandLineText, displayText, identityChange, parseProcStat, parseStopPid, stopConfirmation, stopProcess } from '../../../src/core/platform/processes';

const refused = (fn: () => unknown, re: RegExp): void => {
  assert.throws(fn, (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input' && re.test(e.message));
};

test('stop: only a whole pid above 1 is accepted', () => {
  refused(() => parseStopPid(0), /process group or every process/);
  refused(() => parseStopPid(-1), /process group or every process/);
  refused(() => parseStopPid(-1234), /process group/);
  refused(() => parseStopPid(1), /init/);
  refused(() => parseStopPid(1.5), /not a process id/);
  refused(() => parseStopPid(Number.NaN), /not a process id/);
  refused(() => parseStopPid(Infinity), /not a process id/);
  refused(() => parseStopPid('12abc'), /not a process id/);
  refused(() => parseStopPid('-1'), /not a process id/);
  refused(() => parseStopPid(null), /not a process id/);
  refused(() => parseStopPid({ pid: 5 }), /not a process id/);
  refused(() => parseStopPid(2 ** 31), /out of range/);
  assert.strictEqual(parseStopPid(2), 2);
  assert.strictEqual(parseStopPid(' 4321 '), 4321);
});

test("stop: stopProcess refuses bad pids and NetProbe's own process before reading anything", async () => {
  const id = (pid: number): ProcessIdentity => ({ pid, name: 'x', startTime: '1', source: 'proc' });
  const procRoot = '/nonexistent-proc-root';
  for (const pid of [0, -1, 1, 2.5])
    await assert.rejects(stopProcess(id(pid), { procRoot }), (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input');
  await assert.rejects(stopProcess(id(process.pid), { procRoot }), /own process/);
  await assert.rejects(stopProcess(id(process.ppid), { procRoot }), /started NetProbe/);
  await assert.rejects(stopProcess(id(2 ** 22 + 7), { procRoot }), /has exited since you picked it/);
});

test('stop: /proc/PID/stat is read up to the last parenthesis (a name may hold spaces and parentheses)', () => {
  const tail = 'S 1 2 3 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 200 18446744073709551615';
  assert.deepStrictEqual(parseProcStat(`4242 (nginx) ${tail}\n`), { pid: 4242, comm: 'nginx', startTime: '987654' });
  assert.deepStrictEqual(parseProcStat(`77 (a) (b c) ) ${tail}`), { pid: 77, comm: 'a) (b c) ', startTime: '987654' });
  assert.throws(() => parseProcStat('77 (short) S 1 2'), /could not be read/);
  assert.throws(() => parseProcStat('garbage'), /could not be read/);
});

test('stop: a changed start time or name is a different process', () => {
  const picked: ProcessIdentity = { pid: 900, name: 'server', startTime: '5000', source: 'proc' };
  assert.strictEqual(identityChange(picked, { ...picked, argv: ['server', '--other-title'] }), undefined);
  assert.match(identityChange(picked, { ...picked, startTime: '5001' }) ?? '', /started at another time.*Nothing was stopped/);
  assert.match(identityChange(picked, { ...picked, name: 'evil' }) ?? '', /is now evil, not server/);
  const unknownStart: ProcessIdentity = { pid: 900, name: 'server', source: 'ps' };
  assert.strictEqual(identityChange(unknownStart, { ...unknownStart }), undefined);
});

test('stop: the confirmation names the program and its escaped command line', () => {
  const q = stopConfirmation({
    pid: 4242,
    name: 'py\u202ethon',
    argv: ['/usr/bin/python3', '-m', 'http.server', "it's here", 'a\nb\u001b[2J', 'back\\slash'],
    startTime: '1',
    source: 'proc',
  });
  assert.strictEqual(q.message, 'Stop py\\u202ethon (process 4242)?');
  assert.match(q.detail, /^Program: py\\u202ethon$/m);
  assert.match(q.detail, /^Process id: 4242$/m);
  const line = /^Command line: (.*)$/m.exec(q.detail)?.[1];
  assert.strictEqual(line, "/usr/bin/python3 -m http.server 'it'\\''s here' $'a\\x0ab\\x1b[2J' 'back\\slash'");
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(q.detail, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  assert.match(q.detail, /SIGTERM/);
  const other = stopConfirmation({ pid: 10, name: 'sshd', startTime: '1', source: 'proc' });
  assert.match(other.detail, /Command line: \(not readable/);
  const noStart = stopConfirmation({ pid: 10, name: 'sshd', command: 'sshd -D', source: 'ps' });
  assert.match(noStart.detail, /Command line: sshd -D/);
  assert.match(noStart.detail, /cannot detect a process that took its id/);
});

test('stop: command lines and names are shown with every control escaped and long ones cut', () => {
  assert.strictEqual(commandLineText(['a', '', 'b c', "$'x'"]), "a '' 'b c' '$'\\''x'\\'''");
  assert.strictEqual(commandLineText(['\u009b31m']), "$'\\x9b31m'");
  assert.strictEqual(displayText('x\u2028y\u200bz'), 'x\\u2028y\\u200bz');
  const long = commandLineText(['x'.repeat(5000)]);
  assert.ok(long.length < 2100 && long.endsWith('(3000 more characters)'));
});
