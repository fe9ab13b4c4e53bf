import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { HpackDecoder, HpackError } from '../../../src/core/http/http2/hpack';
import { HuffmanError, huffmanCode, huffmanDecode } from '../../../src/core/http/http2/huffman';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Huffman-encodes with the code table (the decoder's inverse), padding with ones. */
function huffmanEncode(data: Buffer): Buffer {
  let bits = '';
  for (const c of data) {
    const [code, len] = huffmanCode(c);
    bits += code.toString(2).padStart(len, '0');
  }
  while (bits.length % 8) bits += '1';
  return Buffer.from(Array.from({ length: bits.length / 8 }, (_, i) => parseInt(bits.slice(i * 8, i * 8 + 8), 2)));
}

test('Huffman: RFC 7541 C.4 strings, every byte value, and the padding rules', () => {
  assert.equal(huffmanDecode(hex('f1e3c2e5f23a6ba0ab90f4ff')).toString(), 'www.example.com');
  assert.equal(huffmanDecode(hex('a8eb10649cbf')).toString(), 'no-cache');
  assert.deepEqual(huffmanCode(0), [0x1ff8, 13]);
  assert.deepEqual(huffmanCode(255), [0x3ffffee, 26]);
  assert.deepEqual(huffmanCode(256), [0x3fffffff, 30]);
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  assert.ok(huffmanDecode(huffmanEncode(all)).equals(all));
  assert.throws(() => huffmanDecode(hex('ff ff ff ff')), HuffmanError, 'EOS inside the string');
  assert.equal(huffmanDecode(hex('07')).toString(), '0');
  assert.equal(huffmanDecode(hex('1f')).toString(), 'a');
  assert.throws(() => huffmanDecode(hex('00')), HuffmanError, "'0' then padding that is not all ones");
  assert.throws(() => huffmanDecode(hex('07 ff')), HuffmanError, 'padding longer than 7 bits');
});

test('HPACK: RFC 7541 C.3 and C.4 request sequences share one dynamic table', () => {
  for (const [blocks, huff] of [
    [['828684410f7777772e6578616d706c652e636f6d', '828684be58086e6f2d6361636865', '828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565'], false],
    [['828684418cf1e3c2e5f23a6ba0ab90f4ff', '828684be5886a8eb10649cbf', '828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf'], true],
  ] as Array<[string[], boolean]>) {
    const d = new HpackDecoder();
    const [a, b, c] = blocks.map(x => d.decode(hex(x)));
    assert.deepEqual(
      a?.headers,
      [
        [':method', 'GET'],
        [':scheme', 'http'],
        [':path', '/'],
        [':authority', 'www.example.com'],
      ],
      `huffman ${huff}`,
    );
    assert.deepEqual(b?.headers.at(-1), ['cache-control', 'no-cache']);
    assert.deepEqual(c?.headers, [
      [':method', 'GET'],
      [':scheme', 'https'],
      [':path', '/index.html'],
      [':authority', 'www.example.com'],
      ['custom-key', 'custom-value'],
    ]);
    assert.deepEqual(d.dynamicTable, [
      ['custom-key', 'custom-value'],
      ['cache-control', 'no-cache'],
      [':authority', 'www.example.com'],
    ]);
    assert.equal(c?.listSize, 5 * 32 + 7 + 3 + 7 + 5 + 5 + 11 + 10 + 15 + 10 + 12);
    assert.deepEqual(
      new HpackDecoder().decode(hex(blocks[0] ?? ''), true).fields?.map(f => f.representation),
      ['indexed', 'indexed', 'indexed', 'incremental'],
    );
  }
});

test('HPACK: RFC 7541 C.5 responses evict from a 256-byte table', () => {
  const d = new HpackDecoder(256);
  const first = d.decode(
    hex('4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d'),
  );
  assert.deepEqual(first.headers, [
    [':status', '302'],
    ['cache-control', 'private'],
    ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'],
    ['location', 'https://www.example.com'],
  ]);
  const second = d.decode(hex('4803333037c1c0bf'));
  assert.deepEqual(second.headers, [
    [':status', '307'],
    ['cache-control', 'private'],
    ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'],
    ['location', 'https://www.example.com'],
  ]);
  assert.equal(d.dynamicTable.length, 4);
  assert.deepEqual(d.dynamicTable[0], [':status', '307']);
});

test('HPACK: size updates, never-indexed fields, limits and malformed blocks', () => {
  const d = new HpackDecoder(4096, 100);
  // Size update to 0 (clears), then a never-indexed literal with a literal name.
  const r = d.decode(Buffer.concat([hex('20'), hex('10'), Buffer.from([6]), Buffer.from('secret'), Buffer.from([3]), Buffer.from('abc')]));
  assert.deepEqual(r.tableSizeUpdates, [0]);
  assert.equal(r.fields, undefined);
  assert.deepEqual(new HpackDecoder().decode(hex('100673656372657403616263'), true).fields?.[0]?.representation, 'never-indexed');
  assert.deepEqual(r.headers, [['secret', 'abc']]);
  // A list over the limit keeps what fits and counts the rest.
  const big = d.decode(
    Buffer.concat(Array.from({ length: 5 }, () => Buffer.concat([hex('00'), Buffer.from([1]), Buffer.from('x'), Buffer.from([20]), Buffer.alloc(20, 0x61)]))),
  );
  assert.equal(big.headers.length, 1);
  assert.equal(big.dropped, 4);
  assert.equal(big.listSize, 5 * 53);
  assert.throws(() => new HpackDecoder().decode(hex('80')), HpackError, 'index 0');
  assert.throws(() => new HpackDecoder().decode(hex('be')), /beyond the header tables/);
  assert.throws(() => new HpackDecoder().decode(hex('82 20')), /size update comes after a header field/);
  assert.throws(() => new HpackDecoder(4096).decode(hex('3fe21f')), /more than the 4096 allowed/);
  assert.throws(() => new HpackDecoder().decode(hex('0f')), /ends inside an integer/);
  assert.throws(() => new HpackDecoder().decode(hex('400a6162')), /runs past the end/);
  assert.throws(() => new HpackDecoder().decode(hex('ff ff ff ff ff 0f')), /larger than 2\^32/);
});
