import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { connectRequest, parseConnectResponse, quoteProxyText } from '../../../src/core/proxy/http-connect';
import { ProxyError } from '../../../src/core/proxy/errors';

void test('connectRequest: CONNECT authority, Host, Basic credentials (UTF-8), nothing else', () => {
  assert.equal(
    connectRequest({ protocol: 'http', host: 'p', port: 1 }, { host: 'example.com', port: 443 }).toString('latin1'),
    'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
  );
  assert.equal(
    connectRequest({ protocol: 'https', host: 'p', port: 1, username: 'ålice', password: 'p:w' }, { host: '::1', port: 8080 }).toString('latin1'),
    `CONNECT [::1]:8080 HTTP/1.1\r\nHost: [::1]:8080\r\nProxy-Authorization: Basic ${Buffer.from('ålice:p:w', 'utf8').toString('base64')}\r\n\r\n`,
  );
  assert.match(
    connectRequest({ protocol: 'http', host: 'p', port: 1, username: 'bob' }, { host: '10.0.0.1', port: 22 }).toString('latin1'),
    new RegExp(`Proxy-Authorization: Basic ${Buffer.from('bob:').toString('base64')}\r\n`),
  );
});

void test('connectRequest refuses a host that would break the request line (header injection, zone ids)', () => {
  for (const host of ['a b', 'evil\r\nX-Injected: 1', 'fe80::1%eth0', 'a/b', '']) {
    assert.throws(
      () => connectRequest({ protocol: 'http', host: 'p', port: 1 }, { host, port: 80 }),
      (e: unknown) => e instanceof ProxyError && e.code === 'invalid-input',
    );
  }
});

void test('parseConnectResponse: status, quoted status line, auth schemes, Proxy-Status and X-Squid-Error', () => {
  const r = parseConnectResponse(
    Buffer.from(
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="a, b"\r\nProxy-Authenticate: Negotiate, NTLM\r\nproxy-authenticate: Digest realm="x", nonce="y", qop=auth',
    ),
  );
  assert.deepEqual(r, { status: 407, statusLine: '"HTTP/1.1 407 Proxy Authentication Required"', authSchemes: ['Basic', 'Negotiate', 'NTLM', 'Digest'] });
  assert.equal(
    parseConnectResponse(Buffer.from('HTTP/1.1 502 Bad Gateway\r\nProxy-Status: proxy.example; error=connection_refused'))?.proxyError,
    'connection_refused',
  );
  assert.equal(parseConnectResponse(Buffer.from('HTTP/1.1 503 Service Unavailable\nX-Squid-Error: ERR_CONNECT_FAIL 111'))?.proxyError, 'ERR_CONNECT_FAIL 111');
  assert.equal(parseConnectResponse(Buffer.from('HTTP/1.0 200'))?.status, 200);
  assert.equal(parseConnectResponse(Buffer.from('SSH-2.0-OpenSSH')), undefined);
  assert.equal(parseConnectResponse(Buffer.from('HTTP/1.1 2000 x')), undefined);
});

void test('quoteProxyText: control characters, quotes and non-ASCII escaped, bounded', () => {
  assert.equal(quoteProxyText(Buffer.from('HTTP/1.1 403 \x1b[31mno\x07 "x" \\ \xff', 'latin1')), '"HTTP/1.1 403 \\x1b[31mno\\x07 \\"x\\" \\\\ \\xff"');
  const long = quoteProxyText(Buffer.alloc(5000, 0x41));
  assert.equal(long.length, 203);
  assert.ok(long.endsWith('…"'));
});
