import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { json, runCli } from '../../helpers/cli';
import { closedPort, listeningServer } from '../../helpers/tcp-peers';
import { startMicrosocks } from '../../helpers/socks-peers';
import type { SocksPeer } from '../../helpers/socks-peers';

let proxy: SocksPeer;
let target: { port: number; close: () => Promise<void> };

before(async () => {
  [proxy, target] = await Promise.all([startMicrosocks({ user: 'bob', pass: 'Pa55:w0rd' }), listeningServer('127.0.0.1')]);
});
after(async () => {
  await Promise.all([proxy.close(), target.close()]);
});

const env = { NETPROBE_PROXY_PASSWORD: 'Pa55:w0rd' };

void test('netprobe proxy-test: stages as JSON, password from the environment, never printed', async () => {
  const r = await runCli(['proxy-test', `socks5h://bob@127.0.0.1:${proxy.port}`, `localhost:${target.port}`, '--json'], { env });
  assert.equal(r.code, 0, r.stderr);
  const body = json<{ ok: boolean; proxy: string; resolvedBy: string; stages: Array<{ stage: string }> }>(r);
  assert.equal(body.ok, true);
  assert.equal(body.resolvedBy, 'proxy');
  assert.equal(body.proxy, `socks5h://bob:****@127.0.0.1:${proxy.port}`);
  assert.deepEqual(
    body.stages.map(s => s.stage),
    ['proxy-connect', 'greeting', 'auth', 'request'],
  );
  assert.ok(!r.stdout.includes('Pa55'));
});

void test('netprobe proxy-test: wrong password exits 1 naming the auth stage', async () => {
  const r = await runCli(['proxy-test', `socks5://bob:nope@127.0.0.1:${proxy.port}`, `127.0.0.1:${target.port}`]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /Failed at auth \(proxy 1\): .*rejected the user name or password/);
  assert.match(r.stdout, /socks5:\/\/bob:\*\*\*\*@/);
  assert.ok(!r.stdout.includes('nope'));
});

void test('netprobe port --proxy: open through the proxy, refused target exits 1', async () => {
  const open = await runCli(['port', '127.0.0.1', String(target.port), '--proxy', `socks5://bob@127.0.0.1:${proxy.port}`, '--json'], { env });
  assert.equal(open.code, 0, open.stderr);
  const body = json<{ open: boolean; via: string; proxy: { stages: unknown[] } }>(open);
  assert.equal(body.open, true);
  assert.equal(body.via, `socks5://bob:****@127.0.0.1:${proxy.port}`);
  const port = await closedPort();
  const refused = await runCli(['port', '127.0.0.1', String(port), '--proxy', `socks5://bob@127.0.0.1:${proxy.port}`], { env });
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /connection refused by the target/);
});

void test('netprobe diagnose --proxy: names the failing stage and gives advice', async () => {
  const r = await runCli(['diagnose', '127.0.0.1', String(target.port), '--proxy', `socks5://bob@127.0.0.1:${proxy.port}`, '--json']);
  assert.equal(r.code, 1);
  const d = json<{ category: string; advice: string; proxy: { failure: { stage: string } } }>(r);
  assert.equal(d.category, 'proxy');
  assert.equal(d.proxy.failure.stage, 'auth');
  assert.match(d.advice, /user name and password/);
});

void test('netprobe --proxy with a bad URL exits 2 without echoing the password', async () => {
  const r = await runCli(['port', '127.0.0.1', '80', '--proxy', 'ftp://u:hunter2@proxy:8080']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not a proxy scheme/);
  assert.ok(!r.stderr.includes('hunter2'));
  const bad = await runCli(['proxy-test', 'socks5://127.0.0.1:1', 'no-port-here']);
  assert.equal(bad.code, 2);
});
