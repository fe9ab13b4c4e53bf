import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { prepareRequest } from '../../../src/core/http/request-text';
import { parseHttpUrl, requestForUrl, targetFromRequest } from '../../../src/core/http/target';
import { parseHostPort } from '../../../src/core/address/host-port';
import * as zlib from 'zlib';
import { NetProbeError } from '../../../src/core/errors';
import { decodeContent } from '../../../src/core/http/content-decoding';
import { decodeBody } from '../../../src/core/http/decode';
import { parseRequestFile, sendTogetherProblem } from '../../../src/core/http/request-file';
import { expandVariables } from '../../../src/core/http/request-variables';

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
  assert.throws(
    () => prepareRequest(''),
    (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input',
  );
  assert.throws(() => prepareRequest('hello world how are you'), /not a request line/);
});

test('targets come from URLs, Host headers and host:port text', () => {
  assert.deepEqual(parseHttpUrl('https://[::1]:8443/a?b').target, { host: '::1', port: 8443, tls: true });
  assert.equal(parseHttpUrl('https://[::1]:8443/a?b').path, '/a?b');
  assert.deepEqual(parseHttpUrl('localhost').target, { host: 'localhost', port: 80, tls: false });
  assert.throws(() => parseHttpUrl('ftp://x/'), /Only http/);
  assert.deepEqual(parseHostPort('[::1]:99'), { host: '::1', port: 99 });
  assert.deepEqual(parseHostPort('::1', { defaultPort: 80 }), { host: '::1', port: 80 });
  assert.deepEqual(parseHostPort('a.test:443'), { host: 'a.test', port: 443 });
  assert.deepEqual(targetFromRequest(prepareRequest('GET / HTTP/1.1\r\nHost: a.test:443\r\n\r\n')), { host: 'a.test', port: 443, tls: true });
  assert.deepEqual(targetFromRequest(prepareRequest('GET https://b.test/ HTTP/1.1\r\n\r\n')), { host: 'b.test', port: 443, tls: true });
  assert.throws(() => targetFromRequest(prepareRequest('GET / HTTP/1.1\r\nAccept: x\r\n\r\n')), /names no server/);
  const r = requestForUrl('http://127.0.0.1:8080/x', 'GET', [['Accept', 'text/plain']]);
  assert.equal(r.raw, 'GET /x HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: netprobe/0.1\r\nAccept: text/plain\r\n\r\n');
});

test('request files split on ###, with directives and exact text', () => {
  const file =
    '# @target 127.0.0.1:8443 tls\r\n# @insecure\r\nGET /a HTTP/1.1\r\nHost: a\r\n\r\n\r\n### second\n// note\n# @follow 3\nPOST /b HTTP/1.1\nHost: b\nContent-Length: 3\n\nabc\n###\n\n   \n### empty above\nGET /c HTTP/1.1\r\nHost: c\r\n\r\n';
  const blocks = parseRequestFile(file);
  assert.equal(blocks.length, 3);
  const [a, b, c] = blocks;
  assert.deepEqual(a?.target, { host: '127.0.0.1', port: 8443, tls: true });
  assert.equal(a?.insecure, true);
  assert.equal(a?.line, 2);
  assert.equal(a?.text, 'GET /a HTTP/1.1\r\nHost: a');
  assert.equal(b?.name, 'second');
  assert.equal(b?.follow, 3);
  assert.equal(b?.text, 'POST /b HTTP/1.1\nHost: b\nContent-Length: 3\n\nabc');
  assert.equal(b?.line, 9);
  assert.equal(c?.name, 'empty above');
  assert.equal(prepareRequest(c?.text ?? '').bytes.toString(), 'GET /c HTTP/1.1\r\nHost: c\r\n\r\n');
  const whole = 'POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab\r\n';
  assert.equal(prepareRequest(parseRequestFile(whole)[0]?.text ?? '').bytes.toString(), whole);
  const head = 'GET / HTTP/1.1\r\nHost: h\r\n\r\n';
  assert.equal(prepareRequest(parseRequestFile(head)[0]?.text ?? '').bytes.toString(), head);
  assert.match(parseRequestFile('# @target host:99999\nGET / HTTP/1.1\n')[0]?.problems[0] ?? '', /@target/);
});

test('@name = value lines define file variables that {{name}} expands in requests and directives', () => {
  const file = [
    '@host = 127.0.0.1',
    '@port = 8080',
    '@base = http://{{host}}:{{port}}',
    '// a comment',
    '',
    '# @target {{host}}:{{port}}',
    'GET /a?x={{ port }} HTTP/1.1',
    'Host: {{host}}',
    'Authorization: Bearer {{token}}',
    '',
    '{"url": "{{base}}/cb", "raw": "{{$nosuch}}"}',
    '###',
    '@token = t0ken',
    '@port = 9090',
    'POST /b HTTP/1.1',
    'Host: x',
    '',
    'body @port = 1 stays body',
    '###',
    'GET /plain HTTP/1.1',
    'Host: p',
    '',
  ].join('\n');
  const [a, b, c] = parseRequestFile(file);
  // File variables are global to the file; a later definition wins (REST Client semantics).
  assert.deepEqual(a?.target, { host: '127.0.0.1', port: 9090, tls: false });
  assert.equal(a?.text, 'GET /a?x=9090 HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer t0ken\n\n{"url": "http://127.0.0.1:9090/cb", "raw": "{{$nosuch}}"}');
  assert.deepEqual(a?.variables.sort(), ['base', 'host', 'port', 'token']);
  assert.deepEqual(a?.warnings, [
    '{{$nosuch}}: $nosuch is not a system variable ($guid, $timestamp, $isoTimestamp, $randomInt MIN MAX, $processEnv NAME); sent as written.',
  ]);
  assert.equal(a?.line, 6);
  assert.equal(b?.line, 14, 'definitions before a request line are not its request line');
  assert.equal(b?.text, 'POST /b HTTP/1.1\nHost: x\n\nbody @port = 1 stays body', 'a definition-looking body line is body');
  assert.deepEqual(b?.variables, []);
  assert.equal(c?.text, 'GET /plain HTTP/1.1\nHost: p\n', 'no variables: the bytes are untouched');
  const [u] = parseRequestFile('GET /{{nope}} HTTP/1.1\nHost: h\n');
  assert.equal(u?.text, 'GET /{{nope}} HTTP/1.1\nHost: h\n', 'an undefined variable is sent as written');
  assert.match(u?.warnings.join(' ') ?? '', /\{\{nope\}\} is not defined/);
  assert.deepEqual(u?.problems, []);
  const [loop] = parseRequestFile('@a = {{b}}\n@b = {{a}}\nGET /{{a}} HTTP/1.1\nHost: h\n');
  assert.match(loop?.text ?? '', /^GET \/\{\{[ab]\}\} HTTP/, 'a definition loop stops instead of hanging');
  assert.equal(parseRequestFile('@only = vars\n###\n')[0], undefined, 'a section of definitions holds no request');
});

test('system variables: {{$guid}}, {{$timestamp}}, {{$isoTimestamp}}, {{$randomInt MIN MAX}}, {{$processEnv NAME}}', () => {
  const before = Math.floor(Date.now() / 1000);
  const e = expandVariables('{{$guid}} {{$timestamp}} {{$isoTimestamp}} {{$randomInt 5 7}} {{ $processEnv NP_TEST_TOKEN }}', new Map(), {
    NP_TEST_TOKEN: 's3cret',
  });
  const [guid = '', ts = '', iso = '', n = '', token = ''] = e.text.split(' ');
  assert.match(guid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(Number(ts) >= before && Number(ts) <= before + 5, ts);
  assert.ok(Math.abs(Date.parse(iso) - Date.now()) < 5000, iso);
  assert.ok(n === '5' || n === '6', n);
  assert.equal(token, 's3cret');
  assert.deepEqual(e.used.sort(), ['$guid', '$isoTimestamp', '$processEnv', '$randomInt', '$timestamp']);
  assert.deepEqual(e.warnings, []);
  const bad = expandVariables('{{$processEnv NP_UNSET_VAR}} {{$randomInt 9 1}} {{$processEnv}}', new Map(), {});
  assert.equal(bad.text, '{{$processEnv NP_UNSET_VAR}} {{$randomInt 9 1}} {{$processEnv}}', 'what cannot be given is sent as written');
  assert.match(bad.warnings.join(' '), /environment variable NP_UNSET_VAR is not set/);
  assert.match(bad.warnings.join(' '), /\$randomInt MIN MAX\}\} needs two whole numbers, MIN below MAX/);
  assert.match(bad.warnings.join(' '), /\$processEnv NAME\}\} needs the name/);
  assert.equal(expandVariables('{"a":{"b":1}}', new Map()).text, '{"a":{"b":1}}', 'JSON braces are not references');
});

test('requests can share a connection unless their @target or @proxy lines disagree', () => {
  const two = (a: string, b: string): string | undefined =>
    sendTogetherProblem(parseRequestFile(`${a}\nGET /a HTTP/1.1\nHost: h\n\n###\n${b}\nGET /b HTTP/1.1\nHost: h\n`));
  assert.equal(two('# @target 127.0.0.1:80', '// nothing'), undefined);
  assert.equal(two('# @target 127.0.0.1:80', '# @target 127.0.0.1:80'), undefined);
  assert.match(two('# @target 127.0.0.1:80', '# @target 127.0.0.1:443 tls') ?? '', /different @target/);
  assert.match(two('# @proxy a', '# @proxy direct') ?? '', /different @proxy/);
});

test('# @proxy takes a profile name, a proxy URL or "direct", and reports bad values', () => {
  const file =
    '# @proxy corp-socks\nGET /a HTTP/1.1\nHost: a\n\n###\n// @proxy socks5h://ann:s3cret@127.0.0.1:1080\nGET /b HTTP/1.1\nHost: b\n\n###\n# @proxy direct\nGET /c HTTP/1.1\nHost: c\n\n###\nGET /d HTTP/1.1\nHost: d\n';
  const [a, b, c, d] = parseRequestFile(file);
  assert.equal(a?.proxy, 'corp-socks');
  assert.equal(a?.text, 'GET /a HTTP/1.1\nHost: a');
  assert.equal(b?.proxy, 'socks5h://ann:s3cret@127.0.0.1:1080');
  assert.equal(c?.proxy, 'direct');
  assert.equal(d?.proxy, undefined);
  for (const block of [a, b, c, d]) assert.deepEqual(block?.problems, []);
  const bad = (line: string): string => parseRequestFile(`${line}\nGET / HTTP/1.1\nHost: h\n`)[0]?.problems.join(' ') ?? '';
  assert.match(bad('# @proxy'), /@proxy needs a proxy profile name/);
  assert.match(bad('# @proxy two words'), /@proxy "two words"/);
  assert.match(bad('# @proxy ftp://127.0.0.1:3128'), /^@proxy: /);
  assert.equal(bad('# @proxy http://u@127.0.0.1:3128'), '');
  assert.doesNotMatch(bad('# @proxy socks5://u:topsecret@127.0.0.1:99999'), /topsecret/);
  assert.match(bad('# @proxy socks5://u:topsecret@127.0.0.1:99999'), /^@proxy: /);
});

test('bodies are decoded for display: gzip, charset, JSON, images, binary', async () => {
  const gz = zlib.gzipSync('{"a":[1,2]}');
  const headers: Array<[string, string]> = [
    ['Content-Encoding', 'gzip'],
    ['Content-Type', 'application/json'],
  ];
  const content = await decodeContent({ size: gz.length, data: gz, truncated: false }, headers);
  assert.equal(content?.encoding, 'gzip');
  const json = decodeBody(content?.body.data ?? Buffer.alloc(0), headers);
  assert.equal(json.kind, 'json');
  assert.equal(json.text, '{\n  "a": [\n    1,\n    2\n  ]\n}');
  const latin = decodeBody(Buffer.from([0x63, 0x61, 0x66, 0xe9]), [['Content-Type', 'text/plain; charset=iso-8859-1']]);
  assert.equal(latin.text, 'café');
  const utf = decodeBody(Buffer.from('naïve'), []);
  assert.equal(utf.charset, 'utf-8');
  const png = decodeBody(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), [['Content-Type', 'image/png']]);
  assert.equal(png.kind, 'image');
  assert.equal(decodeBody(Buffer.from([0, 1, 2, 3, 0xff]), []).kind, 'binary');
  assert.equal(decodeBody(Buffer.alloc(0), []).kind, 'empty');
});
