import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { decodeContent } from '../../../src/core/http/content-decoding';
import { sendHttp } from '../../../src/core/http/client';
import { runCli } from '../../helpers/cli';
import type { RawServer } from './raw-server';
import { onRequestHead, rawServer } from './raw-server';

/** 158 bytes of brotli that expand to 200,000,000 zero bytes. */
export const BOMB = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'http', 'brotli-bomb-200mb.br'));
const MiB = 1024 * 1024;
const servers: RawServer[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-decode-'));
after(async () => {
  for (const s of servers) await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const inMemory = (data: Buffer) => ({ size: data.length, data, truncated: false });
const enc = (v: string): Array<[string, string]> => [['Content-Encoding', v]];

async function bombServer(): Promise<RawServer> {
  const s = await rawServer((sock, got) => onRequestHead(sock, got, () => {
    sock.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Encoding: br\r\nContent-Length: ${BOMB.length}\r\n\r\n`), BOMB]));
  }));
  servers.push(s);
  return s;
}

test('gzip, zlib and raw deflate, brotli and a chain of codings are removed; identity and none leave the body alone', async () => {
  const text = Buffer.from('hello, decoded world '.repeat(50));
  for (const [coding, data] of [['gzip', zlib.gzipSync(text)], ['x-gzip', zlib.gzipSync(text)], ['deflate', zlib.deflateSync(text)],
    ['deflate', zlib.deflateRawSync(text)], ['br', zlib.brotliCompressSync(text)], ['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(text))]] as const) {
    const d = await decodeContent(inMemory(data), enc(coding));
    assert.ok(d?.body.data?.equals(text), coding);
    assert.equal(d?.wireBytes, data.length);
    assert.equal(d?.body.truncated, false);
    assert.equal(d?.error, undefined);
  }
  assert.equal(await decodeContent(inMemory(text), enc('identity')), undefined);
  assert.equal(await decodeContent(inMemory(text), []), undefined);
});

test('a corrupt stream or an unknown coding is an error note, with what was decoded until then', async () => {
  const gz = zlib.gzipSync(Buffer.alloc(100_000, 0x61));
  const corrupt = Buffer.concat([gz.subarray(0, 40), Buffer.from('garbage garbage garbage')]);
  const d = await decodeContent(inMemory(corrupt), enc('gzip'));
  assert.match(d?.error ?? '', /Could not remove Content-Encoding "gzip"/);
  const cut = await decodeContent(inMemory(gz.subarray(0, gz.length - 30)), enc('gzip'));
  assert.ok((cut?.body.size ?? 0) > 0, 'a cut stream shows what it had');
  const unknown = await decodeContent(inMemory(gz), enc('zstd2'));
  assert.match(unknown?.error ?? '', /Cannot remove Content-Encoding "zstd2": unknown content-encoding "zstd2"/);
});

test('the cap stops decoding; output past the in-memory limit spills to a temporary file; a body at the cap is whole', async () => {
  const d = await decodeContent(inMemory(BOMB), enc('br'), { maxBytes: 3 * MiB, memoryBytes: MiB, tempDir: dir });
  assert.equal(d?.body.size, 3 * MiB);
  assert.equal(d?.body.truncated, true);
  assert.equal(d?.body.temporary, true);
  assert.equal(fs.statSync(d?.body.file ?? '').size, 3 * MiB);
  assert.equal(d?.body.preview?.length, 64 * 1024);
  const exact = await decodeContent(inMemory(zlib.gzipSync(Buffer.alloc(MiB))), enc('gzip'), { maxBytes: MiB });
  assert.equal(exact?.body.size, MiB);
  assert.equal(exact?.body.truncated, false);
});

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
  const j = JSON.parse((await runCli(['http', url, '--json', '--max-decoded', '2'], { env: { TMPDIR: dir } })).stdout) as { bodySize: number; decoded: { encoding: string; size: number; truncated: boolean; note: string; bodyBase64?: string } };
  assert.equal(Buffer.from(j.decoded.bodyBase64 ?? '', 'base64').length, 2 * MiB);
  delete j.decoded.bodyBase64;
  assert.deepEqual({ ...j.decoded, bodySize: j.bodySize }, {
    encoding: 'br', size: 2 * MiB, wireSize: BOMB.length, truncated: true, maxBytes: 2 * MiB, note: `decoded body truncated at 2 MiB, ${BOMB.length} bytes on the wire`, bodySize: BOMB.length,
  });
});
