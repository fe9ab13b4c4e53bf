import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { connectionDoctor } from '../../../src/core/doctor/doctor';
import { sendHttp } from '../../../src/core/http/client';
import { json, runCli } from '../../helpers/cli';
import type { RawHandler, RawServer } from './raw-server';
import { onRequestHead, rawServer, rawServerFixture } from './raw-server';

const fx = rawServerFixture();

async function serve(handler: RawHandler): Promise<RawServer> {
  const s = await rawServer(handler);
  fx.servers.push(s);
  return s;
}

/** Answers every request on a connection with `answer(n)` (n counts requests over all connections). */
function answering(answer: (n: number) => string): RawHandler {
  let n = 0;
  return (sock, got) => {
    let seen = 0;
    sock.on('data', () => {
      const heads = got().toString('latin1').split('\r\n\r\n').length - 1;
      while (seen < heads) {
        seen++;
        sock.write(answer(n++));
      }
    });
    onRequestHead(sock, got, () => undefined);
  };
}

test('after a framing violation NetProbe neither follows the redirect nor reuses the connection', async () => {
  const s = await serve(
    answering(n =>
      n === 0 ? 'HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n' : 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    ),
  );
  const target = { host: '127.0.0.1', port: s.port, tls: false };
  const r = await sendHttp(['GET / HTTP/1.1\r\nHost: a\r\n\r\n', 'GET /two HTTP/1.1\r\nHost: a\r\n\r\n'], { target, followRedirects: 5 });
  assert.deepEqual(
    r.exchanges.map(e => [e.url, e.response?.statusCode, e.reused]),
    [
      [`http://a:${s.port}/`, 302, false],
      [`http://a:${s.port}/two`, 200, false],
    ],
  );
  assert.deepEqual(
    r.exchanges[0]?.violations.map(v => [v.code, v.offset, v.framing]),
    [['duplicate-content-length', 72, true]],
  );
  assert.match(
    r.exchanges[0]?.warnings.join(' ') ?? '',
    /Not following the redirect to http:\/\/a:\d+\/next: this response's framing is ambiguous \(duplicate-content-length\)/,
  );
  assert.equal(r.connections, 2);
  assert.equal(s.received.length, 2);
  // A violation that does not touch framing keeps the connection and follows the redirect.
  const clean = await serve(
    answering(n =>
      n === 0 ? 'HTTP/1.1 302 Found\r\nLocation: /next\r\nX-Nul: a\0b\r\nContent-Length: 0\r\n\r\n' : 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    ),
  );
  const f = await sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: { ...target, port: clean.port }, followRedirects: 5 });
  assert.deepEqual(
    f.exchanges.map(e => [e.response?.statusCode, e.reused]),
    [
      [302, false],
      [200, true],
    ],
  );
  assert.deepEqual(
    f.exchanges[0]?.violations.map(v => v.code),
    ['invalid-header-value'],
  );
});

test('netprobe http: violations in --json, on stderr and under the escaped bytes of -v; exit 1 only with --strict', async () => {
  const s = await serve(answering(() => 'HTTP/1.1 200 OK\nContent-Length: 5\r\nX-Esc: \x1b[2J\r\n\r\nhello'));
  const url = `http://127.0.0.1:${s.port}/`;
  const plain = await runCli(['http', url]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /^HTTP\/1\.1 200 OK\n/);
  assert.match(plain.stderr, /violation at byte 15 \[bare-lf\]: Line ended by a bare LF/);
  assert.match(plain.stderr, /violation at byte 42 \[invalid-header-value\]/);
  const strict = await runCli(['http', url, '--strict']);
  assert.equal(strict.code, 1);
  const j = json<{ status: number; violations: Array<{ code: string; offset: number; message: string }> }>(await runCli(['http', url, '--json']));
  assert.equal(j.status, 200);
  assert.deepEqual(
    j.violations.map(v => [v.code, v.offset]),
    [
      ['bare-lf', 15],
      ['invalid-header-value', 42],
    ],
  );
  const v = await runCli(['http', url, '-v']);
  const lines = v.stderr.split('\n');
  const first = lines.findIndex(l => l.startsWith('< 0000  HTTP/1.1 200 OK\\n'));
  assert.ok(first > 0, v.stderr);
  assert.equal(lines[first + 1], `${' '.repeat(8 + 15)}^ bare-lf`);
  assert.ok(lines.includes('< 0035  X-Esc: \\x1b[2J\\r\\n'), v.stderr);
  assert.equal(lines[lines.indexOf('< 0035  X-Esc: \\x1b[2J\\r\\n') + 1], `${' '.repeat(8 + 7)}^ invalid-header-value`);
  assert.ok(lines.includes('< 0050  hello'), v.stderr);
});

test('the doctor warns about a response that breaks HTTP/1.1 (it read it, as before it refused it)', async () => {
  const s = await serve(answering(() => 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc'));
  const r = await connectionDoctor(`http://127.0.0.1:${s.port}/`, { timeout: 5000 });
  assert.equal(r.verdict, 'warning');
  const http = r.steps.find(st => st.name === 'http');
  assert.equal(http?.status, 'warning');
  assert.match(http?.summary ?? '', /HTTP\/1\.1 200 OK .*but the response breaks HTTP\/1\.1: Content-Length is given with different values/);
  assert.match(http?.advice ?? '', /request smuggling/);
});
