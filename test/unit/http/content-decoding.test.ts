import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { decodeContent } from '../../../src/core/http/content-decoding';

/** 158 bytes of brotli that expand to 200,000,000 zero bytes. */
const BOMB = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'http', 'brotli-bomb-200mb.br'));
const MiB = 1024 * 1024;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-decode-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const inMemory = (data: Buffer) => ({ size: data.length, data, truncated: false });
const enc = (v: string): Array<[string, string]> => [['Content-Encoding', v]];

test('gzip, zlib and raw deflate, brotli and a chain of codings are removed; identity and none leave the body alone', async () => {
  const text = Buffer.from('hello, decoded world '.repeat(50));
  for (const [coding, data] of [
    ['gzip', zlib.gzipSync(text)],
    ['x-gzip', zlib.gzipSync(text)],
    ['deflate', zlib.deflateSync(text)],
    ['deflate', zlib.deflateRawSync(text)],
    ['br', zlib.brotliCompressSync(text)],
    ['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(text))],
  ] as const) {
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
