import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ParsedHead } from '../../../src/core/http/llhttp';
import { HttpParseError, ResponseParser } from '../../../src/core/http/llhttp';

function collect(max = 65536, onHead: (h: ParsedHead) => 'skip-body' | 'upgrade' | undefined = () => undefined) {
  const events: string[] = [];
  const p = new ResponseParser(
    {
      onHead: h => {
        events.push(`head ${h.statusCode} ${h.httpVersion} ${h.keepAlive}`);
        return onHead(h);
      },
      onBody: b => events.push(`body ${b.toString()}`),
      onComplete: h => events.push(`done ${h.statusCode}`),
    },
    max,
  );
  return { p, events };
}

test('chunked body, interim 100 and the exact end of each response', () => {
  const { p, events } = collect();
  const first = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n';
  const data = Buffer.from(`${first}HTTP/1.1 204 No Content\r\n\r\n`);
  const r = p.execute(data);
  assert.deepEqual(r, { consumed: first.length, completed: true, upgraded: false });
  p.resume();
  assert.equal(p.execute(data.subarray(r.consumed)).completed, true);
  assert.deepEqual(events, ['head 100 1.1 true', 'done 100', 'head 200 1.1 true', 'body hello', 'done 200', 'head 204 1.1 true', 'done 204']);
  p.free();
});

test('bytes split anywhere give the same result', () => {
  const data = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n0123456789');
  for (const cut of [1, 7, 20, 40, data.length - 3]) {
    const { p, events } = collect();
    assert.equal(p.execute(data.subarray(0, cut)).completed, false);
    assert.equal(p.execute(data.subarray(cut)).completed, true);
    assert.equal(events[0], 'head 200 1.1 true');
    assert.equal(
      events
        .filter(e => e.startsWith('body'))
        .map(e => e.slice(5))
        .join(''),
      '0123456789',
    );
    p.free();
  }
});

test('a body delimited by close completes on finish', () => {
  const { p, events } = collect();
  assert.equal(p.execute(Buffer.from('HTTP/1.0 200 OK\r\n\r\nabc')).completed, false);
  assert.equal(p.needsEof(), true);
  assert.equal(p.finish().completed, true);
  assert.deepEqual(events, ['head 200 1.0 false', 'body abc', 'done 200']);
});

test('HEAD responses skip the body their Content-Length announces', () => {
  const { p, events } = collect(65536, () => 'skip-body');
  const r = p.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n'));
  assert.equal(r.completed, true);
  assert.deepEqual(events, ['head 200 1.1 true', 'done 200']);
});

test('invalid chunk sizes, non-HTTP answers and oversized headers are errors', () => {
  assert.throws(
    () => collect().p.execute(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')),
    (e: unknown) => e instanceof HttpParseError && e.code === 'HPE_INVALID_CHUNK_SIZE',
  );
  assert.throws(
    () => collect().p.execute(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n')),
    (e: unknown) => e instanceof HttpParseError,
  );
  const big = `HTTP/1.1 200 OK\r\n${'X-Filler: aaaaaaaaaaaaaaaaaaaa\r\n'.repeat(100)}\r\n`;
  assert.throws(
    () => collect(1024).p.execute(Buffer.from(big)),
    (e: unknown) => e instanceof HttpParseError && e.code === 'HEADERS_TOO_LARGE',
  );
});

test('back-to-back Content-Length responses in one buffer end exactly where they should', () => {
  const { p, events } = collect();
  const first = 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc';
  const data = Buffer.from(`${first}HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nxyHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n`);
  const a = p.execute(data);
  assert.deepEqual(a, { consumed: first.length, completed: true, upgraded: false });
  p.resume();
  const b = p.execute(data.subarray(a.consumed));
  assert.equal(b.completed, true);
  p.resume();
  const c = p.execute(data.subarray(a.consumed + b.consumed));
  assert.equal(c.completed, true);
  assert.equal(a.consumed + b.consumed + c.consumed, data.length);
  assert.deepEqual(events, ['head 200 1.1 true', 'body abc', 'done 200', 'head 404 1.1 true', 'body xy', 'done 404', 'head 200 1.1 true', 'done 200']);
  const cut = collect();
  cut.p.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345'));
  assert.equal(cut.p.needsEof(), false);
  assert.throws(
    () => cut.p.finish(),
    (e: unknown) => e instanceof HttpParseError && e.code === 'HPE_INVALID_EOF_STATE',
  );
});
