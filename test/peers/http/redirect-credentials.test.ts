import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { sendHttp } from '../../../src/core/http/client';
import { isCredentialName } from '../../../src/core/http/credentials';
import type { RawServer } from './raw-server';
import { onRequestHead, rawServer, rawServerFixture } from './raw-server';

const fx = rawServerFixture();

/** A server that answers every request with `answer(path)` once the request (head and body) is complete. */
async function serve(answer: (path: string) => string): Promise<RawServer> {
  const s = await rawServer((sock, got) =>
    onRequestHead(sock, got, () => {
      const reply = (): void => {
        const text = got().toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(text)?.[1] ?? 0);
        if (got().length < text.indexOf('\r\n\r\n') + 4 + length) {
          sock.once('data', reply);
          return;
        }
        sock.end(answer(/^\S+ (\S+)/.exec(text)?.[1] ?? '/'));
      };
      reply();
    }),
  );
  fx.servers.push(s);
  return s;
}

const SECRET_HEADERS =
  'Authorization: Bearer abc\r\nCookie: sid=1\r\nX-Api-Key: k1\r\nPrivate-Token: t1\r\nX-Session-Id: s1\r\nX-Client-Secret: c1\r\nProxy-Authorization: Basic eA==\r\n';
const POST = (to: string) =>
  `POST /start HTTP/1.1\r\nHost: 127.0.0.1:${to}\r\n${SECRET_HEADERS}X-Trace: keep\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello=world`;

test('a 307 to another origin drops every credential-like header and the body; the same origin keeps them', async () => {
  const other = await serve(() => 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  const first = await serve(p =>
    p === '/start'
      ? `HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:${other.port}/next\r\nContent-Length: 0\r\n\r\n`
      : 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
  );
  const r = await sendHttp(POST(String(first.port)), { target: { host: '127.0.0.1', port: first.port, tls: false }, followRedirects: 3 });
  assert.equal(r.final.response?.statusCode, 200);
  const sent = Buffer.concat(other.received[0] ?? []).toString('latin1');
  assert.match(sent, /^POST \/next HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\nX-Trace: keep\r\n\r\n$/);
  assert.doesNotMatch(sent, /abc|sid=1|k1|t1|s1|c1|eA==|hello=world/);
  assert.deepEqual(r.final.request.changes, [
    'Redirect to another origin: not sent again: Authorization, Cookie, X-Api-Key, Private-Token, X-Session-Id, X-Client-Secret, Proxy-Authorization, the 11-byte body.',
  ]);

  // 307 and 308 to the same origin repeat everything, body included.
  for (const code of [307, 308]) {
    const same = await serve(p =>
      p === '/start' ? `HTTP/1.1 ${code} Moved\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n` : 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    );
    const s = await sendHttp(POST(String(same.port)), { target: { host: '127.0.0.1', port: same.port, tls: false }, followRedirects: 3 });
    const second = s.exchanges[1]?.request.bytes.toString('latin1') ?? '';
    assert.ok(second.startsWith('POST /next HTTP/1.1\r\n'), second);
    for (const h of SECRET_HEADERS.split('\r\n').filter(Boolean)) assert.ok(second.includes(h), `${code} keeps ${h}`);
    assert.ok(second.endsWith('\r\n\r\nhello=world'));
    assert.deepEqual(s.final.request.changes, []);
  }
});

test('a 302 or 303 never repeats the body, even to the same origin; across origins credentials go too', async () => {
  const other = await serve(() => 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  for (const [code, where] of [
    [302, '/next'],
    [303, '/next'],
    [301, `http://localhost:${other.port}/next`],
  ] as const) {
    const s = await serve(p =>
      p === '/start' ? `HTTP/1.1 ${code} Moved\r\nLocation: ${where}\r\nContent-Length: 0\r\n\r\n` : 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
    );
    const r = await sendHttp(POST(String(s.port)), { target: { host: '127.0.0.1', port: s.port, tls: false }, followRedirects: 3 });
    const next = r.exchanges[1]?.request.bytes.toString('latin1') ?? '';
    assert.match(next, /^GET \/next HTTP\/1\.1\r\n/);
    assert.doesNotMatch(next, /hello=world|Content-Length|Content-Type/);
    assert.equal(next.includes('X-Api-Key: k1'), where.startsWith('/'), `${code} ${where}`);
  }
});

test('one list of credential names for redirects and History', () => {
  for (const n of [
    'Authorization',
    'Proxy-Authorization',
    'Cookie',
    'Set-Cookie',
    'X-Api-Key',
    'Api-Key',
    'Private-Token',
    'X-CSRF-Token',
    'X-Session-Id',
    'X-Client-Secret',
    'access_token',
    'client_secret',
    'password',
  ]) {
    assert.ok(isCredentialName(n), n);
  }
  for (const n of ['Content-Type', 'Accept', 'Keep-Alive', 'X-Trace', 'User-Agent', 'Location']) assert.ok(!isCredentialName(n), n);
});
