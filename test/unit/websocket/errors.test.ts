import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { closeArgumentsProblem, closeCodeName, expectedAccept, parseResponseHead, upgradeProblem } from '../../../src/core/websocket/errors';
import { quotedText } from '../../../src/core/text/terminal';
import { parseWebSocketUrl } from '../../../src/core/websocket/url';

test('Sec-WebSocket-Accept is computed as RFC 6455 §1.3 shows', () => {
  assert.equal(expectedAccept('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
});

test('upgrade problems from the heads: status, Upgrade header, accept; a valid 101 has none', () => {
  const request = 'GET / HTTP/1.1\r\nHost: h\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
  const answer = (head: string): string | undefined => upgradeProblem({ request, response: head, ...parseResponseHead(head) });
  assert.equal(answer('HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n'), undefined);
  assert.match(
    answer('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n') ?? '',
    /without Sec-WebSocket-Accept \(expected s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=/,
  );
  assert.match(answer('HTTP/1.1 101 Switching Protocols\r\n\r\n') ?? '', /101 without an Upgrade: websocket header/);
  assert.match(answer('HTTP/1.1 404 Not Found\r\n\r\n') ?? '', /refused the upgrade with 404 Not Found\./);
  assert.match(answer('HTTP/1.1 401 Unauthorized\r\n\r\n') ?? '', /wants credentials/);
  assert.match(answer('HTTP/1.1 426 Upgrade Required\r\n\r\n') ?? '', /another WebSocket version/);
  assert.match(answer('HTTP/1.1 302 Found\r\nLocation: /x\x1b\r\n\r\n') ?? '', /redirecting to "\/x\\x1b"/);
});

test('a response head after interim 1xx heads is the one read', () => {
  const r = parseResponseHead('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n');
  assert.equal(r.status, 101);
  assert.deepEqual(r.headers, [['Upgrade', 'websocket']]);
});

test('close codes: what may be sent, names', () => {
  for (const ok of [1000, 1001, 1003, 1007, 1014, 3000, 4999]) assert.equal(closeArgumentsProblem(ok, ''), undefined, String(ok));
  for (const bad of [999, 1004, 1005, 1006, 1015, 2000, 5000])
    assert.match(closeArgumentsProblem(bad, '') ?? '', /cannot be sent as a close code/, String(bad));
  assert.match(closeArgumentsProblem(undefined, 'why') ?? '', /needs a close code/);
  assert.equal(closeArgumentsProblem(1000, 'é'.repeat(61)), undefined, '122 bytes');
  assert.match(closeArgumentsProblem(1000, 'é'.repeat(62)) ?? '', /124 bytes; a close frame allows at most 123/);
  assert.equal(closeCodeName(1011), 'internal error');
  assert.equal(closeCodeName(4000), 'application code');
});

test('text from the network quoted on one line (core quotedText): controls, C1, bidi, tabs and quotes escaped, Unicode kept', () => {
  assert.equal(quotedText('a\tb\r\nc\x00\x1b[31m\x7f\u009b\u202eé"\\'), '"a\\tb\\r\\nc\\x00\\x1b[31m\\x7f\\x9b\\u202eé\\"\\\\"');
});

test('WebSocket URLs: schemes, default ports, Host authority, userinfo, path and query', () => {
  const t = parseWebSocketUrl(' wss://u:p%3Aw@Example.COM/a b?q=1 ');
  assert.deepEqual(t, {
    url: 'wss://u:p%3Aw@example.com/a%20b?q=1',
    secure: true,
    host: 'example.com',
    port: 443,
    path: '/a%20b?q=1',
    authority: 'example.com',
    userinfo: 'u:p:w',
  });
  assert.equal(parseWebSocketUrl('ws://[::1]:9000').host, '::1');
  assert.equal(parseWebSocketUrl('http://h:80/').url, 'ws://h/');
});

test('WebSocket URLs: core host:port rules, zones; a missing scheme, a fragment and bad hosts named', () => {
  assert.equal(parseWebSocketUrl('WS://LOCALHOST:8080').url, 'ws://localhost:8080/');
  assert.equal(parseWebSocketUrl('wss://example.com:443/chat?x=1').url, 'wss://example.com/chat?x=1');
  assert.equal(parseWebSocketUrl('ws://h:80').authority, 'h');
  const zoned = parseWebSocketUrl('ws://[fe80::1%eth0]:8080/x');
  assert.deepEqual([zoned.host, zoned.port, zoned.authority, zoned.url], ['fe80::1%eth0', 8080, '[fe80::1%eth0]:8080', 'ws://[fe80::1%eth0]:8080/x']);
  assert.throws(() => parseWebSocketUrl('localhost:8080'), /not a WebSocket URL: write ws:\/\/HOST/);
  assert.throws(() => parseWebSocketUrl('wss://h:443/x#frag'), /URL: A WebSocket URL cannot have a fragment/);
  assert.throws(() => parseWebSocketUrl('ftp://h/'), /URL: The URL's scheme is ftp; a WebSocket URL starts with ws:\/\/ or wss:\/\//);
  assert.throws(() => parseWebSocketUrl('ws://10.0.0.256:80/'), /URL: .*10\.0\.0\.256/);
  assert.throws(() => parseWebSocketUrl('ws://::1:8080/'), /URL: .*in brackets/);
  assert.throws(() => parseWebSocketUrl('ws://h:99999/'), /URL: Port 99999 is out of range/);
  assert.throws(() => parseWebSocketUrl('ws:///x'), /URL: The URL has no host/);
  assert.throws(() => parseWebSocketUrl('  '), /URL: Enter a WebSocket URL/);
});
