import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { once } from 'events';
import * as fs from 'fs';
import * as http2 from 'http2';
import * as https from 'https';
import type * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { DnsConnectionPool, NetProbeError, dnsQuery, isUntrustedCertificate, runQueries } from '../../../src/core';
import { questionEnd } from '../../../src/core/dns/batch-decode';
import type { TestPki } from '../../helpers/nginx';
import { makeTestPki } from '../../helpers/nginx';

let pki: TestPki;
const closers: Array<() => Promise<void>> = [];
before(() => {
  pki = makeTestPki(fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-dot-hostile-')));
});
after(async () => {
  for (const close of closers.splice(0)) await close();
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

/** An answer to `query` (its id and question) with one A record whose last byte is `last`. */
function answerTo(query: Buffer, last: number): Buffer {
  const qEnd = questionEnd(query);
  const head = Buffer.from(query.subarray(0, 12));
  head.writeUInt16BE(0x8180, 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(1, 6);
  head.writeUInt16BE(0, 8);
  head.writeUInt16BE(0, 10);
  const rr = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, last]);
  return Buffer.concat([head, query.subarray(12, qEnd), rr]);
}

function frame(msg: Buffer): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(msg.length, 0);
  return Buffer.concat([len, msg]);
}

/** Splits a DoT byte stream into the complete messages it holds. */
function messages(stream: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  while (stream.length - pos >= 2 && stream.length - pos - 2 >= stream.readUInt16BE(pos)) {
    const len = stream.readUInt16BE(pos);
    out.push(stream.subarray(pos + 2, pos + 2 + len));
    pos += 2 + len;
  }
  return out;
}

interface DotPeer {
  server: string;
  /** Connections accepted. */
  connections: number;
  /** Every query received, in order. */
  queries: Buffer[];
}

/** A Node DoT server whose behaviour the test scripts: `onQueries` gets the socket and all queries so far on it. */
async function dotServer(onQueries: (socket: tls.TLSSocket, queries: Buffer[], peer: DotPeer) => void, cert = pki.server): Promise<DotPeer> {
  const peer: DotPeer = { server: '', connections: 0, queries: [] };
  const sockets = new Set<net.Socket>();
  const srv = tls.createServer({ cert: fs.readFileSync(cert.cert), key: fs.readFileSync(cert.key), ALPNProtocols: ['dot'] }, socket => {
    peer.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const all = messages(buf);
      const fresh = all.slice(socketSeen.get(socket) ?? 0);
      socketSeen.set(socket, all.length);
      peer.queries.push(...fresh);
      if (fresh.length) onQueries(socket, all, peer);
    });
  });
  const socketSeen = new WeakMap<tls.TLSSocket, number>();
  srv.on('tlsClientError', () => undefined);
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  peer.server = `tls://127.0.0.1:${(srv.address() as net.AddressInfo).port}`;
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>(r => srv.close(() => r()));
  });
  return peer;
}

/** A Node HTTP/2 (DoH) server whose answer to each request the test scripts. */
async function dohServer(handler: (stream: http2.ServerHttp2Stream, body: Buffer, headers: http2.IncomingHttpHeaders) => void): Promise<string> {
  const srv = http2.createSecureServer({ cert: fs.readFileSync(pki.server.cert), key: fs.readFileSync(pki.server.key) });
  const sessions = new Set<http2.ServerHttp2Session>();
  srv.on('session', s => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
    s.on('error', () => undefined);
  });
  srv.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('error', () => undefined);
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.on('end', () => handler(stream, Buffer.concat(chunks), headers));
  });
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  closers.push(async () => {
    for (const s of sessions) s.destroy();
    await new Promise<void>(r => srv.close(() => r()));
  });
  return `https://127.0.0.1:${(srv.address() as net.AddressInfo).port}/dns-query`;
}

const ask = (server: string, extra: Parameters<typeof dnsQuery>[1] = {}): ReturnType<typeof dnsQuery> =>
  dnsQuery('example.test', { server, caFile: pki.caFile, timeout: 3000, ...extra });

test('pipelining: 50 queries on one DoT connection answered in reverse order are each matched by id', async () => {
  const peer = await dotServer((socket, queries) => {
    if (queries.length < 50) return;
    for (const q of [...queries].reverse()) socket.write(frame(answerTo(q, Number(/^q(\d+)$/.exec(q.subarray(13, 13 + (q[12] ?? 0)).toString())?.[1] ?? 0))));
  });
  const questions = Array.from({ length: 50 }, (_, i) => ({ name: `q${i}.example.test`, type: 'A' }));
  const out = await runQueries(questions, { server: peer.server, caFile: pki.caFile, concurrency: 50, timeout: 5000 });
  assert.deepEqual(
    out.map(o => o.values[0]),
    questions.map((_, i) => `192.0.2.${i}`),
  );
  assert.equal(peer.connections, 1);
  assert.equal(new Set(peer.queries.map(q => q.readUInt16BE(0))).size, 50, 'every outstanding query has its own id');
});

test('pipelining through the pool: concurrent lookups share one connection, answers out of order', async () => {
  const peer = await dotServer((socket, queries) => {
    if (queries.length % 20 !== 0) return;
    for (const q of queries.slice(-20).reverse()) socket.write(frame(answerTo(q, q[13] === 0x61 ? 1 : 2)));
  });
  const pool = new DnsConnectionPool();
  try {
    const rs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => dnsQuery(i % 2 ? 'a.test' : 'b.test', { server: peer.server, caFile: pki.caFile, timeout: 3000, pool })),
    );
    assert.deepEqual(
      rs.map(r => r.answers[0]?.data),
      rs.map((_, i) => (i % 2 ? '192.0.2.1' : '192.0.2.2')),
    );
    assert.equal(peer.connections, 1);
  } finally {
    pool.close();
  }
});

test('pool: a lookup waiting for a connection another lookup opens is not cancelled with it', async () => {
  const peer = await dotServer((socket, queries) => socket.write(frame(answerTo(queries[queries.length - 1] ?? Buffer.alloc(12), 3))));
  const pool = new DnsConnectionPool();
  try {
    const controller = new AbortController();
    const first = ask(peer.server, { pool, signal: controller.signal });
    const second = ask(peer.server, { pool });
    controller.abort();
    await assert.rejects(first, (e: unknown) => e instanceof NetProbeError && e.code === 'aborted');
    assert.equal((await second).answers[0]?.data, '192.0.2.3');
  } finally {
    pool.close();
  }
});

test('queries to encrypted servers are padded to 128-byte blocks (RFC 8467)', async () => {
  const peer = await dotServer((socket, queries) => socket.write(frame(answerTo(queries[queries.length - 1] ?? Buffer.alloc(12), 1))));
  await ask(peer.server);
  await runQueries([{ name: 'x.example.test', type: 'AAAA' }], { server: peer.server, caFile: pki.caFile });
  await ask(peer.server, { padding: false });
  const [one, two, three] = peer.queries;
  assert.equal((one?.length ?? 1) % 128, 0);
  assert.equal((two?.length ?? 1) % 128, 0);
  assert.notEqual((three?.length ?? 0) % 128, 0, 'padding off on request');
});

test('a DoT server that closes in the middle of an answer', async () => {
  const peer = await dotServer(socket => {
    socket.write(Buffer.concat([Buffer.from([0, 100]), Buffer.alloc(20)]));
    socket.end();
  });
  await assert.rejects(
    ask(peer.server),
    (e: unknown) =>
      e instanceof NetProbeError &&
      e.code === 'protocol' &&
      e.message === `DNS over TLS to ${peer.server.slice(6)}: the server closed the connection in the middle of an answer.`,
  );
  const out = await runQueries(
    [
      { name: 'example.test', type: 'A' },
      { name: 'example.test', type: 'MX' },
    ],
    { server: peer.server, caFile: pki.caFile, timeout: 3000 },
  );
  assert.ok(
    out.every(o => /closed the connection in the middle of an answer/.test(o.error?.message ?? '')),
    'the batch stops after a connection that answered nothing',
  );
});

test('a DoT server that answers one query per connection: the batch reconnects and stops pipelining', async () => {
  const answered = new WeakSet<tls.TLSSocket>();
  const peer = await dotServer((socket, queries) => {
    if (answered.has(socket)) return;
    answered.add(socket);
    socket.end(frame(answerTo(queries[0] ?? Buffer.alloc(12), 7)));
  });
  const out = await runQueries(
    Array.from({ length: 12 }, () => ({ name: 'example.test', type: 'A' })),
    { server: peer.server, caFile: pki.caFile, concurrency: 8, timeout: 5000 },
  );
  assert.deepEqual(
    out.map(o => o.error?.message ?? o.values[0]),
    Array(12).fill('192.0.2.7'),
  );
  assert.ok(peer.connections >= 12);
});

test('certificates: wrong name, expired, self-signed, pin mismatch — each named, "certificate" in the message', async () => {
  const answer = (socket: tls.TLSSocket, queries: Buffer[]): void => {
    socket.write(frame(answerTo(queries[queries.length - 1] ?? Buffer.alloc(12), 1)));
  };
  const wrong = await dotServer(answer, pki.wrongHost);
  const expired = await dotServer(answer, pki.expired);
  const selfSigned = await dotServer(answer, pki.selfSigned);
  const cases: Array<[string, RegExp]> = [
    [wrong.server, /the TLS handshake failed: The certificate is not valid for the name "127\.0\.0\.1".*hostname mismatch/],
    [expired.server, /the TLS handshake failed: The server's certificate for 127\.0\.0\.1 has expired/],
    [selfSigned.server, /the TLS handshake failed: The server's certificate for 127\.0\.0\.1 is self-signed/],
  ];
  for (const [server, message] of cases) {
    await assert.rejects(
      ask(server),
      (e: unknown) => e instanceof NetProbeError && e.code === 'tls' && isUntrustedCertificate(e) && message.test(e.message),
      server,
    );
    const r = await ask(server, { insecure: true });
    assert.equal(r.tls?.verified, false);
    assert.match(r.tls?.verifyError ?? '', /certificate/);
  }
  const ok = await dotServer(answer);
  await assert.rejects(
    ask(ok.server, { pin: `sha256//${Buffer.alloc(32, 7).toString('base64')}` }),
    (e: unknown) =>
      e instanceof NetProbeError && e.code === 'tls' && /certificate public key does not match the pin \(it is sha256\/\/[A-Za-z0-9+/]{43}=\)/.test(e.message),
  );
  assert.equal(ok.queries.length, 0, 'nothing is sent before the pin is checked');
});

test('a DoH endpoint answering HTML, 404 with a body, malformed DNS in a 200, an oversized body, a reset stream', async () => {
  const html = await dohServer(stream => {
    stream.respond({ ':status': 200, 'content-type': 'text/html' });
    stream.end('<!doctype html>\n<html><body>\x1b[2JLogin required</body></html>');
  });
  await assert.rejects(
    ask(html),
    (e: unknown) =>
      e instanceof NetProbeError &&
      e.message ===
        `DNS over HTTPS to ${html}: the server answered HTTP 200 with text/html, not a DNS message (application/dns-message): "<!doctype html>\\n<html><body>\\x1b[2JLogin required</body></html>"`,
  );
  const missing = await dohServer(stream => {
    stream.respond({ ':status': 404, 'content-type': 'text/plain' });
    stream.end('x'.repeat(100_000));
  });
  await assert.rejects(
    ask(missing),
    (e: unknown) =>
      e instanceof NetProbeError &&
      e.message.startsWith(`DNS over HTTPS to ${missing}: the server answered HTTP 404 Not Found (text/plain): "xxxx`) &&
      e.message.endsWith('…"') &&
      e.message.length < 400,
  );
  const malformed = await dohServer(stream => {
    stream.respond({ ':status': 200, 'content-type': 'application/dns-message' });
    stream.end(Buffer.from([0, 0, 0x81, 0x80, 0, 1, 0, 1]));
  });
  await assert.rejects(
    ask(malformed),
    (e: unknown) =>
      e instanceof NetProbeError &&
      e.code === 'protocol' &&
      /: malformed DNS in the HTTP 200 answer: it is a malformed message \(the message is 8 bytes, shorter than a DNS header\)\.$/.test(e.message),
  );
  const out = await runQueries([{ name: 'example.test', type: 'A' }], { server: malformed, caFile: pki.caFile, timeout: 3000 });
  assert.match(out[0]?.error?.message ?? '', /malformed DNS in the HTTP 200 answer/);
  const huge = await dohServer(stream => {
    stream.respond({ ':status': 200, 'content-type': 'application/dns-message' });
    stream.end(Buffer.alloc(200_000));
  });
  await assert.rejects(ask(huge), (e: unknown) => e instanceof NetProbeError && /larger than a DNS message can be/.test(e.message));
  const reset = await dohServer(stream => stream.close(http2.constants.NGHTTP2_REFUSED_STREAM));
  await assert.rejects(ask(reset), (e: unknown) => e instanceof NetProbeError && /DNS over HTTPS to .*: the stream failed|reset the stream/.test(e.message));
});

test('DoH GET and POST carry the RFC 8484 request: method, path, accept, content-type, id 0', async () => {
  const seen: string[] = [];
  const url = await dohServer((stream, body, h) => {
    const query = h[':method'] === 'GET' ? Buffer.from(new URL(`https://x${String(h[':path'])}`).searchParams.get('dns') ?? '', 'base64url') : body;
    seen.push(
      `${String(h[':method'])} ${String(h[':path']).replace(/dns=.*/, 'dns=…')} ${String(h.accept)} ${String(h['content-type'] ?? '-')} id=${query.readUInt16BE(0)}`,
    );
    stream.respond({ ':status': 200, 'content-type': 'application/dns-message' });
    stream.end(answerTo(query, 9));
  });
  const post = await ask(url);
  const get = await ask(`${url}?get`);
  assert.deepEqual([post.answers[0]?.data, get.answers[0]?.data], ['192.0.2.9', '192.0.2.9']);
  assert.deepEqual(seen, ['POST /dns-query application/dns-message application/dns-message id=0', 'GET /dns-query?dns=… application/dns-message - id=0']);
});

test('a DoH server that does not speak HTTP/2: ALPN refused (HTTP/1.1 only) or not negotiated', async () => {
  const strict = https.createServer({ cert: fs.readFileSync(pki.server.cert), key: fs.readFileSync(pki.server.key) }, (_req, res) => res.end('hello'));
  strict.listen(0, '127.0.0.1');
  await once(strict, 'listening');
  closers.push(
    () =>
      new Promise<void>(r => {
        strict.closeAllConnections();
        strict.close(() => r());
      }),
  );
  const url = `https://127.0.0.1:${(strict.address() as net.AddressInfo).port}/dns-query`;
  await assert.rejects(
    ask(url),
    (e: unknown) =>
      e instanceof NetProbeError &&
      e.code === 'tls' &&
      e.message === `DNS over HTTPS to ${url}: the TLS handshake failed: the server refused the ALPN protocol "h2" (it does not speak it on this port).`,
  );
  const silent = tls.createServer({ cert: fs.readFileSync(pki.server.cert), key: fs.readFileSync(pki.server.key) }, s => s.on('error', () => undefined));
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  closers.push(() => new Promise<void>(r => silent.close(() => r())));
  const url2 = `https://127.0.0.1:${(silent.address() as net.AddressInfo).port}/dns-query`;
  await assert.rejects(
    ask(url2),
    (e: unknown) =>
      e instanceof NetProbeError &&
      /DNS over HTTPS to .*: the server did not agree to HTTP\/2 in the TLS handshake \(it agreed to no ALPN protocol\)/.test(e.message),
  );
});

test('a DoT server that never answers: timeout names the transport; cancel ends the query at once', async () => {
  const controller = new AbortController();
  let cancel = false;
  const peer = await dotServer(() => {
    if (cancel) controller.abort();
  });
  const started = Date.now();
  await assert.rejects(
    ask(peer.server, { timeout: 400 }),
    (e: unknown) => e instanceof NetProbeError && e.code === 'timeout' && /DNS over TLS to .*: no answer within \d+ ms/.test(e.message),
  );
  assert.ok(Date.now() - started < 2000);
  cancel = true;
  await assert.rejects(ask(peer.server, { signal: controller.signal, timeout: 10_000 }), (e: unknown) => e instanceof NetProbeError && e.code === 'aborted');
  assert.ok(Date.now() - started < 5000);
});

test('a DoT server that stops in the middle of an answer: the query times out and the pool does not reuse the stuck connection', async () => {
  const stalled = new WeakSet<tls.TLSSocket>();
  const peer = await dotServer((socket, queries) => {
    if (peer.connections === 1) {
      stalled.add(socket);
      // A length prefix of 65,535 bytes, then a few bytes and nothing more.
      socket.write(Buffer.concat([Buffer.from([0xff, 0xff]), Buffer.alloc(10)]));
      return;
    }
    if (!stalled.has(socket)) socket.write(frame(answerTo(queries[queries.length - 1] ?? Buffer.alloc(12), 9)));
  });
  const pool = new DnsConnectionPool();
  try {
    await assert.rejects(
      ask(peer.server, { pool, timeout: 300 }),
      (e: unknown) =>
        e instanceof NetProbeError && e.code === 'timeout' && /no answer within \d+ ms; the server stopped in the middle of an answer/.test(e.message),
    );
    assert.equal(pool.size, 0, 'the stuck connection left the pool');
    assert.equal((await ask(peer.server, { pool, timeout: 3000 })).answers[0]?.data, '192.0.2.9');
    assert.equal(peer.connections, 2);
  } finally {
    pool.close();
  }
});
