import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { NetProbeError, buildQuery, decodeMessage, encodeQuery, parseNameserver, parsePins } from '../../../src/core';
import { quotedText, terminalText } from '../../../src/core/text/terminal';
import { paddingOption } from '../../../src/core/dns/padding';

const specs: Array<[string, Record<string, unknown>]> = [
  ['tls://127.0.0.1', { protocol: 'tls', host: '127.0.0.1', port: 853 }],
  ['tls://127.0.0.1:8853', { protocol: 'tls', host: '127.0.0.1', port: 8853 }],
  ['@tls://dns.example.test', { protocol: 'tls', host: 'dns.example.test', port: 853 }],
  ['TLS://[::1]:8853', { protocol: 'tls', host: '::1', port: 8853 }],
  ['tls://[::1]', { protocol: 'tls', host: '::1', port: 853 }],
  ['tls://[2001:DB8::53]', { protocol: 'tls', host: '2001:db8::53', port: 853 }],
  ['https://dns.example.test/dns-query', { protocol: 'https', host: 'dns.example.test', port: 443, path: '/dns-query', method: 'POST' }],
  ['https://127.0.0.1:8443/dns-query?get', { protocol: 'https', host: '127.0.0.1', port: 8443, path: '/dns-query', method: 'GET' }],
  ['https://[::1]:8443/q?ct&get', { protocol: 'https', host: '::1', port: 8443, path: '/q?ct', method: 'GET' }],
  ['https://dns.example.test', { protocol: 'https', host: 'dns.example.test', port: 443, path: '/dns-query', method: 'POST' }],
  ['https://dns.example.test/', { protocol: 'https', host: 'dns.example.test', port: 443, path: '/', method: 'POST' }],
  ['@https://127.0.0.1:8053/resolve', { protocol: 'https', host: '127.0.0.1', port: 8053, path: '/resolve', method: 'POST' }],
  ['127.0.0.1:5353', { protocol: 'dns', host: '127.0.0.1', port: 5353 }],
];

for (const [spec, want] of specs) {
  test(`nameserver spec "${spec}"`, () => {
    const ns = parseNameserver(spec);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(ns[k as keyof typeof ns], v, k);
    assert.equal(ns.spec, spec.trim());
  });
}

for (const bad of [
  'tls://',
  'tls://2001:db8::53',
  'tls://127.0.0.1:0',
  'tls://127.0.0.1:853/path',
  'tls://bad name',
  'tls://[dns.example]:853',
  'https://',
  'https://u:p@host/dns-query',
  'https://host/dns-query?dns=AAAB',
  'https://10.0.0.256/dns-query',
  'https://host:99999/x',
  'https://host/x#frag',
]) {
  test(`nameserver spec "${bad}" is rejected`, () => {
    assert.throws(
      () => parseNameserver(bad),
      (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input',
    );
  });
}

test('pins: sha256//BASE64 as curl writes it, sha256/BASE64 too, several separated by ;', () => {
  const a = Buffer.alloc(32, 1).toString('base64');
  const b = Buffer.alloc(32, 2).toString('base64');
  assert.deepEqual(parsePins(`sha256//${a}`), [a]);
  assert.deepEqual(parsePins(`sha256/${a}; sha256//${b}`), [a, b]);
  for (const bad of ['', 'sha1//AAAA', `sha256//${Buffer.alloc(20).toString('base64')}`, 'sha256//not base64 at all!!!!!!!!!!!!!!!!!!!!!!!!!!!']) {
    assert.throws(
      () => parsePins(bad),
      (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input',
      bad,
    );
  }
});

test('EDNS padding (RFC 7830) makes queries a multiple of 128 bytes (RFC 8467) and decodes as a PADDING option', () => {
  for (const name of ['a.test', 'example.test', `${'x'.repeat(63)}.${'y'.repeat(63)}.example.test`]) {
    const { message } = buildQuery(name, { type: 'AAAA', nsid: true }, true);
    const wire = encodeQuery(message);
    assert.equal(wire.length % 128, 0, name);
    const opt = message.edns?.options.find(o => o.code === 12);
    assert.ok(opt && opt.data.every(b => b === 0));
    const { message: plain } = buildQuery(name, { type: 'AAAA', nsid: true });
    assert.ok(!plain.edns?.options.some(o => o.code === 12), 'no padding unless asked');
  }
  assert.equal(paddingOption(124).data.length, 0);
  assert.equal(paddingOption(125).data.length, 127);
  const decoded = decodeMessage(encodeQuery(buildQuery('example.test', {}, true).message));
  assert.equal(decoded.edns?.options[0]?.name, 'PADDING');
});

test('network text in messages: control and invisible characters escaped, long bodies cut', () => {
  assert.equal(quotedText('<html>\n\x1b[31mred\u202e"x"</html>'), '"<html>\\n\\x1b[31mred\\u202e\\"x\\"</html>"');
  assert.equal(quotedText('a'.repeat(500), 10), `"${'a'.repeat(10)}…"`);
  assert.equal(terminalText('CN=evil\x07\u200ename', { multiline: false, invisible: true }), 'CN=evil\\x07\\u200ename');
});
