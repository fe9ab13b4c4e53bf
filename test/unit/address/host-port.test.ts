import { test } from 'node:test';
import * as assert from 'assert';
import { formatHost, formatHostPort, hostPortProblem, parseHostInput, parseHostPort, parsePort } from '../../../src/core/address/host-port';
import { NetProbeError } from '../../../src/core/errors';

const invalid = (e: unknown): boolean => e instanceof NetProbeError && e.code === 'invalid-input';

test('parseHostPort: host:port, [v6]:port, bare v6, host with a default port', () => {
  assert.deepStrictEqual(parseHostPort('localhost:8080'), { host: 'localhost', port: 8080 });
  assert.deepStrictEqual(parseHostPort(' 127.0.0.1:22 '), { host: '127.0.0.1', port: 22 });
  assert.deepStrictEqual(parseHostPort('[::1]:443'), { host: '::1', port: 443 });
  assert.deepStrictEqual(parseHostPort('[fe80::1%lo]:53'), { host: 'fe80::1%lo', port: 53 });
  assert.deepStrictEqual(parseHostPort('::1', { defaultPort: 80 }), { host: '::1', port: 80 });
  assert.deepStrictEqual(parseHostPort('[::1]', { defaultPort: 53 }), { host: '::1', port: 53 });
  assert.deepStrictEqual(parseHostPort('a.test', { defaultPort: 443 }), { host: 'a.test', port: 443 });
  assert.deepStrictEqual(parseHostPort('bücher.example:80'), { host: 'bücher.example', port: 80 });
});

test('parseHostPort: URLs give their scheme and its usual port', () => {
  assert.deepStrictEqual(parseHostPort('https://example.test/a?b'), { host: 'example.test', port: 443, scheme: 'https' });
  assert.deepStrictEqual(parseHostPort('http://[::1]:8080/'), { host: '::1', port: 8080, scheme: 'http' });
  assert.deepStrictEqual(parseHostPort('SSH://h'), { host: 'h', port: 22, scheme: 'ssh' });
  assert.deepStrictEqual(parseHostPort('socks5h://p'), { host: 'p', port: 1080, scheme: 'socks5h' });
  assert.deepStrictEqual(parseHostPort('gopher://h', { defaultPort: 70 }), { host: 'h', port: 70, scheme: 'gopher' });
  assert.throws(() => parseHostPort('gopher://h'), /no usual one/);
});

test('parseHostPort: clear errors', () => {
  for (const bad of ['', 'localhost', ':80', 'host:0', 'host:70000', 'host:x', 'a b:80', '::1:22', '[::1]', '[a.b]:80', '1:2:3', 'http://', '-x-:80']) {
    assert.throws(() => parseHostPort(bad), invalid, bad);
  }
  assert.match(hostPortProblem('::1:22') ?? '', /brackets.*\[::1\]:22/);
  assert.match(hostPortProblem('::1:22', { defaultPort: 80 }) ?? '', /could be the IPv6 address ::1:22 or \[::1\]:22/);
  assert.strictEqual(hostPortProblem('2001:db8::53', { defaultPort: 53 }), undefined);
  assert.match(hostPortProblem('localhost') ?? '', /no port/);
  assert.strictEqual(hostPortProblem('[::1]:22'), undefined);
  assert.strictEqual(hostPortProblem('localhost', { defaultPort: 1 }), undefined);
});

test('parsePort and formatHostPort', () => {
  assert.strictEqual(parsePort(' 65535 '), 65535);
  assert.strictEqual(parsePort(1), 1);
  assert.throws(() => parsePort('0'), /out of range/);
  assert.throws(() => parsePort('1.5'), /not a number/);
  assert.strictEqual(formatHostPort('::1', 53), '[::1]:53');
  assert.strictEqual(formatHostPort('fe80::1%eth0', 22), '[fe80::1%eth0]:22');
  assert.strictEqual(formatHostPort('127.0.0.1', 80), '127.0.0.1:80');
  assert.strictEqual(formatHost('[::1]'), '[::1]');
  for (const [host, port] of [
    ['::1', 1],
    ['a.test', 65535],
    ['10.0.0.1', 8080],
    ['fe80::1%lo', 53],
  ] as const) {
    assert.deepStrictEqual(parseHostPort(formatHostPort(host, port)), { host, port });
  }
});

test('parseHostInput: a host prompt or CLI host argument takes host, host:port, [v6]:port and URLs', () => {
  assert.deepStrictEqual(parseHostInput('127.0.0.1:9'), { host: '127.0.0.1', port: 9 });
  assert.deepStrictEqual(parseHostInput(' [::1]:22 '), { host: '::1', port: 22 });
  assert.deepStrictEqual(parseHostInput('[::1]'), { host: '::1' });
  assert.deepStrictEqual(parseHostInput('::1'), { host: '::1' });
  assert.deepStrictEqual(parseHostInput('::1:80'), { host: '::1:80' }, 'a bare IPv6 address is an address');
  assert.deepStrictEqual(parseHostInput('fe80::1%eth0'), { host: 'fe80::1%eth0' });
  assert.deepStrictEqual(parseHostInput('example.com'), { host: 'example.com' });
  assert.deepStrictEqual(parseHostInput('127.1'), { host: '127.1' });
  assert.deepStrictEqual(parseHostInput('https://example.com/health'), { host: 'example.com', port: 443, scheme: 'https' });
  assert.deepStrictEqual(parseHostInput('http://[::1]:8080/'), { host: '::1', port: 8080, scheme: 'http' });
  assert.deepStrictEqual(parseHostInput('foo://bar/'), { host: 'bar', scheme: 'foo' });
  assert.throws(() => parseHostInput('10.0.0.256:80'), /more than 255/);
  assert.throws(() => parseHostInput('localhost:0'), /out of range/);
  assert.throws(() => parseHostInput('[example.com]:80'), /only IPv6 addresses go in brackets/);
  assert.throws(() => parseHostInput(''), /Enter a host/);
});

test('parseHostPort: an internationalised name in any URL scheme becomes its punycode form', () => {
  assert.deepStrictEqual(parseHostPort('tls://bücher.example', { defaultPort: 853 }), { host: 'xn--bcher-kva.example', port: 853, scheme: 'tls' });
  assert.deepStrictEqual(parseHostPort('https://bücher.example:8443/q'), { host: 'xn--bcher-kva.example', port: 8443, scheme: 'https' });
  assert.deepStrictEqual(parseHostPort('tls://example.test:853'), { host: 'example.test', port: 853, scheme: 'tls' });
  assert.throws(() => parseHostPort('tls://a%zz.example:853'), invalid);
});
