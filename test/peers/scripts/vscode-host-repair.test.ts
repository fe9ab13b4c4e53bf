import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// setup-vscode-host.js installs each part into `<part>.partial-<pid>` and renames it into place once whole, so a
// re-run completes an interrupted install. Driven here through its `completeParts` with fake parts and a fake
// installer (never npm, never the real host): a run killed in the middle of a part, or whose installer throws,
// and the run after it.

const SETUP = path.join(__dirname, '..', '..', '..', '..', 'scripts', 'setup-vscode-host.js');

// A child process so that a kill (SIGKILL: no cleanup at all) interrupts a real run. argv: dir, mode
// ('kill' | 'throw' | 'ok'), the part to interrupt. Prints the parts it installed as JSON.
const CHILD = `
const fs = require('fs');
const path = require('path');
const { completeParts } = require(${JSON.stringify(SETUP)});
const [dir, mode, victim] = process.argv.slice(1);
const VERSION = '2.0.0';
const pkg = d => path.join(d, 'node_modules', 'fake', 'package.json');
const parts = ['node24', 'code-server', 'tools'].map(name => ({
  name,
  spec: 'fake-' + name + '@' + VERSION,
  ready: d => {
    try {
      return JSON.parse(fs.readFileSync(pkg(d), 'utf8')).version === VERSION && fs.existsSync(path.join(d, 'node_modules', 'fake', 'built'));
    } catch {
      return false;
    }
  },
}));
const installed = [];
const fill = (part, partial) => {
  installed.push(part.name);
  fs.mkdirSync(path.dirname(pkg(partial)), { recursive: true });
  fs.writeFileSync(pkg(partial), JSON.stringify({ name: 'fake', version: VERSION }));
  if (part.name === victim && mode === 'kill') process.kill(process.pid, 'SIGKILL');
  if (part.name === victim && mode === 'throw') throw new Error('the installer failed midway');
  fs.writeFileSync(path.join(partial, 'node_modules', 'fake', 'built'), part.name);
};
try {
  completeParts(dir, parts, fill);
} finally {
  console.log(JSON.stringify(installed));
}
`;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  installed: string[];
  stderr: string;
}

function runSetup(dir: string, mode: 'kill' | 'throw' | 'ok', victim = ''): Promise<Run> {
  return new Promise(resolve => {
    execFile(process.execPath, ['-e', CHILD, dir, mode, victim], { timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      const signal = err?.signal ?? null;
      const last = String(stdout).trim().split('\n').pop() ?? '';
      resolve({ code, signal, installed: last.startsWith('[') ? (JSON.parse(last) as string[]) : [], stderr: String(stderr) });
    });
  });
}

const listing = (dir: string): string[] => fs.readdirSync(dir).sort();
const whole = (dir: string, part: string): boolean =>
  JSON.parse(fs.readFileSync(path.join(dir, part, 'node_modules', 'fake', 'package.json'), 'utf8')).version === '2.0.0' &&
  fs.readFileSync(path.join(dir, part, 'node_modules', 'fake', 'built'), 'utf8') === part;

test('a run killed in the middle of a part is completed by the next: whole parts kept, the rest installed, no .partial left', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-host-repair-'));
  try {
    const killed = await runSetup(dir, 'kill', 'code-server');
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    // What a kill leaves: the first part whole, the second only half written in its partial folder.
    const left = listing(dir);
    assert.equal(left.length, 2, left.join(' '));
    assert.equal(left[0], 'code-server.partial-' + /\.partial-(\d+)$/.exec(left[0] ?? '')?.[1]);
    assert.equal(left[1], 'node24');
    assert.ok(whole(dir, 'node24'));
    assert.ok(fs.existsSync(path.join(dir, left[0] ?? '', 'node_modules', 'fake', 'package.json')));

    const again = await runSetup(dir, 'ok');
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(again.installed, ['code-server', 'tools'], 'the whole part is kept, the others installed');
    assert.deepEqual(listing(dir), ['code-server', 'node24', 'tools']);
    for (const part of ['node24', 'code-server', 'tools']) assert.ok(whole(dir, part), part);

    const third = await runSetup(dir, 'ok');
    assert.deepEqual([third.code, third.installed], [0, []], 'a complete install is left as it is');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a part whose installer throws midway leaves no folder behind, and the next run installs it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-host-repair-'));
  try {
    const failed = await runSetup(dir, 'throw', 'tools');
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /the installer failed midway/);
    assert.deepEqual(failed.installed, ['node24', 'code-server', 'tools']);
    assert.deepEqual(listing(dir), ['code-server', 'node24'], 'no partial tools folder, no tools folder');

    const again = await runSetup(dir, 'ok');
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(again.installed, ['tools']);
    assert.deepEqual(listing(dir), ['code-server', 'node24', 'tools']);
    for (const part of ['node24', 'code-server', 'tools']) assert.ok(whole(dir, part), part);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a part left incomplete in place (an older install, a half-copied folder) is replaced, not kept', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-host-repair-'));
  try {
    fs.mkdirSync(path.join(dir, 'code-server', 'node_modules', 'fake'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'code-server', 'node_modules', 'fake', 'package.json'), JSON.stringify({ version: '1.0.0' }));
    const r = await runSetup(dir, 'ok');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.installed, ['node24', 'code-server', 'tools']);
    assert.ok(whole(dir, 'code-server'));
    assert.deepEqual(listing(dir), ['code-server', 'node24', 'tools']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
