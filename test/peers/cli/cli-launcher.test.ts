import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { installCli, uninstallCli } from '../../../src/ui/cli-launcher';

const run = promisify(execFile);

/** An extensions folder with a NetProbe version whose dist/cli.js prints its own path and arguments. */
function fakeExtension(extensions: string, version: string): string {
  const ext = path.join(extensions, `netprobe-dev.netprobe-${version}`);
  fs.mkdirSync(path.join(ext, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(ext, 'dist', 'cli.js'), 'console.log(JSON.stringify({ cli: __filename, args: process.argv.slice(2) }));\n');
  return ext;
}

async function netprobe(launcher: string, args: string[]): Promise<{ cli: string; args: string[] }> {
  const { stdout } = await run('/bin/sh', [launcher, ...args], { env: { PATH: '/nonexistent' } });
  return JSON.parse(stdout) as { cli: string; args: string[] };
}

test("the launcher runs the extension's CLI with the recorded runtime, without node on PATH, arguments intact", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-launcher-'));
  try {
    const ext = fakeExtension(path.join(dir, "exts with 'quote'"), '0.1.0');
    const r = await installCli(ext, { dir: path.join(dir, 'bin') });
    assert.equal(r.path, path.join(dir, 'bin', 'netprobe'));
    assert.equal(r.onPath, false);
    assert.ok((fs.statSync(r.path).mode & 0o111) !== 0, 'executable');
    const out = await netprobe(r.path, ['ip', 'a b', '--json']);
    assert.equal(out.cli, path.join(ext, 'dist', 'cli.js'));
    assert.deepEqual(out.args, ['ip', 'a b', '--json']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('after an extension update the launcher uses the newest installed version', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-launcher-'));
  try {
    const extensions = path.join(dir, 'extensions');
    const old = fakeExtension(extensions, '0.9.0');
    const r = await installCli(old, { dir: path.join(dir, 'bin') });
    fakeExtension(extensions, '0.9.5');
    fakeExtension(extensions, '0.10.0');
    fs.rmSync(old, { recursive: true });
    const out = await netprobe(r.path, ['--version']);
    assert.equal(out.cli, path.join(extensions, 'netprobe-dev.netprobe-0.10.0', 'dist', 'cli.js'));
    fs.rmSync(path.join(extensions, 'netprobe-dev.netprobe-0.10.0'), { recursive: true });
    fs.rmSync(path.join(extensions, 'netprobe-dev.netprobe-0.9.5'), { recursive: true });
    await assert.rejects(netprobe(r.path, []), /no longer at .*Install 'netprobe' Command in PATH/s);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a netprobe it did not write is neither replaced nor removed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-launcher-'));
  try {
    const ext = fakeExtension(path.join(dir, 'extensions'), '0.1.0');
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'netprobe'), '#!/bin/sh\necho from npm -g\n');
    await assert.rejects(installCli(ext, { dir: bin }), /was not written by NetProbe/);
    assert.equal(await uninstallCli({ dir: bin }), undefined);
    assert.match(fs.readFileSync(path.join(bin, 'netprobe'), 'utf8'), /from npm -g/);
    fs.rmSync(path.join(bin, 'netprobe'));
    const r = await installCli(ext, { dir: bin });
    assert.equal((await uninstallCli({ dir: bin }))?.path, r.path);
    assert.ok(!fs.existsSync(r.path));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
