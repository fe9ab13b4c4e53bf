import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { curlProxyArgs, describeNameResolution, formatProxyUrl, NetProbeError, parseProxyUrl, proxyHops, redactProxyUrls } from '../../../src/core';

const invalid =
  (pattern: RegExp) =>
  (e: unknown): boolean =>
    e instanceof NetProbeError && e.code === 'invalid-input' && pattern.test(e.message);

void test('parseProxyUrl: the four schemes, default port, IPv6 host, credentials with escapes', () => {
  assert.deepEqual(parseProxyUrl('socks5h://proxy.example:1081'), { protocol: 'socks5h', host: 'proxy.example', port: 1081 });
  assert.deepEqual(parseProxyUrl('SOCKS4://10.0.0.1'), { protocol: 'socks4', host: '10.0.0.1', port: 1080 });
  assert.deepEqual(parseProxyUrl('socks4a://bob@h:9'), { protocol: 'socks4a', host: 'h', port: 9, username: 'bob' });
  assert.deepEqual(parseProxyUrl('socks5://[::1]:1080/'), { protocol: 'socks5', host: '::1', port: 1080 });
  assert.deepEqual(parseProxyUrl('socks5://al%40ce:p%3Ass%2Fw@h:1'), { protocol: 'socks5', host: 'h', port: 1, username: 'al@ce', password: 'p:ss/w' });
});

void test('parseProxyUrl: http:// and https:// proxies (HTTP CONNECT), ports 80/443 by default, Basic credentials', () => {
  assert.deepEqual(parseProxyUrl('http://proxy.example:3128'), { protocol: 'http', host: 'proxy.example', port: 3128 });
  assert.deepEqual(parseProxyUrl('HTTP://10.0.0.1'), { protocol: 'http', host: '10.0.0.1', port: 80 });
  assert.deepEqual(parseProxyUrl('https://[::1]'), { protocol: 'https', host: '::1', port: 443 });
  assert.deepEqual(parseProxyUrl('http://h:80'), { protocol: 'http', host: 'h', port: 80 });
  assert.deepEqual(parseProxyUrl('http://al%40ce:p%3Ass@h:3128/'), { protocol: 'http', host: 'h', port: 3128, username: 'al@ce', password: 'p:ss' });
  assert.equal(parseProxyUrl('http://alice@h:1', { password: 'env' }).password, 'env');
  assert.equal(parseProxyUrl('https://alice@h:1', { password: 'env' }).password, 'env');
  assert.deepEqual(parseProxyUrl('https://h:8443', { tls: { caFile: '/ca.pem' } }).tls, { caFile: '/ca.pem' });
  assert.equal(parseProxyUrl('http://h:8080', { tls: { caFile: '/ca.pem' } }).tls, undefined);
  assert.throws(
    () => parseProxyUrl('http://a%3Ab:secret@h:1'),
    (e: unknown) => invalid(/cannot contain ":"/)(e) && !(e as Error).message.includes('secret'),
  );
  assert.throws(
    () => parseProxyUrl('http://a:se%0d%0acret@h:1'),
    (e: unknown) => invalid(/control character/)(e) && !(e as Error).message.includes('se'),
  );
  assert.equal(parseProxyUrl(`http://${'u'.repeat(300)}:p@h:1`).username?.length, 300);
  assert.throws(() => parseProxyUrl(`http://${'u'.repeat(1025)}:p@h:1`), invalid(/1024 bytes/));
  assert.throws(() => parseProxyUrl('http://h:1/path'), invalid(/no path/));
  const chain = parseProxyUrl('socks5://a:1,http://u:p,w@b:2,https://c');
  assert.deepEqual(
    proxyHops(chain).map(h => `${h.protocol} ${h.host}:${h.port} ${h.password ?? ''}`),
    ['socks5 a:1 ', 'http b:2 p,w', 'https c:443 '],
  );
  assert.equal(formatProxyUrl(chain), 'socks5://a:1,http://u:****@b:2,https://c:443');
  assert.match(describeNameResolution(parseProxyUrl('http://h:1')), /the proxy resolves target host names \(CONNECT sends the name/);
  assert.deepEqual(curlProxyArgs(parseProxyUrl('https://u:p@h:8443', { tls: { caFile: '/ca.pem', insecure: true } })), [
    '--proxy',
    'https://u:****@h:8443',
    '--proxytunnel',
    '--proxy-cacert',
    '/ca.pem',
    '--proxy-insecure',
  ]);
  assert.equal(redactProxyUrls('x http://alice:hunter2@h:1,https://bob:p@ss@h2:2 y'), 'x http://alice:****@h:1,https://bob:****@h2:2 y');
});

void test('parseProxyUrl: a password from the environment fills a URL with only a user', () => {
  assert.equal(parseProxyUrl('socks5://alice@h:1', { password: 'env' }).password, 'env');
  assert.equal(parseProxyUrl('socks5://alice:url@h:1', { password: 'env' }).password, 'url');
  assert.equal(parseProxyUrl('socks5://h:1', { password: 'env' }).password, undefined);
});

void test('parseProxyUrl: chains in connection order', () => {
  const c = parseProxyUrl('socks5://a:1, socks4://b:2,socks5h://u:p@c:3');
  assert.deepEqual(
    proxyHops(c).map(h => `${h.protocol} ${h.host}:${h.port}`),
    ['socks5 a:1', 'socks4 b:2', 'socks5h c:3'],
  );
  assert.equal(formatProxyUrl(c), 'socks5://a:1,socks4://b:2,socks5h://u:****@c:3');
});

void test('parseProxyUrl: rejects bad input with the reason and never echoes the password', () => {
  assert.throws(() => parseProxyUrl('ftp://h:8080'), invalid(/not a proxy scheme; .*http:\/\/ or https:\/\//));
  assert.throws(() => parseProxyUrl('h:1080'), invalid(/write it as a URL/));
  assert.throws(() => parseProxyUrl('socks5://h:70000'), invalid(/well-formed|1–65535/));
  assert.throws(() => parseProxyUrl('socks5://h:1/path'), invalid(/no path/));
  assert.throws(
    () => parseProxyUrl('socks4://u:topsecret@h:1'),
    (e: unknown) => invalid(/SOCKS4 has no passwords/)(e) && !(e as Error).message.includes('topsecret'),
  );
  assert.throws(() => parseProxyUrl('socks5://u:%zz@h:1'), invalid(/broken %-escape/));
  assert.throws(() => parseProxyUrl(`socks5://${'u'.repeat(256)}:p@h:1`), invalid(/255 bytes/));
  assert.throws(() => parseProxyUrl(' , '), invalid(/No proxy URL/));
});

void test('formatProxyUrl and redactProxyUrls hide passwords', () => {
  assert.equal(formatProxyUrl({ protocol: 'socks5h', host: '::1', port: 1, username: 'a b', password: 'x' }), 'socks5h://a%20b:****@[::1]:1');
  assert.equal(redactProxyUrls('failed: socks5h://alice:hunter2@h:1 and socks4://bob@x:2'), 'failed: socks5h://alice:****@h:1 and socks4://bob@x:2');
});

void test('a password with "," "@" or "/" is never shown in part, in errors or redacted text', () => {
  assert.deepEqual(parseProxyUrl('socks5://alice:se,cret@127.0.0.1:1080'), {
    protocol: 'socks5',
    host: '127.0.0.1',
    port: 1080,
    username: 'alice',
    password: 'se,cret',
  });
  assert.equal(parseProxyUrl('socks5://alice:p@ssw0rd@h:1').password, 'p@ssw0rd');
  const c = parseProxyUrl('socks5://a:x,y@h1:1,socks5h://b:p@q@h2:2');
  assert.deepEqual(
    proxyHops(c).map(h => [h.host, h.password]),
    [
      ['h1', 'x,y'],
      ['h2', 'p@q'],
    ],
  );
  for (const [input, secrets] of [
    ['socks5://alice:sEk,rEt@', ['sEk', 'rEt']],
    ['socks5://alice:pXw@ssW0rd@h:1/path', ['pXw', 'ssW0rd']],
    ['socks4://alice:sEk,Qr@Zt@h:1', ['sEk', 'Qr', 'Zt']],
    ['socks5://alice:pAq/sZs@h:1', ['pAq', 'sZs']],
    ['socks5://ok:1,socks5://bob:hUn,tEr@h:99999', ['hUn', 'tEr']],
  ] as const) {
    assert.throws(
      () => parseProxyUrl(input),
      (e: unknown) => {
        assert.ok(e instanceof NetProbeError && e.code === 'invalid-input', String(e));
        for (const s of secrets) assert.ok(!e.message.includes(s), `${input}: "${e.message}" shows ${s}`);
        assert.match(e.message, /:\*\*\*\*@/);
        return true;
      },
    );
  }
  assert.equal(redactProxyUrls('socks5://alice:p@ssw0rd@h:1'), 'socks5://alice:****@h:1');
  assert.equal(redactProxyUrls('x socks5://a:se,cret@h:1,socks5://b:c@d@h2:2 y'), 'x socks5://a:****@h:1,socks5://b:****@h2:2 y');
});

void test('describeNameResolution says who resolves target names', () => {
  assert.match(describeNameResolution(parseProxyUrl('socks5h://h')), /the proxy resolves/);
  assert.match(describeNameResolution(parseProxyUrl('socks4://h')), /this machine resolves/);
  assert.match(describeNameResolution(parseProxyUrl('socks5://a,socks4a://b')), /socks4a: the proxy resolves/);
});

void test('curlProxyArgs: one proxy with the password redacted; none for a chain', () => {
  assert.deepEqual(curlProxyArgs(parseProxyUrl('socks5h://al:pw@h:1')), ['--proxy', 'socks5h://al:****@h:1']);
  assert.deepEqual(curlProxyArgs(parseProxyUrl('socks5://a:1,socks5://b:2')), []);
});
