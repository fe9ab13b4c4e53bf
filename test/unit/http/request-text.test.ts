import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { prepareRequest } from '../../../src/core/http/request-text';
import { parseHostPort, parseHttpUrl, requestForUrl, targetFromRequest } from '../../../src/core/http/target';
import { NetProbeError } from '../../../src/core/errors';

test('a well-formed request is sent byte for byte', () => {
  const raw = Buffer.from('POST /submit?x=1 HTTP/1.1\r\nHost: localhost:8080\r\nX-Case: MiXeD\r\nContent-Length: 5\r\n\r\nhello');
  const p = prepareRequest(raw);
  assert.ok(p.bytes.equals(raw));
  assert.deepEqual(p.changes, []);
  assert.deepEqual(p.warnings, []);
  assert.equal(p.method, 'POST');
  assert.equal(p.target, '/submit?x=1');
  assert.equal(p.bodyBytes, 5);
});

test('LF line endings in the head become CRLF, the body is untouched', () => {
  const p = prepareRequest('POST / HTTP/1.1\nHost: a\nContent-Length: 4\n\na\nb\n');
  assert.equal(p.bytes.toString(), 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\na\nb\n');
  assert.ok(p.changes.some(c => c.includes('CRLF')));
});

test('the terminating blank line is added when missing', () => {
  const p = prepareRequest('GET / HTTP/1.1\r\nHost: a');
  assert.equal(p.bytes.toString(), 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
  assert.ok(p.changes.some(c => c.includes('blank line')));
});

test('Host is added only when missing, right after the request line', () => {
  const p = prepareRequest('GET /x HTTP/1.1\r\nAccept: */*\r\n\r\n', { host: 'example.test:81' });
  assert.equal(p.bytes.toString(), 'GET /x HTTP/1.1\r\nHost: example.test:81\r\nAccept: */*\r\n\r\n');
  const q = prepareRequest('GET /x HTTP/1.1\r\nhost: other\r\n\r\n', { host: 'example.test' });
  assert.equal(q.bytes.toString(), 'GET /x HTTP/1.1\r\nhost: other\r\n\r\n');
  const abs = prepareRequest('GET http://h.test:8080/p HTTP/1.1\r\n\r\n');
  assert.ok(abs.bytes.toString().includes('Host: h.test:8080\r\n'));
});

test('a missing HTTP version is added; non-ASCII header bytes survive', () => {
  const p = prepareRequest('GET /\nHost: a\nX-Name: Zoë\n');
  assert.equal(p.bytes.toString('utf8'), 'GET / HTTP/1.1\r\nHost: a\r\nX-Name: Zoë\r\n\r\n');
});

test('a body without length is warned about, or given Content-Length when asked', () => {
  const w = prepareRequest('POST / HTTP/1.1\nHost: a\n\n{"a":1}');
  assert.match(w.warnings.join(' '), /no Content-Length/);
  const f = prepareRequest('POST / HTTP/1.1\nHost: a\n\n{"a":1}', { addContentLength: true });
  assert.equal(f.bytes.toString(), 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\n{"a":1}');
  const m = prepareRequest('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nabc');
  assert.match(m.warnings.join(' '), /Content-Length says 9 but the body is 3 bytes/);
});

test('garbage is refused with a plain message', () => {
  assert.throws(() => prepareRequest(''), (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input');
  assert.throws(() => prepareRequest('hello world how are you'), /not a request line/);
});

test('targets come from URLs, Host headers and host:port text', () => {
  assert.deepEqual(parseHttpUrl('https://[::1]:8443/a?b').target, { host: '::1', port: 8443, tls: true });
  assert.equal(parseHttpUrl('https://[::1]:8443/a?b').path, '/a?b');
  assert.deepEqual(parseHttpUrl('localhost').target, { host: 'localhost', port: 80, tls: false });
  assert.throws(() => parseHttpUrl('ftp://x/'), /Only http/);
  assert.deepEqual(parseHostPort('[::1]:99'), { host: '::1', port: 99 });
  assert.deepEqual(parseHostPort('::1', 80), { host: '::1', port: 80 });
  assert.deepEqual(parseHostPort('a.test:443'), { host: 'a.test', port: 443 });
  assert.deepEqual(targetFromRequest(prepareRequest('GET / HTTP/1.1\r\nHost: a.test:443\r\n\r\n')), { host: 'a.test', port: 443, tls: true });
  assert.deepEqual(targetFromRequest(prepareRequest('GET https://b.test/ HTTP/1.1\r\n\r\n')), { host: 'b.test', port: 443, tls: true });
  assert.throws(() => targetFromRequest(prepareRequest('GET / HTTP/1.1\r\nAccept: x\r\n\r\n')), /names no server/);
  const r = requestForUrl('http://127.0.0.1:8080/x', 'GET', [['Accept', 'text/plain']]);
  assert.equal(r.raw, 'GET /x HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: netprobe/0.1\r\nAccept: text/plain\r\n\r\n');
});
