import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sendHttp } from '../../../src/core/http/client';
import { runCli } from '../../helpers/cli';
import type { RawServer } from './raw-server';
import { onRequestHead, rawServer } from './raw-server';

/** 158 bytes of brotli that expand to 200,000,000 zero bytes. */
const BOMB = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'http', 'brotli-bomb-200mb.br'));
const MiB = 1024 * 1024;
const servers: RawServer[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-bomb-'));
after(async () => {
  for (const s of servers) await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function bombServer(): Promise<RawServer> {
  const s = await rawServer((sock, got) =>
    onRequestHead(sock, got, () => {
      sock.end(
        Buffer.concat([
          Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Encoding: br\r\nContent-Length: ${BOMB.length}\r\n\r\n`),
          BOMB,
        ]),
      );
    }),
  );
  servers.push(s);
  return s;
}

test('sendHttp decodes when asked: a brotli bomb stops at the default 64 MiB cap, in a temporary file', async () => {
  const s = await bombServer();
  const r = await sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: { host: '127.0.0.1', port: s.port, tls: false }, decode: {}, tempDir: dir });
  const res = r.final.response;
  assert.equal(res?.body.size, BOMB.length);
  assert.equal(res?.decoded?.body.size, 64 * MiB);
  assert.equal(res?.decoded?.body.truncated, true);
  assert.ok(res?.decoded?.body.file?.startsWith(path.join(dir, 'netprobe-body-')));
  const plain = await sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: { host: '127.0.0.1', port: s.port, tls: false } });
  assert.equal(plain.final.response?.decoded, undefined, 'no decoding unless asked');
});

test('netprobe http on a decompression bomb says where decoding stopped; --json has the decoded size', async () => {
  const s = await bombServer();
  const url = `http://127.0.0.1:${s.port}/`;
  const r = await runCli(['http', url], { env: { TMPDIR: dir } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`warning: decoded body truncated at 64 MiB, ${BOMB.length} bytes on the wire`));
  assert.match(r.stdout, /\[67108864 decoded bytes not printed/);
  const j = JSON.parse((await runCli(['http', url, '--json', '--max-decoded', '2'], { env: { TMPDIR: dir } })).stdout) as {
    bodySize: number;
    decoded: { encoding: string; size: number; truncated: boolean; note: string; bodyBase64?: string };
  };
  assert.equal(Buffer.from(j.decoded.bodyBase64 ?? '', 'base64').length, 2 * MiB);
  delete j.decoded.bodyBase64;
  assert.deepEqual(
    { ...j.decoded, bodySize: j.bodySize },
    {
      encoding: 'br',
      size: 2 * MiB,
      wireSize: BOMB.length,
      truncated: true,
      maxBytes: 2 * MiB,
      note: `decoded body truncated at 2 MiB, ${BOMB.length} bytes on the wire`,
      bodySize: BOMB.length,
    },
  );
});
