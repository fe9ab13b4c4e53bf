import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { HttpError, sendHttp } from '../../../src/core/http/client';
import { NetProbeError } from '../../../src/core/errors';
import type { RawHandler, RawServer } from './raw-server';
import { onRequestHead, rawServer, rawServerFixture } from './raw-server';

const fx = rawServerFixture();

async function serve(handler: RawHandler, tlsCert?: { cert: string; key: string }): Promise<RawServer> {
  const s = await rawServer(handler, tlsCert ? { cert: fs.readFileSync(tlsCert.cert), key: fs.readFileSync(tlsCert.key) } : undefined);
  fx.servers.push(s);
  return s;
}

const target = (s: RawServer, tls = false) => ({ host: tls ? 'localhost' : '127.0.0.1', port: s.port, tls });
const isError = (code: string, re: RegExp) => (e: unknown) => e instanceof NetProbeError && e.code === code && re.test(e.message);

test("the bytes sent are exactly the request file's bytes", async () => {
  const file = Buffer.from('PATCH /x?y=%20 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Odd:  spaced  \r\nx-lower: é\r\nContent-Length: 11\r\n\r\n{"a":"b\r\n"}');
  const s = await serve((sock, got) =>
    onRequestHead(sock, got, () => {
      if (got().length >= file.length) sock.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      else sock.once('data', () => sock.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    }),
  );
  const r = await sendHttp(file, { target: target(s) });
  assert.equal(r.final.response?.statusCode, 200);
  assert.ok(Buffer.concat(s.received[0] ?? []).equals(file));
  assert.ok(r.final.wire.sent.equals(file));
  assert.deepEqual(r.final.request.changes, []);
});

test('a slow-loris response fails at the headers deadline', async () => {
  const s = await serve((sock, got) =>
    onRequestHead(sock, got, () => {
      sock.write('HTTP/1.1 200 OK\r\n');
      const t = setInterval(() => sock.write('X-Drip: 1\r\n'), 20);
      sock.on('close', () => clearInterval(t));
    }),
  );
  await assert.rejects(
    sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: target(s), headersTimeout: 300, idleTimeout: 5000 }),
    (e: unknown) => isError('timeout', /headers were still incomplete after 300 ms/)(e) && e instanceof HttpError && (e.partial[0]?.bytesReceived ?? 0) > 17,
  );
});

test('endless headers hit the header size limit', async () => {
  const s = await serve((sock, got) =>
    onRequestHead(sock, got, () => {
      sock.write('HTTP/1.1 200 OK\r\n');
      const line = `X-Endless: ${'a'.repeat(1000)}\r\n`;
      const pump = (): void => {
        while (!sock.destroyed && sock.write(line));
        if (!sock.destroyed) sock.once('drain', pump);
      };
      pump();
    }),
  );
  await assert.rejects(
    sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: target(s), limits: { maxHeaderBytes: 16 * 1024 } }),
    isError('protocol', /larger than the limit of 16384 bytes/),
  );
});

test('an invalid chunk size is a protocol error with the body so far', async () => {
  const s = await serve((sock, got) =>
    onRequestHead(sock, got, () => {
      sock.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nxyz\r\nmore\r\n0\r\n\r\n');
    }),
  );
  await assert.rejects(
    sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: target(s) }),
    (e: unknown) => isError('protocol', /invalid chunk size/)(e) && e instanceof HttpError && e.partial[0]?.response?.body.data?.toString() === 'hello',
  );
});

test('a body longer than Content-Length is cut there and the extra bytes reported', async () => {
  const s = await serve((sock, got) =>
    onRequestHead(sock, got, () => {
      sock.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA!');
    }),
  );
  const r = await sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: target(s) });
  assert.equal(r.final.response?.body.data?.toString(), 'hello');
  assert.match(r.final.warnings.join(' '), /6 more bytes after the end of the response/);
});

test('a reset in the middle of the body is reported with what arrived', async () => {
  const s = await serve((sock, got) =>
    onRequestHead(sock, got, () => {
      sock.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n');
      // The server pauses mid-body, then aborts with RST.
      sock.write(Buffer.alloc(1000, 0x61), () => setTimeout(() => sock.resetAndDestroy(), 30));
    }),
  );
  await assert.rejects(sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: target(s) }), (e: unknown) => {
    assert.ok(e instanceof HttpError);
    // Linux reports the RST as ECONNRESET once the data was read; if it arrives with unread data, as EOF.
    if (e.partial[0]?.closed?.how === 'rst') assert.match(e.message, /reset the connection \(RST\) after 1000 body bytes/);
    else assert.match(e.message, /closed the connection before the response was complete \(after 1000 of 100000 body bytes\)/);
    assert.equal(e.partial[0]?.response?.body.size, 1000);
    return true;
  });
});

test('a close in the middle of the body says how much was missing', async () => {
  const s = await serve((sock, got) =>
    onRequestHead(sock, got, () => {
      sock.end('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nonly twenty bytes...');
    }),
  );
  await assert.rejects(
    sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: target(s) }),
    isError('protocol', /closed the connection before the response was complete \(after 20 of 50 body bytes\)/),
  );
});

test('a server that never answers times out; an abort cancels at once', async () => {
  const s = await serve(() => undefined);
  await assert.rejects(sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: target(s), headersTimeout: 200 }), isError('timeout', /never answered/));
  const ac = new AbortController();
  const p = sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: target(s), signal: ac.signal });
  setImmediate(() => ac.abort());
  await assert.rejects(p, (e: unknown) => e instanceof NetProbeError && e.code === 'aborted');
});

test('a close-delimited body, 100 Continue and an answer that is not HTTP', async () => {
  const s = await serve((sock, got) =>
    onRequestHead(sock, got, () => {
      sock.end('HTTP/1.1 100 Continue\r\nX-I: 1\r\n\r\nHTTP/1.0 200 OK\r\nServer: old\r\n\r\nuntil the end');
    }),
  );
  const r = await sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: target(s) });
  assert.equal(r.final.response?.framing, 'close');
  assert.equal(r.final.response?.body.data?.toString(), 'until the end');
  assert.deepEqual(
    r.final.response?.informational.map(i => i.statusCode),
    [100],
  );
  assert.equal(r.final.closed?.by, 'server');
  const ssh = await serve(sock => sock.end('SSH-2.0-OpenSSH_9.2\r\n'));
  await assert.rejects(sendHttp('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { target: target(ssh) }), isError('protocol', /not HTTP/));
});

test('TLS with the wrong hostname and with an expired certificate', async () => {
  const answer: RawHandler = (sock, got) => onRequestHead(sock, got, () => sock.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
  const wrong = await serve(answer, fx.pki.wrongHost);
  await assert.rejects(
    sendHttp('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: target(wrong, true), tls: { caFile: fx.pki.caFile } }),
    (e: unknown) => isError('tls', /not valid for the name "localhost".*hostname mismatch/)(e) && (e as NetProbeError).errno === 'ERR_TLS_CERT_ALTNAME_INVALID',
  );
  const expired = await serve(answer, fx.pki.expired);
  await assert.rejects(
    sendHttp('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: target(expired, true), tls: { caFile: fx.pki.caFile } }),
    isError('tls', /has expired/),
  );
  const r = await sendHttp('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: target(expired, true), tls: { caFile: fx.pki.caFile, insecure: true } });
  assert.equal(r.final.response?.body.data?.toString(), 'ok');
  assert.ok((r.final.connection.tls?.chain[0]?.daysLeft ?? 0) < 0);
});
