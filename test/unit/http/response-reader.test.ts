import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ParsedHead } from '../../../src/core/http/response-head';
import { HttpParseError } from '../../../src/core/http/response-head';
import { ResponseReader } from '../../../src/core/http/response-reader';
import type { HttpViolation } from '../../../src/core/http/violations';
import { CANNED_RESPONSES } from './canned-responses';

function collect(max = 65536, onHead: (h: ParsedHead) => 'skip-body' | 'upgrade' | undefined = () => undefined) {
  const events: string[] = [];
  const violations: HttpViolation[] = [];
  const p = new ResponseReader(
    {
      onHead: h => {
        events.push(`head ${h.statusCode} ${h.httpVersion} ${h.keepAlive}`);
        return onHead(h);
      },
      onBody: b => events.push(`body ${b.toString('latin1')}`),
      onComplete: (h, t) => events.push(`done ${h.statusCode}${t.length ? ` ${JSON.stringify(t)}` : ''}`),
      onViolation: v => violations.push(v),
    },
    max,
  );
  return { p, events, violations };
}

/** Feeds `data` in the given pieces and returns the events with the bodies joined (piece boundaries vary). */
function feed(data: Buffer, cuts: number[]): { events: string[]; violations: string[]; error?: string } {
  const c = collect();
  let at = 0;
  try {
    for (const cut of [...cuts, data.length]) {
      if (cut <= at) continue;
      c.p.execute(data.subarray(at, cut));
      at = cut;
    }
    c.p.finish();
  } catch (e) {
    if (!(e instanceof HttpParseError)) throw e;
    return { ...joined(c), error: `${e.violation}@${e.offset}` };
  }
  return joined(c);
}

function joined(c: ReturnType<typeof collect>): { events: string[]; violations: string[] } {
  const events: string[] = [];
  for (const e of c.events) {
    const last = events[events.length - 1];
    if (e.startsWith('body ') && last?.startsWith('body ')) events[events.length - 1] = last + e.slice(5);
    else events.push(e);
  }
  return { events, violations: c.violations.map(v => `${v.code}@${v.offset}`) };
}

test('chunked body, interim 100 and the exact end of each response', () => {
  const { p, events } = collect();
  const first = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n';
  const data = Buffer.from(`${first}HTTP/1.1 204 No Content\r\n\r\n`);
  const r = p.execute(data);
  assert.deepEqual(r, { consumed: first.length, completed: true, upgraded: false });
  p.resume();
  assert.equal(p.execute(data.subarray(r.consumed)).completed, true);
  assert.deepEqual(events, ['head 100 1.1 true', 'done 100', 'head 200 1.1 true', 'body hello', 'done 200 [["X-T","1"]]', 'head 204 1.1 true', 'done 204']);
});

test('every canned response reads the same whichever way its bytes are split', () => {
  for (const c of CANNED_RESPONSES) {
    const data = Buffer.from(c.bytes, 'latin1');
    const whole = feed(data, []);
    for (let cut = 1; cut < data.length; cut++) assert.deepEqual(feed(data, [cut]), whole, `${c.name} cut at ${cut}`);
    assert.deepEqual(
      feed(
        data,
        Array.from({ length: data.length }, (_, i) => i),
      ),
      whole,
      `${c.name} byte by byte`,
    );
  }
});

test('violations are reported at their exact byte with the lenient reading curl makes', () => {
  const r = feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 8\r\n\r\nhello123'), []);
  assert.deepEqual(r.violations, ['conflicting-content-length@52']);
  assert.equal(r.events[1], 'body hello123');
  const te = feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'), []);
  assert.deepEqual(te.violations, ['content-length-with-transfer-encoding@36']);
  assert.equal(te.events[1], 'body hello');
  const bad = collect();
  bad.p.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 8\r\n\r\nhello123'));
  assert.match(bad.violations[0]?.message ?? '', /"5" at byte 33, "8" at byte 52\. NetProbe reads 8 bytes, as curl does.*first value.*smuggling/);
  assert.equal(bad.violations[0]?.framing, true);
  const fold = collect();
  fold.p.execute(Buffer.from('HTTP/1.1 200 OK\r\nX-Long: first\r\n  second\r\nX-Nul: a\0b\r\nContent-Length: 0\r\n\r\n'));
  assert.deepEqual(
    fold.violations.map(v => [v.code, v.offset, v.framing]),
    [
      ['obs-fold', 32, false],
      ['invalid-header-value', 50, false],
    ],
  );
});

test('a body delimited by close completes on finish; HEAD skips the body; 1.0 is not kept alive', () => {
  const { p, events } = collect();
  assert.equal(p.execute(Buffer.from('HTTP/1.0 200 OK\r\n\r\nabc')).completed, false);
  assert.equal(p.needsEof(), true);
  assert.equal(p.finish().completed, true);
  assert.deepEqual(events, ['head 200 1.0 false', 'body abc', 'done 200']);
  const head = collect(65536, () => 'skip-body');
  assert.equal(head.p.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n')).completed, true);
  assert.deepEqual(head.events, ['head 200 1.1 true', 'done 200']);
});

test('no hex chunk size, non-HTTP answers, oversized headers and cut bodies are errors at their byte', () => {
  assert.throws(
    () => collect().p.execute(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')),
    (e: unknown) => e instanceof HttpParseError && e.violation === 'invalid-chunk-size' && e.offset === 47,
  );
  assert.throws(
    () => collect().p.execute(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n')),
    (e: unknown) => e instanceof HttpParseError && e.violation === 'not-http' && /starts with "SSH-2\.0-OpenSSH_9\.2\\x0d\\x0a"/.test(e.message),
  );
  assert.throws(
    () => collect().p.execute(Buffer.from('HTTX')),
    (e: unknown) => e instanceof HttpParseError && e.violation === 'not-http',
  );
  const big = `HTTP/1.1 200 OK\r\n${'X-Filler: aaaaaaaaaaaaaaaaaaaa\r\n'.repeat(100)}\r\n`;
  assert.throws(
    () => collect(1024).p.execute(Buffer.from(big)),
    (e: unknown) => e instanceof HttpParseError && e.violation === 'headers-too-large',
  );
  const cut = collect();
  cut.p.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345'));
  assert.equal(cut.p.needsEof(), false);
  assert.throws(
    () => cut.p.finish(),
    (e: unknown) => e instanceof HttpParseError && e.violation === 'incomplete-body' && e.offset === 44,
  );
});

test('back-to-back responses in one buffer end exactly where they should; offsets count from setHandlers', () => {
  const c = collect();
  const first = 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc';
  const data = Buffer.from(`${first}HTTP/1.1 404 Not Found\nContent-Length: 2\r\n\r\nxy`);
  const a = c.p.execute(data);
  assert.deepEqual(a, { consumed: first.length, completed: true, upgraded: false });
  c.p.setHandlers({ onHead: () => undefined, onBody: () => undefined, onComplete: () => undefined, onViolation: v => c.violations.push(v) });
  c.p.resume();
  const b = c.p.execute(data.subarray(a.consumed));
  assert.equal(b.completed, true);
  assert.equal(a.consumed + b.consumed, data.length);
  assert.deepEqual(
    c.violations.map(v => `${v.code}@${v.offset}`),
    ['bare-lf@22'],
  );
});
