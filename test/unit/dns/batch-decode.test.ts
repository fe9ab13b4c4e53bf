import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { decodeBatchAnswer, questionEnd, sameQuestion } from '../../../src/core/dns/batch-decode';
import { shuffledIds } from '../../../src/core/dns/id-ring';
import { encodeQuestion } from '../../../src/core/dns/mux';
import { MalformedMessage, encodeName } from '../../../src/core/dns/name';

const query = encodeQuestion(encodeName('www.Example.test'), 1, true);
const qEnd = questionEnd(query);

/** An answer to `query`: header flags, the echoed question, then `records` as answer records. */
function answerTo(q: Buffer, records: Buffer[], flags = 0x8180): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.readUInt16BE(0), 0);
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  return Buffer.concat([header, q.subarray(12, questionEnd(q)), ...records]);
}

/** A record owned by the question name (pointer to offset 12). */
function rr(type: number, rdata: Buffer, owner = Buffer.from([0xc0, 12])): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(type, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(60, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([owner, fixed, rdata]);
}

test('batch answers: only records of the asked type are presented, after a CNAME', () => {
  const cname = rr(5, Buffer.concat([Buffer.from([3]), Buffer.from('web'), Buffer.from([0xc0, 16])]));
  const a = rr(1, Buffer.from([192, 0, 2, 7]), Buffer.from([0xc0, qEnd + 12]));
  const b = rr(1, Buffer.from([192, 0, 2, 8]), Buffer.from([0xc0, qEnd + 12]));
  assert.deepEqual(decodeBatchAnswer(answerTo(query, [cname, a, b]), qEnd, 1), { rcodeCode: 0, truncated: false, values: ['192.0.2.7', '192.0.2.8'] });
  assert.deepEqual(decodeBatchAnswer(answerTo(query, [], 0x8183), qEnd, 1), { rcodeCode: 3, truncated: false, values: [] });
  assert.deepEqual(decodeBatchAnswer(answerTo(query, [], 0x8380), qEnd, 1), { rcodeCode: 0, truncated: true, values: [] });
});

test('batch answers: malformed answer sections throw MalformedMessage', () => {
  const bad: Array<[string, Buffer]> = [
    ['count beyond the data', answerTo(query, [rr(1, Buffer.from([1, 2, 3, 4]))]).subarray(0, qEnd + 8)],
    ['rdata past the end', answerTo(query, [rr(1, Buffer.from([1, 2, 3, 4]))]).subarray(0, qEnd + 14)],
    ['forward pointer', answerTo(query, [rr(1, Buffer.from([1, 2, 3, 4]), Buffer.from([0xc0, 200]))])],
    ['self pointer', answerTo(query, [rr(1, Buffer.from([1, 2, 3, 4]), Buffer.from([0xc0, qEnd]))])],
    ['bad label type', answerTo(query, [rr(1, Buffer.from([1, 2, 3, 4]), Buffer.from([0x40, 0]))])],
    ['A of 3 bytes', answerTo(query, [rr(1, Buffer.from([1, 2, 3]))])],
  ];
  for (const [what, buf] of bad) assert.throws(() => decodeBatchAnswer(buf, qEnd, 1), MalformedMessage, what);
});

test('batch answers: the question must match byte for byte, letters in any case', () => {
  const mixed = Buffer.from(answerTo(query, []));
  mixed[13] = 'W'.charCodeAt(0);
  mixed[17] = 'e'.charCodeAt(0);
  assert.ok(sameQuestion(mixed, query, qEnd));
  const otherType = Buffer.from(mixed);
  otherType.writeUInt16BE(28, qEnd - 4);
  assert.ok(!sameQuestion(otherType, query, qEnd));
  // 0x03 and 0x23 differ only in the 0x20 bit but are not letters.
  const otherLength = Buffer.from(mixed);
  otherLength[12] = (otherLength[12] ?? 0) | 0x20;
  assert.ok(!sameQuestion(otherLength, query, qEnd));
  const two = Buffer.from(mixed);
  two.writeUInt16BE(2, 4);
  assert.ok(!sameQuestion(two, query, qEnd));
  assert.ok(!sameQuestion(mixed.subarray(0, qEnd - 1), query, qEnd));
});

test('query ids: a shuffled permutation of all 65,536 ids, different each time', () => {
  const a = shuffledIds();
  const b = shuffledIds();
  assert.equal(new Set(a).size, 65536);
  assert.notDeepEqual(a.subarray(0, 16), b.subarray(0, 16));
  assert.notDeepEqual(
    [...a.subarray(0, 16)],
    Array.from({ length: 16 }, (_, i) => i),
  );
});
