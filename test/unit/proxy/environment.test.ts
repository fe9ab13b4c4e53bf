import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { environmentProxy } from '../../../src/core/proxy/environment';
import { noProxyMatch, proxyForTarget } from '../../../src/core/proxy/no-proxy';

void test('environmentProxy: http.proxy first, then HTTPS_PROXY, ALL_PROXY, HTTP_PROXY (upper case first); none when unset', () => {
  assert.equal(environmentProxy({ env: {} }), undefined);
  assert.equal(environmentProxy({ env: { HTTPS_PROXY: '  ' } }), undefined);
  const all = { HTTP_PROXY: 'http://h:1', ALL_PROXY: 'socks5h://a:2', https_proxy: 'http://lower:3', HTTPS_PROXY: 'http://upper:4' };
  assert.equal(environmentProxy({ env: all })?.source, 'HTTPS_PROXY');
  assert.equal(environmentProxy({ env: all, httpProxySetting: 'http://setting:5' })?.source, 'http.proxy');
  assert.equal(environmentProxy({ env: { ALL_PROXY: 'socks5h://a:2', HTTP_PROXY: 'http://h:1' } })?.url, 'socks5h://a:2');
  assert.equal(environmentProxy({ env: { http_proxy: 'http://h:1' } })?.source, 'http_proxy');
});

void test('environmentProxy: a bare host:port is http://, the password is redacted, a bad URL is a problem, NO_PROXY and http.noProxy join', () => {
  const e = environmentProxy({ env: { HTTPS_PROXY: 'corp-proxy:3128', NO_PROXY: 'localhost, .corp,10.0.0.0/8' }, noProxySetting: ['*.internal'] });
  assert.equal(e?.url, 'http://corp-proxy:3128');
  assert.deepEqual(e?.config, { protocol: 'http', host: 'corp-proxy', port: 3128, noProxy: ['localhost', '.corp', '10.0.0.0/8', '*.internal'] });
  assert.deepEqual(e?.noProxySources, ['NO_PROXY', 'http.noProxy']);
  const secret = environmentProxy({ env: { HTTPS_PROXY: 'http://u:hunter2@p:8080' } });
  assert.equal(secret?.url, 'http://u:****@p:8080');
  assert.equal(secret?.config?.password, 'hunter2');
  const bad = environmentProxy({ env: { HTTPS_PROXY: 'ftp://u:hunter2@p:21' } });
  assert.equal(bad?.config, undefined);
  assert.match(bad?.problem ?? '', /not a proxy scheme/);
  assert.ok(!JSON.stringify(bad).includes('hunter2'));
});

void test('noProxyMatch: *, domains and subdomains, leading dots and *., addresses, networks, ports', () => {
  const list = ['.corp.example', 'internal', '192.168.1.10', '10.0.0.0/8', '[::1]', 'fd00::/8', 'api.test:8443'];
  assert.equal(noProxyMatch('a.corp.example', 443, list), '.corp.example');
  assert.equal(noProxyMatch('corp.example', 443, list), '.corp.example');
  assert.equal(noProxyMatch('notcorp.example', 443, list), undefined);
  assert.equal(noProxyMatch('INTERNAL.', 80, list), 'internal');
  assert.equal(noProxyMatch('x.internal', 80, list), 'internal');
  assert.equal(noProxyMatch('192.168.1.10', 80, list), '192.168.1.10');
  assert.equal(noProxyMatch('10.200.3.4', 80, list), '10.0.0.0/8');
  assert.equal(noProxyMatch('11.0.0.1', 80, list), undefined);
  assert.equal(noProxyMatch('::1', 80, list), '[::1]');
  assert.equal(noProxyMatch('fd12::5', 80, list), 'fd00::/8');
  assert.equal(noProxyMatch('api.test', 8443, list), 'api.test:8443');
  assert.equal(noProxyMatch('api.test', 443, list), undefined);
  assert.equal(noProxyMatch('anything', 1, ['*']), '*');
  assert.equal(noProxyMatch('a.b', 1, ['*.b']), '*.b');
  assert.equal(noProxyMatch('a.b', 1, undefined), undefined);
  assert.equal(noProxyMatch('a.b', 1, ['not a/cidr']), undefined);
});

void test('proxyForTarget: the proxy unless its noProxy sends the target direct', () => {
  const proxy = { protocol: 'http' as const, host: 'p', port: 1, noProxy: ['localhost'] };
  assert.equal(proxyForTarget(proxy, 'localhost', 80), undefined);
  assert.equal(proxyForTarget(proxy, 'example.com', 80), proxy);
  assert.equal(proxyForTarget(undefined, 'example.com', 80), undefined);
});
