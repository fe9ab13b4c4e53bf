import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as dgram from 'dgram';
import { once } from 'events';
import * as fs from 'fs';
import * as https from 'https';
import type * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type * as tls from 'tls';
import { KeyLogFile } from '../../../src/core';
import { sendHttp } from '../../../src/core/http/client';
import { openSession } from '../../../src/core/session/session';
import { runCli } from '../../helpers/cli';
import { makeTestPki } from '../../helpers/nginx';
import type { TestPki } from '../../helpers/nginx';
import { skipOutsideCi } from '../../helpers/peers';

let dir: string;
let pki: TestPki;
let server: https.Server;
let port: number;
/** Every key log line the server wrote, by its side of the handshake. */
const serverLines = new Set<string>();

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-keylog-'));
  pki = makeTestPki(dir);
  server = https.createServer({ key: fs.readFileSync(pki.server.key), cert: fs.readFileSync(pki.server.cert) }, (req, res) => {
    res.setHeader('Connection', 'close');
    res.end(`secret answer to ${req.url ?? ''}\n`);
  });
  server.on('keylog', (line: Buffer) => serverLines.add(line.toString().trim()));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as net.AddressInfo).port;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>(r => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

function lines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(l => l !== '');
}

async function getWith(keylog: KeyLogFile, maxVersion?: tls.SecureVersion, uri = '/'): Promise<string> {
  const r = await sendHttp(`GET ${uri} HTTP/1.1\r\nHost: localhost\r\n\r\n`, {
    target: { host: 'localhost', port, tls: true },
    tls: { caFile: pki.caFile, keylog, ...(maxVersion ? { maxVersion } : {}) },
    timeout: 5000,
  });
  return r.final.response?.body.data?.toString() ?? '';
}

void test("TLS 1.3: the key log gets the session's traffic secrets, the very lines the server logged; file 0600", async () => {
  const file = path.join(dir, 'keys13.log');
  const keylog = new KeyLogFile(file);
  assert.equal(await getWith(keylog), 'secret answer to /\n');
  await keylog.close();
  const got = lines(file);
  const labels = new Set(got.map(l => l.split(' ')[0]));
  for (const l of ['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'SERVER_TRAFFIC_SECRET_0'])
    assert.ok(labels.has(l), `${l} missing: ${[...labels].join(' ')}`);
  for (const l of got) {
    assert.match(l, /^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]+$/);
    assert.ok(serverLines.has(l), `the server has no line ${l}`);
  }
  assert.equal(new Set(got.map(l => l.split(' ')[1])).size, 1, 'one session, one client random');
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
});

void test('TLS 1.2: CLIENT_RANDOM; an existing file is appended to, never truncated, and narrowed to 0600', async () => {
  const file = path.join(dir, 'keys12.log');
  fs.writeFileSync(file, '# earlier sessions\n', { mode: 0o644 });
  fs.chmodSync(file, 0o644);
  const keylog = new KeyLogFile(file);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  await getWith(keylog, 'TLSv1.2');
  await getWith(keylog, 'TLSv1.2');
  await keylog.close();
  const got = lines(file);
  assert.equal(got[0], '# earlier sessions');
  const randoms = got.slice(1).map(l => /^CLIENT_RANDOM ([0-9a-f]{64}) [0-9a-f]{96}$/.exec(l)?.[1]);
  assert.equal(randoms.length, 2);
  assert.ok(randoms.every(r => r !== undefined));
  assert.notEqual(randoms[0], randoms[1]);
  for (const l of got.slice(1)) assert.ok(serverLines.has(l));
  assert.throws(() => new KeyLogFile(dir), /Cannot open the TLS key log file .*(EISDIR|not a regular file)/);
});

void test('a raw TLS session logs its keys too', async () => {
  const file = path.join(dir, 'session.log');
  const keylog = new KeyLogFile(file);
  const session = await openSession('localhost', port, { tls: { caFile: pki.caFile, keylog }, timeout: 5000 });
  await session.close();
  await keylog.close();
  assert.ok(lines(file).some(l => l.startsWith('CLIENT_TRAFFIC_SECRET_0 ')));
});

void test('CLI: --keylog FILE, and SSLKEYLOGFILE as curl honours it; stderr says so', async () => {
  const flagFile = path.join(dir, 'cli-flag.log');
  const r = await runCli(['http', `https://localhost:${port}/x`, '--cacert', pki.caFile, '--keylog', flagFile]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /TLS session keys are appended to .*cli-flag\.log: anyone who can read it can decrypt/);
  assert.ok(lines(flagFile).some(l => l.startsWith('CLIENT_TRAFFIC_SECRET_0 ')));
  const envFile = path.join(dir, 'cli-env.log');
  const e = await runCli(['http', `https://localhost:${port}/y`, '--cacert', pki.caFile], { env: { SSLKEYLOGFILE: envFile } });
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stderr, /\(SSLKEYLOGFILE\)/);
  assert.ok(lines(envFile).length >= 4);
  assert.equal(fs.statSync(envFile).mode & 0o777, 0o600);
});

function tsharkProblem(): string | undefined {
  if (spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status !== 0) return 'tshark is not installed';
  if (process.getuid?.() !== 0) return 'capturing on lo needs root';
  return undefined;
}

void test(
  'tshark decrypts a loopback capture of the session with the key log',
  { skip: skipOutsideCi(tsharkProblem(), 'the tshark decryption test') },
  async () => {
    const capture = path.join(dir, 'capture.pcapng');
    const keys = path.join(dir, 'tshark-keys.log');
    // UDP datagrams to this port mark the start and the end of the capture in tshark's output.
    const marker = dgram.createSocket('udp4');
    marker.bind(0, '127.0.0.1');
    await once(marker, 'listening');
    const markerPort = marker.address().port;
    const shark = spawn('tshark', ['-i', 'lo', '-f', `tcp port ${port} or udp port ${markerPort}`, '-w', capture, '-P', '-l'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    shark.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    shark.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    const exited = once(shark, 'exit');
    // tshark says "Capturing on" before its filter is live: datagrams of a known length are sent until it prints one.
    const seen = (len: number): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        const send = (): void => marker.send(Buffer.alloc(len, 0x2e), markerPort, '127.0.0.1');
        const timer = setInterval(send, 100);
        send();
        const check = (): void => {
          if (out.includes(`Len=${len}`)) {
            clearInterval(timer);
            resolve();
          }
        };
        shark.stdout.on('data', check);
        void exited.then(() => {
          clearInterval(timer);
          reject(new Error(`tshark exited: ${err}`));
        });
      });
    try {
      await seen(5);
      const keylog = new KeyLogFile(keys);
      assert.equal(await getWith(keylog, undefined, '/only-in-the-decrypted-capture'), 'secret answer to /only-in-the-decrypted-capture\n');
      await keylog.close();
      await seen(7);
    } finally {
      marker.close();
      shark.kill('SIGINT');
      await exited;
    }
    // Decode the test's port as TLS whatever number it got (a random port may belong to another protocol in tshark's tables).
    const read = (extra: string[]): string =>
      execFileSync(
        'tshark',
        ['-r', capture, '-d', `tcp.port==${port},tls`, '-Y', 'http', '-T', 'fields', '-e', 'http.request.uri', '-e', 'http.file_data', ...extra],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
    assert.doesNotMatch(read([]), /only-in-the-decrypted-capture/, 'without keys the capture shows no HTTP');
    const decrypted = read(['-o', `tls.keylog_file:${keys}`]);
    assert.match(decrypted, /\/only-in-the-decrypted-capture/);
  },
);
