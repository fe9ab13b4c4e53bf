import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import type { CliRun } from '../../helpers/cli';
import { CLI, json, runCli } from '../../helpers/cli';
import { startMicrosocks } from '../../helpers/socks-peers';
import type { WebSocketsPeer } from '../../helpers/websockets';
import { startWebSocketsEcho, tempPki } from '../../helpers/websockets';
import { hostileServer, switchingProtocols } from '../../helpers/ws-hostile';

/**
 * The CLI with stdin kept open: a line is written, then the test waits for what it answers (on stdout or stderr)
 * before the next one. A server stops answering once it has our close frame, so EOF must come after the replies
 * a test waits for.
 */
function interactive(args: string[]): { say(line: string, until?: RegExp): Promise<void>; end(): Promise<CliRun>; exited: Promise<CliRun> } {
  const child = spawn(process.execPath, [CLI, ...args]);
  let stdout = '';
  let stderr = '';
  let waiting: { until: RegExp; resolve: () => void } | undefined;
  const check = (): void => {
    if (waiting && (waiting.until.test(stdout) || waiting.until.test(stderr))) {
      waiting.resolve();
      waiting = undefined;
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    check();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    check();
  });
  const exited = new Promise<CliRun>(resolve => child.on('close', code => resolve({ code, stdout, stderr })));
  return {
    say: (line, until) =>
      new Promise<void>(resolve => {
        if (until) waiting = { until, resolve };
        child.stdin.write(`${line}\n`);
        if (!until) resolve();
      }),
    end: () => {
      child.stdin.end();
      return exited;
    },
    exited,
  };
}

/** Sends one line, waits for its echo's frame (-v), then EOF. */
async function oneLine(args: string[], line: string): Promise<CliRun> {
  const cli = interactive([...args, '-v']);
  await cli.say(line, /\n← text /);
  return cli.end();
}

const pki = tempPki();
let plain: WebSocketsPeer;
let secure: WebSocketsPeer;
before(async () => {
  [plain, secure] = await Promise.all([startWebSocketsEcho(), startWebSocketsEcho({ tls: pki.server })]);
});
after(async () => {
  await Promise.all([plain.stop(), secure.stop()]);
  pki.dispose();
});

test('netprobe ws: stdin lines are text messages, the echoes are printed one per line (escaped), EOF closes cleanly: exit 0', async () => {
  const cli = interactive(['ws', plain.url]);
  await cli.say('hello', /^hello\n$/);
  await cli.say('second line', /second line\n$/);
  await cli.say('a\x1b[2Jb', /b\n$/);
  await cli.say('!hello', /02\n$/);
  const r = await cli.end();
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'hello\nsecond line\na\\x1b[2Jb\nhello\n<binary 3 bytes> 00 01 02\n');
  assert.match(
    r.stderr,
    /^Closed: We closed with 1000 \(normal closure\); the server answered 1000 \(normal closure\)\. 4 messages sent, 5 received in [\d.]+ ms\.\n$/,
  );
});

test("netprobe ws: the server's close code and reason are printed; an error code is exit 1", async () => {
  const cli = interactive(['ws', plain.url]);
  await cli.say('before', /before\n$/);
  await cli.say('!close 4001 see you');
  const ok = await cli.exited;
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'before\n');
  assert.match(ok.stderr, /The server closed with 4001 \(application code\) "see you"; we answered 4001/);
  const failing = interactive(['ws', plain.url]);
  await failing.say('!close 1011 oops');
  const bad = await failing.exited;
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^Closed abnormally: The server closed with 1011 \(internal error\) "oops"/);
});

test('netprobe ws --json: upgrade, messages, frames and close in one object', async () => {
  const r = await oneLine(['ws', plain.url, '--json'], 'hi');
  assert.equal(r.code, 0, r.stderr);
  const j = json<{
    upgrade: { status: number; request: string; response: string };
    messages: Array<{ type: string; text?: string }>;
    frames: Array<{ dir: string; type: string; masked: boolean; fin: boolean; length: number; closeCode?: number }>;
    close: { outcome: string; initiatedBy: string; sent: { code: number }; received: { code: number } };
    timings: { upgradeMs: number };
  }>(r);
  assert.equal(j.upgrade.status, 101);
  assert.match(j.upgrade.request, /^GET \/ HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n/);
  assert.deepEqual(
    j.messages.map(m => [m.type, m.text]),
    [['text', 'hi']],
  );
  assert.deepEqual(
    j.frames.map(f => `${f.dir} ${f.type} ${f.length}`),
    ['out text 2', 'in text 2', 'out close 2', 'in close 2'],
    'wire order',
  );
  assert.ok(j.frames.every(f => f.fin && f.masked === (f.dir === 'out')));
  assert.deepEqual([j.close.outcome, j.close.initiatedBy, j.close.sent.code, j.close.received.code], ['clean', 'local', 1000, 1000]);
  assert.ok(j.timings.upgradeMs > 0);
});

test('netprobe ws -v prints the upgrade exchange and a line per frame on stderr', async () => {
  const r = await oneLine(['ws', plain.url], 'x');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'x\n');
  assert.match(r.stderr, /^\* Connected to 127\.0\.0\.1 \(127\.0\.0\.1\) port \d+ in [\d.]+ ms\n> GET \/ HTTP\/1\.1\n> Host: /);
  assert.match(r.stderr, /\n< HTTP\/1\.1 101 Switching Protocols\n/);
  assert.match(r.stderr, /\n→ text +FIN rsv=000 mask=[0-9a-f]{8} len=1 "x"\n/);
  assert.match(r.stderr, /\n← close +FIN rsv=000 unmasked len=2 1000 \(normal closure\)\n/);
});

test('netprobe ws wss://: --cacert, the untrusted-certificate hint, --insecure; --proxy', async () => {
  const good = await oneLine(['ws', secure.url.replace('127.0.0.1', 'localhost'), '--cacert', pki.caFile], 'tls');
  assert.equal(good.code, 0, good.stderr);
  assert.equal(good.stdout, 'tls\n');
  const untrusted = await runCli(['ws', secure.url], { input: '' });
  assert.equal(untrusted.code, 1);
  assert.match(
    untrusted.stderr,
    /^netprobe ws: TLS handshake: .*certificate.* Use --insecure \(-k\) to connect anyway, or --cacert FILE to trust a private CA\.\n$/,
  );
  const insecure = await oneLine(['ws', secure.url, '-k'], 'k');
  assert.equal(insecure.code, 0, insecure.stderr);
  const socks = await startMicrosocks();
  try {
    const proxied = await oneLine(['ws', plain.url, '--proxy', `socks5h://${socks.host}:${socks.port}`, '--json'], 'p');
    assert.equal(proxied.code, 0, proxied.stderr);
    assert.match(json<{ via: string }>(proxied).via, /^socks5h:\/\//);
  } finally {
    await socks.close();
  }
});

test('netprobe ws against hostile servers: no Upgrade (exit 1, --json names the stage), close never answered', async () => {
  const no = await hostileServer(s => s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
  try {
    const r = await runCli(['ws', no.url, '-v'], { input: '' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /< HTTP\/1\.1 200 OK\n< Content-Length: 2\n< ok\nnetprobe ws: WebSocket upgrade: the server answered 200 OK without Upgrade/);
    const j = await runCli(['ws', no.url, '--json'], { input: '' });
    assert.equal(j.code, 1);
    assert.deepEqual(json<{ error: { stage: string }; upgrade: { status: number } }>(j).error.stage, 'upgrade');
  } finally {
    await no.close();
  }
  const silent = await hostileServer((s, req) => s.write(switchingProtocols(req.accept)));
  try {
    const r = await runCli(['ws', silent.url, '--close-timeout', '300'], { input: 'anyone?\n' });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^Closed abnormally: We closed with 1000 \(normal closure\)\. The server did not answer our close frame within 0\.3 s; we dropped the connection\./,
    );
  } finally {
    await silent.close();
  }
});

test('netprobe ws: bad input is exit 2', async () => {
  for (const args of [
    ['ws'],
    ['ws', 'ftp://x/'],
    ['ws', 'ws://x/#f'],
    ['ws', 'ws://x/', '--max-message', 'lots'],
    ['ws', 'ws://x/', '-H', 'nocolon'],
    ['ws', 'a', 'b'],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^netprobe ws: /);
  }
});
