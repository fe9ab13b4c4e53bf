import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BodySink } from '../../../src/core/http/body-sink';

test('a body sink keeps small bodies in memory and spills past the limit with a preview of the first bytes', async () => {
  const small = new BodySink({ memoryBytes: 100 });
  small.write(Buffer.from('hello '));
  small.write(Buffer.from('world'));
  assert.deepEqual(await small.end(false), { size: 11, data: Buffer.from('hello world'), truncated: false });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-sink-'));
  try {
    const big = new BodySink({ memoryBytes: 10, tempDir: dir });
    for (const part of ['abcdef', 'ghijkl', 'mnopqr']) big.write(Buffer.from(part));
    const info = await big.end(false);
    assert.equal(info.size, 18);
    assert.equal(info.temporary, true);
    assert.equal(info.data, undefined);
    assert.equal(info.preview?.toString(), 'abcdefghijklmnopqr');
    assert.equal(fs.readFileSync(info.file ?? '').toString(), 'abcdefghijklmnopqr');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
