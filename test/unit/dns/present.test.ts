import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { presentRdata } from '../../../src/core/dns/present';
import { base64Words, dnssecTime, hexWords } from '../../../src/core/dns/rdata-text';

/** Presents `rdata` of `type` as the only record data of a message. */
const present = (type: number, rdata: number[] | Buffer, klass = 1): string => presentRdata(Buffer.from(rdata), type, 0, rdata.length, klass);

test('issue 13 item 12: AAAA compresses the longest run of zero groups, as dig does (RFC 5952 §4.2.3)', () => {
  const aaaa = (groups: number[]): string => present(28, Buffer.from(groups.flatMap(g => [g >> 8, g & 255])));
  assert.equal(aaaa([0x9a6e, 0, 0, 0xec7e, 0x246c, 0, 0, 0]), '9a6e:0:0:ec7e:246c::');
  assert.equal(aaaa([1, 0, 0, 2, 0, 0, 3, 4]), '1::2:0:0:3:4', 'the first of two equal runs');
  assert.equal(aaaa([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]), '::ffff:1.2.3.4');
  assert.equal(aaaa([0, 0, 0, 0, 0, 0, 0x0102, 0x0304]), '::1.2.3.4', 'IPv4-compatible, as inet_ntop prints it');
  assert.equal(aaaa([0, 0, 0, 0, 0, 0, 0, 1]), '::1');
});

test('issue 13 item 12: HINFO and NAPTR character-strings are bytes, not UTF-8 (\\208, never \\239\\191\\189)', () => {
  assert.equal(present(13, [3, 0x61, 0x20, 0x62, 1, 0xd0]), '"a b" "\\208"');
  const naptr = [0, 100, 0, 10, 1, 0x53, 2, 0xd0, 0x9b, 0, 0];
  assert.equal(present(35, naptr), '100 10 "S" "\\208\\155" "" .');
});

test("names and strings: dig's escapes for specials, controls and high bytes", () => {
  assert.equal(present(2, [5, 0x1b, 0x5b, 0x32, 0x4a, 0x2e, 1, 0x40, 0]), '\\027[2J\\..\\@.');
  assert.equal(present(16, [4, 0x22, 0x5c, 0x3b, 0x7f, 0]), '"\\"\\\\;\\127" ""');
  assert.equal(present(257, [128, 3, 0x74, 0x62, 0x73, 0x22, 0x20]), '128 tbs "\\" "');
});

test("hex and base64 in dig's 56-character words", () => {
  assert.equal(hexWords(Buffer.alloc(32, 0xab)), `${'AB'.repeat(28)} ${'AB'.repeat(4)}`);
  assert.equal(base64Words(Buffer.alloc(43, 0)), `${'A'.repeat(56)} AA==`);
  assert.equal(base64Words(Buffer.alloc(64, 0)), `${'A'.repeat(56)} ${'A'.repeat(28)}AA==`);
  assert.equal(present(43, [0x30, 0x39, 13, 2, ...Buffer.alloc(32, 0xab)]), `12345 13 2 ${'AB'.repeat(28)} ${'AB'.repeat(4)}`);
});

test('DNSSEC times are read by serial arithmetic around now, as BIND does', () => {
  const now = Date.UTC(2026, 11, 6);
  assert.equal(dnssecTime(0, now), '19700101000000');
  assert.equal(dnssecTime(0xffffffff, now), '19691231235959', 'nearer to now one epoch back');
  assert.equal(dnssecTime(2000000000, now), '20330518033320');
});

test('types dig shows in RFC 3597 form stay generic: unknown types, LOC version 1, SRV outside class IN', () => {
  assert.equal(present(65280, [0xab, 0xcd, 0xef]), '\\# 3 ABCDEF');
  assert.equal(present(65280, []), '\\# 0');
  assert.equal(present(29, [1, ...Buffer.alloc(15)]), `\\# 16 01${'00'.repeat(15)}`);
  assert.equal(present(33, [0, 1, 0, 2, 0, 3, 0], 3), '\\# 7 00010002000300');
  assert.equal(present(1, [3, 0x63, 0x68, 0x61, 0, 0xfe, 0x01], 3), 'cha. 177001', 'A in class CH: a name and an octal address');
});

test('data that does not fit its type is refused with a MalformedMessage', () => {
  for (const [type, rdata] of [
    [1, [1, 2, 3]],
    [28, [0]],
    [15, [0, 5]],
    [6, [0]],
    [64, [0, 1, 0, 0, 3, 0, 1, 1]],
  ] as Array<[number, number[]]>) {
    assert.throws(
      () => present(type, rdata),
      (e: unknown) => e instanceof Error && (e as { code?: string }).code === 'protocol',
      `type ${type}`,
    );
  }
});
