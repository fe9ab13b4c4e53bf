import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as os from 'os';
import { NetProbeError, byteOrder } from '../../../src/core';

test('htons(80) on this machine matches Buffer byte order', () => {
  const r = byteOrder('80', 16);
  const buf = Buffer.alloc(2);
  buf.writeUInt16BE(80);
  assert.equal(r.htonValue, String(os.endianness() === 'LE' ? buf.readUInt16LE() : buf.readUInt16BE()));
  assert.deepEqual(r.networkBytes, ['00', '50']);
  assert.equal(r.hostEndianness, os.endianness() === 'LE' ? 'little' : 'big');
  assert.equal(r.hton, 'htons');
});

test('htonl on little- and big-endian hosts', () => {
  const le = byteOrder('0x12345678', 32, 'little');
  assert.equal(le.htonHex, '0x78563412');
  assert.deepEqual(le.hostBytes, ['78', '56', '34', '12']);
  assert.deepEqual(le.networkBytes, ['12', '34', '56', '78']);
  const be = byteOrder('0x12345678', 32, 'big');
  assert.equal(be.htonHex, '0x12345678');
  assert.equal(be.swappedHex, '0x78563412');
  assert.deepEqual(be.hostBytes, be.networkBytes);
});

test('64-bit, width inference, number forms', () => {
  const r = byteOrder('0x0102030405060708', undefined, 'little');
  assert.equal(r.bits, 64);
  assert.equal(r.htonHex, '0x0807060504030201');
  assert.equal(r.hton, 'htobe64');
  assert.equal(byteOrder('65535').bits, 16);
  assert.equal(byteOrder('65536').bits, 32);
  assert.equal(byteOrder('0b1_0000_0000', 16, 'little').htonHex, '0x0001');
  assert.equal(byteOrder('0o777', 16, 'little').value, '511');
  const round = byteOrder(byteOrder('0xdeadbeef', 32, 'little').htonValue, 32, 'little');
  assert.equal(round.htonHex, '0xdeadbeef');
});

test('out-of-range and bad values are rejected with the reason', () => {
  const bad = (input: string, bits: 16 | 32 | 64 | undefined, re: RegExp): void => {
    assert.throws(
      () => byteOrder(input, bits),
      (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input' && re.test(e.message),
    );
  };
  bad('65536', 16, /does not fit in 16 bits \(the largest is 65535\)/);
  bad('0x100000000', 32, /does not fit in 32 bits/);
  bad((1n << 64n).toString(), undefined, /does not fit in 64 bits/);
  bad('-1', 16, /negative/);
  bad('12abc', 32, /not an integer/);
  bad('', 32, /not an integer/);
  assert.throws(() => byteOrder('1', 24 as 16), /16, 32 or 64/);
});
