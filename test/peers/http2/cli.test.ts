import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { NginxPeer } from '../../helpers/nginx';
import { startNginx } from '../../helpers/nginx';
import { json, runCli } from '../../helpers/cli';

let nginx: NginxPeer;
let dir: string;
before(async () => {
  nginx = await startNginx();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-cli-h2-'));
});
after(async () => {
  await nginx.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface FrameJson {
  connection: number;
  dir: string;
  type: string;
  flags: number;
  flagNames: string[];
  streamId: number;
  length: number;
  hex: string;
  atMs: number;
  settings?: Array<{ name: string; value: number }>;
  headers?: Array<[string, string]>;
}
interface H2Json {
  status: number;
  httpVersion: string;
  headers: Array<[string, string]>;
  bodyBase64: string;
  frames: FrameJson[];
  http2: {
    connections: Array<{
      connection: number;
      asked: string;
      used: string;
      alpn?: string;
      note?: string;
      remoteSettings?: Array<{ name: string; value: number }>;
    }>;
  };
  exchanges: Array<{ http2?: { streamId: number; headersSentMs: number; firstByteMs: number; lastByteMs: number; requestHeaders: Array<[string, string]> } }>;
}

test('netprobe http --http2 --json: httpVersion "2" and every frame with dir, type, flags, streamId, length and its bytes', async () => {
  const r = await runCli(['http', `https://localhost:${nginx.h2Port}/proto`, '--http2', '--cacert', nginx.pki.caFile, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = json<H2Json>(r);
  assert.equal(j.httpVersion, '2');
  assert.equal(j.status, 200);
  assert.equal(Buffer.from(j.bodyBase64, 'base64').toString(), 'HTTP/2.0\n');
  assert.deepEqual(
    j.frames.slice(0, 2).map(f => [f.dir, f.type, f.streamId]),
    [
      ['out', 'SETTINGS', 0],
      ['out', 'HEADERS', 1],
    ],
  );
  for (const f of j.frames) {
    assert.ok(['out', 'in'].includes(f.dir) && typeof f.flags === 'number' && f.hex.length === 2 * (9 + f.length), JSON.stringify(f));
    assert.equal(parseInt(f.hex.slice(0, 6), 16), f.length);
    assert.equal(f.connection, 1);
  }
  const resp = j.frames.find(f => f.dir === 'in' && f.type === 'HEADERS');
  assert.deepEqual(resp?.headers?.[0], [':status', '200']);
  assert.deepEqual(resp?.flagNames, ['END_HEADERS']);
  assert.deepEqual(j.http2.connections[0], { ...j.http2.connections[0], connection: 1, asked: 'h2', used: '2', alpn: 'h2' });
  assert.ok(j.http2.connections[0]?.remoteSettings?.some(s => s.name === 'MAX_CONCURRENT_STREAMS'));
  const s = j.exchanges[0]?.http2;
  assert.ok(s && s.streamId === 1 && s.headersSentMs <= s.firstByteMs && s.firstByteMs <= s.lastByteMs);
  assert.deepEqual(
    s.requestHeaders.slice(0, 4).map(([k]) => k),
    [':method', ':scheme', ':authority', ':path'],
  );
});

test('netprobe http --http2-prior-knowledge -v prints the frames both ways; a request file with # @http2 prior-knowledge and # @concurrent', async () => {
  const v = await runCli(['http', `http://127.0.0.1:${nginx.h2cPort}/proto`, '--http2-prior-knowledge', '-v']);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /^HTTP\/2 200\n/);
  assert.match(v.stderr, /\* HTTP\/2 \(prior knowledge, h2c\) on connection #1/);
  assert.match(v.stderr, /ms\] > SETTINGS stream 0, \d+ bytes: ENABLE_PUSH=0/);
  assert.match(v.stderr, /ms\] > HEADERS stream 1, \d+ bytes \[END_STREAM END_HEADERS\]: header block \d+ bytes/);
  assert.match(v.stderr, /\* >\s+:path: \/proto/);
  assert.match(v.stderr, /ms\] < DATA stream 1, 9 bytes \[END_STREAM\]: window: connection \d+, stream \d+/);
  assert.match(v.stderr, /ms\] > GOAWAY stream 0, 8 bytes: NO_ERROR; last stream 0/);
  const file = path.join(dir, 'two.rawhttp');
  fs.writeFileSync(
    file,
    `# @http2 prior-knowledge\n# @concurrent 2\n# @target 127.0.0.1:${nginx.h2cPort}\nGET /echo?a HTTP/1.1\nHost: localhost\n\n###\nGET /echo?b HTTP/1.1\nHost: localhost\n`,
  );
  const f = await runCli(['http', '--raw', file, '--json']);
  assert.equal(f.code, 0, f.stderr);
  const j = json<H2Json>(f);
  assert.equal(j.httpVersion, '2');
  assert.deepEqual(
    j.exchanges.map(e => e.http2?.streamId),
    [1, 3],
  );
  assert.equal(j.frames.filter(fr => fr.dir === 'out' && fr.type === 'HEADERS').length, 2);
});

test('netprobe http --http2 to a server that refuses h2 says so and answers over HTTP/1.1; h2c to HTTP/1.1 fails with exit 1', async () => {
  const r = await runCli(['http', `https://localhost:${nginx.httpsPort}/proto`, '--http2', '--cacert', nginx.pki.caFile]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^HTTP\/1\.1 200 OK/);
  assert.match(r.stderr, /The server chose http\/1\.1 in ALPN \(it refused h2\)/);
  const j = json<H2Json>(await runCli(['http', `https://localhost:${nginx.httpsPort}/proto`, '--http2', '--cacert', nginx.pki.caFile, '--json']));
  assert.equal(j.httpVersion, '1.1');
  assert.deepEqual(j.http2.connections[0], {
    connection: 1,
    asked: 'h2',
    used: '1.1',
    alpn: 'http/1.1',
    note: 'The server chose http/1.1 in ALPN (it refused h2): the request went as HTTP/1.1 on the same connection.',
  });
  assert.equal(j.frames, undefined);
  const bad = await runCli(['http', `http://127.0.0.1:${nginx.httpPort}/proto`, '--http2-prior-knowledge', '--json']);
  assert.equal(bad.code, 1);
  const e = json<{ error: { code: string; message: string } }>(bad);
  assert.equal(e.error.code, 'protocol');
  assert.match(e.error.message, /answered in HTTP\/1\.x/);
  const both = await runCli(['http', `http://127.0.0.1:${nginx.httpPort}/`, '--http2', '--http2-prior-knowledge']);
  assert.equal(both.code, 2);
});
