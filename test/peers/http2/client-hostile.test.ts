import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as http2 from 'http2';
import type * as net from 'net';
import { HttpError, sendHttp } from '../../../src/core/http/client';
import type { HttpRequestOptions } from '../../../src/core/http/client';
import type { RawServer } from '../http/raw-server';
import { rawServer, rawServerFixture } from '../http/raw-server';
import { h2frame, hpackLiterals, rawH2Server, u32 } from './h2-peer';

const fx = rawServerFixture();
const GET = 'GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

async function serve(handler: Parameters<typeof rawH2Server>[0]): Promise<RawServer> {
  const s = await rawH2Server(handler);
  fx.servers.push(s);
  return s;
}

const h2c = (s: { port: number }, extra: HttpRequestOptions = {}): HttpRequestOptions => ({
  target: { host: '127.0.0.1', port: s.port, tls: false },
  http2: 'prior-knowledge',
  timeout: 3000,
  ...extra,
});

/** Rejects with an HttpError whose message matches; returns it for more checks. */
async function failure(p: Promise<unknown>, code: string, re: RegExp): Promise<HttpError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HttpError, `an HttpError, not ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, re);
    return e;
  }
  assert.fail('the request should have failed');
}

const headers = (stream: number, fields: Array<[string, string]>, flags = 0x4): Buffer => h2frame(1, flags, stream, hpackLiterals(fields));

test('GOAWAY in the middle of a body: the error names it, the partial body and the frames are kept', async () => {
  const s = await serve((sock, id) => {
    sock.write(
      Buffer.concat([
        headers(id, [
          [':status', '200'],
          ['content-length', '10'],
        ]),
        h2frame(0, 0, id, Buffer.from('hello')),
        h2frame(7, 0, 0, [...u32(id), ...u32(2), ...Buffer.from('going away')]),
      ]),
    );
    sock.end();
  });
  const e = await failure(
    sendHttp(GET, h2c(s)),
    'protocol',
    /sent GOAWAY \(INTERNAL_ERROR: an internal error, last stream 1, "going away"\) and closed the connection after 5 of 10 body bytes of stream 1/,
  );
  const ex = e.partial[0];
  assert.equal(ex?.response?.statusCode, 200);
  assert.equal(ex?.response?.body.data?.toString(), 'hello');
  const frames = ex?.connection.http2?.frames ?? [];
  const goaway = frames.find(f => f.type === 'GOAWAY' && f.dir === 'in');
  assert.deepEqual([goaway?.lastStreamId, goaway?.errorName, goaway?.debugData], [1, 'INTERNAL_ERROR', 'going away']);
});

test('GOAWAY before a stream was processed says it is safe to retry', async () => {
  const s = await serve(sock => {
    sock.write(h2frame(7, 0, 0, [...u32(0), ...u32(0)]));
  });
  await failure(
    sendHttp(GET, h2c(s)),
    'protocol',
    /GOAWAY \(NO_ERROR: no error \(a graceful shutdown\), last stream 0\) and did not process stream 1: it is safe to send it again/,
  );
});

test('RST_STREAM from the server names the error code and the stage', async () => {
  const s = await serve((sock, id) => {
    sock.write(Buffer.concat([headers(id, [[':status', '200']]), h2frame(0, 0, id, Buffer.from('abc')), h2frame(3, 0, id, u32(2))]));
  });
  const e = await failure(sendHttp(GET, h2c(s)), 'protocol', /The server reset stream 1 \(RST_STREAM INTERNAL_ERROR: an internal error\) after 3 body bytes/);
  assert.equal(e.partial[0]?.http2?.reset?.by, 'server');
  assert.equal(e.partial[0]?.http2?.reset?.errorName, 'INTERNAL_ERROR');
  const refused = await serve((sock, id) => {
    sock.write(h2frame(3, 0, id, u32(7)));
  });
  await failure(
    sendHttp(GET, h2c(refused)),
    'protocol',
    /reset stream 1 \(RST_STREAM REFUSED_STREAM: the stream was refused before any processing \(safe to retry\)\) before the response headers/,
  );
});

test('an oversized header list is refused (RST_STREAM ENHANCE_YOUR_CALM) and its size named', async () => {
  /** A header list of `n` fields of 15,000 bytes over HEADERS and CONTINUATION frames (within 16 KiB each). */
  const bigList = (n: number) => async () =>
    serve((sock, id) => {
      const block = hpackLiterals([[':status', '200'], ...Array.from({ length: n }, (_, i): [string, string] => [`x-big${i}`, 'a'.repeat(15000)])]);
      const frames: Buffer[] = [];
      for (let at = 0; at < block.length; at += 16000) {
        const last = at + 16000 >= block.length;
        frames.push(h2frame(at === 0 ? 1 : 9, last ? 0x4 : 0, id, block.subarray(at, at + 16000)));
      }
      sock.write(Buffer.concat(frames));
    });
  // Node's own limit (the default 64 KiB) and NetProbe's smaller one end the same way.
  for (const [server, limits, max] of [
    [await bigList(5)(), {}, 65536],
    [await bigList(2)(), { maxHeaderBytes: 8192 }, 8192],
  ] as const) {
    const e = await failure(
      sendHttp(GET, h2c(server, { limits })),
      'protocol',
      new RegExp(
        `header list is \\d+ bytes, which is over the limit of ${max} bytes; NetProbe refused it and reset stream 1 \\(RST_STREAM ENHANCE_YOUR_CALM\\)`,
      ),
    );
    const frames = e.partial[0]?.connection.http2?.frames ?? [];
    assert.ok(frames.some(f => f.dir === 'out' && f.type === 'RST_STREAM' && f.errorName === 'ENHANCE_YOUR_CALM'));
    const last = frames.filter(f => f.dir === 'in' && (f.type === 'HEADERS' || f.type === 'CONTINUATION')).at(-1);
    assert.equal(last?.type, 'CONTINUATION');
    assert.equal(
      last?.headerBlockBytes,
      frames.filter(f => f.dir === 'in' && f.streamId === 1).reduce((n, f) => n + f.length, 0),
    );
    assert.match(last?.headersNote ?? '', new RegExp(`more fields not kept: the header list is \\d+ bytes, over the ${max}-byte limit`));
  }
});

test('a SETTINGS flood ends the connection at once', async () => {
  const s = await serve(sock => {
    sock.write(Buffer.concat(Array.from({ length: 2000 }, (_, i) => h2frame(4, 0, 0, [0, 3, ...u32(i + 1)]))));
  });
  const t0 = performance.now();
  const e = await failure(sendHttp(GET, h2c(s)), 'protocol', /more than 100 SETTINGS frames \(a SETTINGS flood\)/);
  assert.ok(performance.now() - t0 < 2000);
  const frames = e.partial[0]?.connection.http2?.frames ?? [];
  assert.ok(frames.filter(f => f.type === 'SETTINGS' && f.dir === 'in').length <= 102, 'decoding stopped at the flood');
});

test('a server that never answers the headers times out and the stream is cancelled; an abort does the same', async () => {
  const s = await serve(() => undefined);
  const e = await failure(sendHttp(GET, h2c(s, { headersTimeout: 200 })), 'timeout', /No response headers within 200 ms/);
  assert.ok(e.partial[0]?.connection.http2?.frames.some(f => f.dir === 'out' && f.type === 'RST_STREAM' && f.errorName === 'CANCEL'));
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  await failure(sendHttp(GET, h2c(s, { signal: ac.signal })), 'aborted', /cancelled/);
});

test('a body over the limit is cut and the stream cancelled, the response kept', async () => {
  const s = await serve((sock, id) => {
    sock.write(Buffer.concat([headers(id, [[':status', '200']]), h2frame(0, 0, id, Buffer.alloc(3000, 0x61)), h2frame(0, 0, id, Buffer.alloc(3000, 0x62))]));
  });
  const r = await sendHttp(GET, h2c(s, { limits: { maxBodyBytes: 4000 } }));
  assert.equal(r.final.response?.body.size, 4000);
  assert.equal(r.final.response?.body.truncated, true);
  assert.match(r.final.warnings.join(' '), /cut at the limit of 4000 bytes; the stream was reset/);
  assert.ok(r.final.connection.http2?.frames.some(f => f.dir === 'out' && f.type === 'RST_STREAM' && f.errorName === 'CANCEL'));
});

test('prior knowledge to an HTTP/1.1 server names what it answered', async () => {
  const s = await rawServer(sock => {
    sock.once('data', () => sock.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
  });
  fx.servers.push(s);
  await failure(sendHttp(GET, h2c(s)), 'protocol', /answered in HTTP\/1\.x \("HTTP\/1\.1 400 Bad Request"\) instead of HTTP\/2/);
});

test('TLS servers without h2 in ALPN get HTTP/1.1 on the same connection, and the result says why', async () => {
  const cert = { cert: fs.readFileSync(fx.pki.server.cert), key: fs.readFileSync(fx.pki.server.key) };
  for (const [alpn, note] of [
    [['http/1.1'], /chose http\/1\.1 in ALPN \(it refused h2\)/],
    [undefined, /agreed on no ALPN protocol/],
  ] as const) {
    const s = await rawServer(
      (sock: net.Socket) => {
        sock.once('data', () => sock.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
      },
      { ...cert, ...(alpn ? { ALPNProtocols: [...alpn] } : {}) },
    );
    fx.servers.push(s);
    const r = await sendHttp(GET, { target: { host: 'localhost', port: s.port, tls: true }, tls: { ca: fx.pki.caPem }, http2: 'alpn' });
    assert.equal(r.final.response?.httpVersion, '1.1');
    assert.equal(r.final.response?.body.data?.toString(), 'ok');
    assert.equal(r.connections, 1);
    assert.equal(r.final.connection.negotiation?.used, '1.1');
    assert.match(r.final.connection.negotiation?.note ?? '', note);
    assert.ok(r.final.wire.sent.toString().startsWith('GET /x HTTP/1.1\r\n'), 'sent byte for byte as HTTP/1.1');
    assert.equal(r.final.connection.tls?.alpn, alpn ? 'http/1.1' : false);
  }
});

test('Node http2 server: 103 Early Hints, trailers, a request body and random header values decode exactly as Node reads them', async () => {
  const seen: Array<{ raw: string[]; body: Buffer }> = [];
  // Every byte a field value may hold (visible ASCII, space inside, obs-text 0x80-0xff), Huffman-coded or not as Node likes.
  const values = Array.from({ length: 40 }, (_, i) =>
    Buffer.from(Array.from({ length: 1 + ((i * 7) % 60) }, (_, j) => 0x20 + ((i * 31 + j * 17) % 0xdf)).map(b => (b === 0x7f ? 0x7e : b)))
      .toString('latin1')
      .replace(/^ +| +$/g, 'x'),
  );
  const server = http2.createServer();
  server.on('stream', (stream: http2.ServerHttp2Stream, _h: http2.IncomingHttpHeaders, _f: number, raw: string[]) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      seen.push({ raw, body: Buffer.concat(chunks) });
      stream.additionalHeaders({ ':status': 103, link: '</s.css>; rel=preload' });
      stream.respond({ ':status': 200, ...Object.fromEntries(values.map((v, i) => [`x-v${i}`, v])), 'x-bad': 'a\x7fb' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'x-checksum': 'abc' }));
      stream.end('done');
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as { port: number }).port;
    const body = '{"a":1}';
    const req = `POST /submit?q=1 HTTP/1.1\r\nHost: example.test\r\nX-One: 1\r\nContent-Type: application/json\r\nX-One: 2\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const r = await sendHttp([req, req], h2c({ port }));
    const ex = r.exchanges[1];
    assert.ok(ex);
    const sent = seen[1];
    assert.ok(sent);
    assert.equal(sent.body.toString(), body);
    const pairs = (raw: string[]) => Array.from({ length: raw.length / 2 }, (_, i) => [raw[2 * i], raw[2 * i + 1]]);
    // What the server's HPACK decoder read is what NetProbe's decoder read from its own HEADERS frame.
    assert.deepEqual([...pairs(sent.raw)].sort(), [...(ex.http2?.requestHeaders ?? [])].sort());
    assert.deepEqual(ex.http2?.requestHeaders.slice(0, 4), [
      [':method', 'POST'],
      [':scheme', 'http'],
      [':authority', 'example.test'],
      [':path', '/submit?q=1'],
    ]);
    assert.deepEqual(
      ex.http2?.requestHeaders.filter(([k]) => k === 'x-one'),
      [
        ['x-one', '1'],
        ['x-one', '2'],
      ],
    );
    assert.match(ex.request.changes.join(' '), /Repeated fields are sent next to each other/);
    const res = ex.response;
    assert.equal(res?.informational[0]?.statusCode, 103);
    assert.deepEqual(
      res?.headers.filter(([k]) => k.startsWith('x-v')).map(([, v]) => v),
      values,
    );
    // A field HTTP/2 forbids (DEL in the value) is ignored by Node but shown as sent, with a warning.
    assert.deepEqual(
      res?.headers.find(([k]) => k === 'x-bad'),
      ['x-bad', 'a\x7fb'],
    );
    assert.match(ex.warnings.join(' '), /1 header field HTTP\/2 does not allow \(x-bad\): Node's HTTP\/2 layer ignored it/);
    assert.equal(res?.body.data?.toString(), 'done');
    assert.deepEqual(ex.http2?.trailers, [['x-checksum', 'abc']]);
    // The frame log's own HPACK decoding of the response matches Node's, on the second stream too (dynamic table in use).
    const blocks = ex.connection.http2?.frames.filter(f => f.dir === 'in' && f.streamId === ex.http2?.streamId && f.headers) ?? [];
    assert.equal(blocks.length, 3);
    assert.deepEqual(
      blocks[1]?.headers?.filter(([k]) => !k.startsWith(':')),
      res?.headers,
    );
    const t = ex.http2;
    assert.ok(t?.headersSentMs !== undefined && t.firstByteMs !== undefined && t.lastByteMs !== undefined);
    assert.ok(t.headersSentMs <= t.firstByteMs && t.firstByteMs <= t.lastByteMs);
    assert.ok(ex.connection.http2?.frames.some(f => f.dir === 'out' && f.type === 'DATA' && f.flagNames.includes('END_STREAM') && f.length === body.length));
  } finally {
    await new Promise<void>(r => server.close(() => r()));
  }
});

test('HTTP/2 redirects follow the HTTP/1.1 rule: a 307 to another origin drops credentials and the body, and says so', async () => {
  const seen: Array<{ headers: http2.IncomingHttpHeaders; body: string }> = [];
  const servers = [http2.createServer(), http2.createServer()];
  const [first, other] = servers as [http2.Http2Server, http2.Http2Server];
  for (const s of servers) await new Promise<void>(r => s.listen(0, '127.0.0.1', r));
  const portOf = (s: http2.Http2Server): number => (s.address() as { port: number }).port;
  other.on('stream', (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      seen.push({ headers, body: Buffer.concat(chunks).toString() });
      stream.respond({ ':status': 200 });
      stream.end('ok');
    });
  });
  first.on('stream', (stream: http2.ServerHttp2Stream) => {
    stream.resume();
    stream.on('end', () => {
      stream.respond({ ':status': 307, location: `http://127.0.0.1:${portOf(other)}/next` });
      stream.end();
    });
  });
  try {
    const body = 'hello=world';
    const req = `POST /start HTTP/1.1\r\nHost: 127.0.0.1:${portOf(first)}\r\nAuthorization: Bearer abc\r\nCookie: sid=1\r\nX-Trace: keep\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const r = await sendHttp(req, h2c({ port: portOf(first) }, { followRedirects: 3 }));
    assert.equal(r.final.response?.statusCode, 200);
    assert.equal(r.exchanges.length, 2);
    const got = seen[0];
    assert.ok(got);
    assert.equal(got.headers[':method'], 'POST');
    assert.equal(got.headers['x-trace'], 'keep');
    assert.equal(got.headers.authorization, undefined);
    assert.equal(got.headers.cookie, undefined);
    assert.equal(got.body, '');
    assert.equal(r.final.request.changes[0], 'Redirect to another origin: not sent again: Authorization, Cookie, the 11-byte body.');
    assert.match(r.final.request.changes.join(' '), /Sent as HTTP\/2/);
    assert.equal(
      r.exchanges[0]?.request.changes.some(c => c.startsWith('Redirect')),
      false,
    );
  } finally {
    for (const s of servers) await new Promise<void>(r => s.close(() => r()));
  }
});
