import { test } from 'node:test';
import * as assert from 'assert';
import { formatByteCount, formatBytes, formatCount, formatDuration, plural } from '../../../src/core/text/units';

test('durations scale their unit: sub-ms precision below 10 ms, seconds from 1 s, minutes and hours', () => {
  const cases: Array<[number, string]> = [
    [0, '0 ms'],
    [0.078, '0.078 ms'],
    [0.0781234, '0.078 ms'],
    [8.2224, '8.222 ms'],
    [9.9996, '10.0 ms'],
    [12.34, '12.3 ms'],
    [250, '250 ms'],
    [999.94, '999.9 ms'],
    [999.96, '1.00 s'],
    [1520, '1.52 s'],
    [5000, '5 s'],
    [9999, '10.0 s'],
    [18436.675, '18.4 s'],
    [59960, '1 min'],
    [185_000, '3 min 5 s'],
    [3_600_000, '1 h'],
    [7_380_000, '2 h 3 min'],
    [-12.34, '-12.3 ms'],
  ];
  for (const [ms, text] of cases) assert.strictEqual(formatDuration(ms), text, `${ms} ms`);
  assert.strictEqual(formatDuration(Number.NaN), 'NaN ms');
});

test('sizes in binary units: bytes below 1 KiB, one decimal below 100 of a unit', () => {
  const cases: Array<[number, string]> = [
    [0, '0 bytes'],
    [1, '1 byte'],
    [812, '812 bytes'],
    [1023, '1023 bytes'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [524288, '512 KiB'],
    [1048575, '1.0 MiB'],
    [19293798, '18.4 MiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
    [3 * 1024 ** 5, '3072 TiB'],
  ];
  for (const [n, text] of cases) assert.strictEqual(formatBytes(n), text, `${n} bytes`);
  assert.strictEqual(formatByteCount(812), '812 bytes');
  assert.strictEqual(formatByteCount(212992), '212992 bytes (208 KiB)');
});

test('counts agree with their noun', () => {
  assert.strictEqual(formatCount(1, 'datagram'), '1 datagram');
  assert.strictEqual(formatCount(0, 'datagram'), '0 datagrams');
  assert.strictEqual(formatCount(3, 'address', 'addresses'), '3 addresses');
  assert.strictEqual(formatCount(1, 'address', 'addresses'), '1 address');
  assert.strictEqual(plural(2, 'port'), 'ports');
  assert.strictEqual(plural(1, 'reply', 'replies'), 'reply');
});
