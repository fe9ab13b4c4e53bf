import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import { once } from 'events';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { CLI, runCli } from '../../helpers/cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-cli-edges-'));
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
after(async () => {
  for (const c of sockets) c.destroy();
  for (const s of servers) await new Promise<void>(r => s.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A loopback HTTP server; `answer` writes the response on the socket. */
async function server(answer: (s: net.Socket) => void): Promise<number> {
  const s = net.createServer(c => {
    sockets.add(c);
    c.on('error', () => undefined);
    c.on('close', () => sockets.delete(c));
    c.once('data', () => answer(c));
  });
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  servers.push(s);
  return (s.address() as net.AddressInfo).port;
}

const BIG = 9 * 1024 * 1024;

test('a control character or NUL in a host name is exit 2, never a lookup of a prefix', async () => {
  let connected = 0;
  const port = await server(c => {
    connected++;
    c.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  });
  const file = path.join(dir, 'nul.rawhttp');
  // getaddrinfo would stop at the NUL and connect to "localhost".
  fs.writeFileSync(file, `GET / HTTP/1.1\r\nHost: localhost\0.attacker.test:${port}\r\n\r\n`, 'latin1');
  const nul = await runCli(['http', '--raw', file]);
  assert.equal(nul.code, 2, nul.stderr);
  assert.match(nul.stderr, /"localhost\\x00\.attacker\.test" is not a valid host name: it contains the control character 0x00/);
  assert.equal(connected, 0);
  for (const args of [
    ['port', 'local\x01host', '80'],
    ['resolve', 'local\x1bhost'],
    ['nc', 'a\x7fb', '80'],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /is not a valid host name: it contains the control character 0x(01|1b|7f)/);
    assert.ok(![...r.stderr].some(c => ['\x01', '\x1b', '\x7f'].includes(c)), 'the message carries no raw control character');
  }
});

test('impossible host names are exit 2 "not a valid host name" (not "does not exist")', async () => {
  for (const args of [
    ['resolve', 'a b'],
    ['port', 'x;y', '80'],
    ['diagnose', 'a|b', '80'],
    ['doctor', 'a|b:80'],
    ['http', 'http://127.0.0.1/', '--target', 'x;y:80'],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /is not a valid host name/);
    assert.doesNotMatch(r.stderr, /does not exist/);
  }
});

test('--timeout above 2^31-1 ms is exit 2; the largest allowed value works', async () => {
  const big = await runCli(['resolve', '127.0.0.1', '--timeout', '2147483648']);
  assert.equal(big.code, 2);
  assert.match(big.stderr, /--timeout must be a whole number of milliseconds from 1 to 2147483647/);
  assert.doesNotMatch(big.stderr, /TimeoutOverflowWarning/);
  const max = await runCli(['resolve', '127.0.0.1', '--timeout', '2147483647']);
  assert.equal(max.code, 0, max.stderr);
  const nc = await runCli(['nc', '127.0.0.1', '9', '--idle-timeout', '99999999999']);
  assert.equal(nc.code, 2);
});

function leftovers(tmp: string): string[] {
  return fs.readdirSync(tmp).filter(f => f.startsWith('netprobe-body-'));
}

test('bodies spilled to $TMPDIR/netprobe-body-* are removed on exit, on failure and on SIGTERM; -o FILE stays', async () => {
  const whole = await server(c => {
    c.write(`HTTP/1.1 200 OK\r\nContent-Length: ${BIG}\r\n\r\n`);
    c.end(Buffer.alloc(BIG, 0x61));
  });
  const cut = await server(c => {
    c.write(`HTTP/1.1 200 OK\r\nContent-Length: ${2 * BIG}\r\n\r\n`);
    c.end(Buffer.alloc(BIG, 0x61));
  });
  const stall = await server(c => {
    c.write(`HTTP/1.1 200 OK\r\nContent-Length: ${2 * BIG}\r\n\r\n`);
    c.write(Buffer.alloc(BIG, 0x61));
  });
  const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
  const env = { TMPDIR: tmp };
  const ok = await runCli(['http', `http://127.0.0.1:${whole}/`], { env });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /\[9437184 bytes not printed: more than is kept in memory; use -o FILE to save the body\]/);
  assert.deepEqual(leftovers(tmp), []);
  const json = await runCli(['http', `http://127.0.0.1:${whole}/`, '--json'], { env });
  assert.equal((JSON.parse(json.stdout) as { bodyFile?: string }).bodyFile, undefined, 'no path to a file that is gone');
  assert.deepEqual(leftovers(tmp), []);
  const failed = await runCli(['http', `http://127.0.0.1:${cut}/`], { env });
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /closed the connection before the response was complete/);
  assert.deepEqual(leftovers(tmp), []);
  const out = path.join(dir, 'kept.bin');
  const saved = await runCli(['http', `http://127.0.0.1:${whole}/`, '-o', out], { env });
  assert.equal(saved.code, 0, saved.stderr);
  assert.equal(fs.statSync(out).size, BIG);
  assert.deepEqual(leftovers(tmp), []);
  // SIGTERM while the body is still arriving (the server stalls after 9 MiB of 18).
  const child = spawn(process.execPath, [CLI, 'http', `http://127.0.0.1:${stall}/`, '--timeout', '60000'], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const exited = once(child, 'exit');
  for (let i = 0; i < 200 && leftovers(tmp).length === 0; i++) await new Promise(r => setTimeout(r, 25));
  assert.equal(leftovers(tmp).length, 1, 'the body spilled while arriving');
  child.kill('SIGTERM');
  await exited;
  assert.deepEqual(leftovers(tmp), []);
});
