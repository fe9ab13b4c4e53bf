import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { AddressToken } from '../../../src/core';
import { addressTokenAt, scanAddresses } from '../../../src/core';

function scan(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  scanAddresses(text, (t: AddressToken) => out.push([t.kind, t.text]));
  return out;
}

test('finds each kind in a log line and skips look-alikes', () => {
  const line =
    'Nov 27 12:30:45 sshd[1]: from 10.0.0.1 port 22 mac 00-11-32-3C-C3-0B via [fe80::1%eth0]:80 net 10.0.0.0/8 ' +
    'std::vector v1.2.3 1.2.3.4.5 ::ffff:1.2.3.4, 2001:db8::/32 0011.323c.c30b 00:11:32:3c:c3:0b. 0x7f.0.0.1';
  assert.deepEqual(scan(line), [
    ['ipv4', '10.0.0.1'],
    ['mac', '00-11-32-3C-C3-0B'],
    ['ipv6', 'fe80::1%eth0'],
    ['cidr', '10.0.0.0/8'],
    ['ipv6', '::ffff:1.2.3.4'],
    ['cidr', '2001:db8::/32'],
    ['mac', '0011.323c.c30b'],
    ['mac', '00:11:32:3c:c3:0b'],
    ['ipv4', '0x7f.0.0.1'],
  ]);
});

test('host:port forms give the address', () => {
  assert.deepEqual(scan('connect 127.0.0.1:8080 and [::1]:443 and http://[2001:db8::5]/x'), [
    ['ipv4', '127.0.0.1'],
    ['ipv6', '::1'],
    ['ipv6', '2001:db8::5'],
  ]);
});

test('an invalid dotted quad is reported with the reason', () => {
  const t: AddressToken[] = [];
  scanAddresses('bad 10.0.0.256 here', x => t.push(x));
  assert.equal(t.length, 1);
  assert.match(t[0]?.invalid ?? '', /256, more than 255/);
});

test('MAC-like 8-group IPv6 is IPv6, time stamps are nothing', () => {
  assert.deepEqual(scan('aa:bb:cc:dd:ee:ff:00:11 at 23:59:59'), [['ipv6', 'aa:bb:cc:dd:ee:ff:00:11']]);
});

test('the token under the cursor, and cut window edges', () => {
  const text = 'x 192.168.1.1 y fe80::1%lo z';
  assert.equal(addressTokenAt(text, 2)?.text, '192.168.1.1');
  assert.equal(addressTokenAt(text, 12)?.text, '192.168.1.1');
  assert.equal(addressTokenAt(text, 13), undefined);
  assert.equal(addressTokenAt(text, 20)?.text, 'fe80::1%lo');
  assert.equal(addressTokenAt(text, 0), undefined);
  assert.equal(addressTokenAt('92.168.1.1 tail', 3, true), undefined);
  assert.equal(addressTokenAt('head 10.0.0.1', 7, false, true), undefined);
});

test('a 1 MB line of near-misses is scanned (no catastrophic backtracking)', () => {
  const long = `${'a:b.1:2:3.'.repeat(100_000)} 10.9.8.7`;
  assert.deepEqual(scan(long), [['ipv4', '10.9.8.7']]);
});

test('a bare "::" counts only inside brackets (not Haskell "x :: Int" or C++ "a :: b")', () => {
  assert.deepEqual(scan('f :: Int -> Int'), []);
  assert.deepEqual(scan('listen [::]:80'), [['ipv6', '::']]);
  assert.equal(addressTokenAt('listen [::]:80', 9)?.text, '::');
  assert.equal(addressTokenAt('f :: Int', 2), undefined);
});

test('the full-text scan and the cursor lookup agree on every token', () => {
  const text = 'a 10.0.0.1:80 b [fe80::1%lo]:22 c 00:11:22:33:44:55, d 192.168.0.0/16; e ::ffff:10.1.2.3 f 0x7f.0.0.1 1.2.3.4.5 x:y';
  const tokens: AddressToken[] = [];
  scanAddresses(text, t => tokens.push(t));
  assert.equal(tokens.length, 6);
  for (const t of tokens) {
    for (let at = t.start; at < t.end; at++) assert.deepEqual(addressTokenAt(text, at), t, `${t.text} at ${at}`);
  }
});
