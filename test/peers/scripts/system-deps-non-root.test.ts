import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { skipOutsideCi } from '../../helpers/peers';

// The first run as a user who is not root: `install-system-deps.sh` (and `npm test`'s pretest, which runs it first)
// must print the one sudo line and stop before installing anything. The package list comes from
// NETPROBE_TEST_PACKAGES (a package surely not installed), and a fake `apt-get` first on PATH records any call, so
// the real apt never runs whatever the script does. As root, the script runs as `nobody` through setpriv.

const SCRIPTS = path.join(__dirname, '..', '..', '..', '..', 'scripts');
const SUDO_LINE = 'sudo bash scripts/install-system-deps.sh';

interface Sandbox {
  /** Holds a copy of `scripts/` (readable by `nobody` wherever the clone lives, e.g. under /root). */
  root: string;
  /** Where the fake apt-get writes its arguments when called. */
  aptCalls: string;
  fakeBin: string;
}

function sandbox(): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'np-sysdeps-'));
  fs.chmodSync(root, 0o755);
  fs.cpSync(SCRIPTS, path.join(root, 'scripts'), { recursive: true });
  const fakeBin = path.join(root, 'fake-bin');
  const calls = path.join(root, 'calls');
  fs.mkdirSync(fakeBin);
  fs.mkdirSync(calls);
  fs.chmodSync(calls, 0o777);
  const aptCalls = path.join(calls, 'apt-get');
  fs.writeFileSync(path.join(fakeBin, 'apt-get'), `#!/bin/sh\necho "$*" >> '${aptCalls}'\nexit 0\n`, { mode: 0o755 });
  return { root, aptCalls, fakeBin };
}

/** Runs `cmd args` from the sandbox as a user who is not root (`nobody` when this test runs as root). */
function runAsNonRoot(
  box: Sandbox,
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', cmd, ...args]] : [cmd, args];
  const fullEnv = { PATH: `${box.fakeBin}:/usr/local/bin:/usr/bin:/bin`, LANG: 'C.UTF-8', HOME: box.root, ...env };
  return new Promise(resolve => {
    execFile(file, argv, { cwd: box.root, env: fullEnv, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const absent = (): string => `netprobe-absent-${crypto.randomBytes(4).toString('hex')}`;
const lines = (text: string): string[] => text.split('\n').filter(l => l !== '');

test('as a non-root user with a package missing, install-system-deps.sh prints one line naming the sudo command and exits 1, installing nothing', async () => {
  const box = sandbox();
  try {
    const missing = absent();
    for (const flag of [[], ['--host']]) {
      const r = await runAsNonRoot(box, 'bash', ['scripts/install-system-deps.sh', ...flag], { NETPROBE_TEST_PACKAGES: `bash ${missing}` });
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '');
      const out = lines(r.stderr);
      assert.equal(out.length, 1, r.stderr);
      assert.ok(out[0]?.includes(`run  ${SUDO_LINE}${flag.length ? ' --host' : ''}  first`), out[0]);
      assert.ok(out[0]?.includes(`(${missing})`), `names only the missing package: ${out[0]}`);
    }
    assert.equal(fs.existsSync(box.aptCalls), false, 'apt-get was called');
  } finally {
    fs.rmSync(box.root, { recursive: true, force: true });
  }
});

test('as a non-root user with nothing missing, install-system-deps.sh says nothing and exits 0', async () => {
  const box = sandbox();
  try {
    const r = await runAsNonRoot(box, 'bash', ['scripts/install-system-deps.sh'], { NETPROBE_TEST_PACKAGES: 'bash coreutils' });
    assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
    assert.equal(fs.existsSync(box.aptCalls), false, 'apt-get was called');
  } finally {
    fs.rmSync(box.root, { recursive: true, force: true });
  }
});

test("as a non-root user, npm test's pretest stops at the sudo line before installing the VS Code host", async () => {
  const box = sandbox();
  try {
    const host = path.join(box.root, 'vscode-host');
    const r = await runAsNonRoot(box, process.execPath, ['scripts/ensure-test-deps.js'], {
      NETPROBE_TEST_PACKAGES: absent(),
      NETPROBE_VSCODE_HOST: host,
    });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(lines(r.stderr).length, 1, r.stderr);
    assert.ok(r.stderr.includes(`run  ${SUDO_LINE}  first`), r.stderr);
    assert.equal(fs.existsSync(host), false, 'the VS Code host folder was created');
    assert.equal(fs.existsSync(box.aptCalls), false, 'apt-get was called');
  } finally {
    fs.rmSync(box.root, { recursive: true, force: true });
  }
});

test(
  'as root, install-system-deps.sh refuses a test package list rather than install it',
  { skip: skipOutsideCi(process.getuid?.() === 0 ? undefined : 'needs root', 'the root refusal test') },
  async () => {
    const box = sandbox();
    try {
      const r = await new Promise<{ code: number | null; stderr: string }>(resolve => {
        execFile(
          'bash',
          ['scripts/install-system-deps.sh'],
          { cwd: box.root, env: { PATH: `${box.fakeBin}:/usr/bin:/bin`, NETPROBE_TEST_PACKAGES: absent() } },
          (err, _o, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr: String(stderr) }),
        );
      });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /NETPROBE_TEST_PACKAGES is for tests run as a non-root user/);
      assert.equal(fs.existsSync(box.aptCalls), false, 'apt-get was called');
    } finally {
      fs.rmSync(box.root, { recursive: true, force: true });
    }
  },
);
