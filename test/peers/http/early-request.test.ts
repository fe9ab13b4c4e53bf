import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { HttpError, sendHttp } from '../../../src/core/http/client';
import { parseProxyUrl } from '../../../src/core/proxy/url';
import { tcpConnect } from '../../../src/core/tcp/connect';
import type { RawHandler, RawServer } from './raw-server';
import { onRequestHead, rawServer, rawServerFixture } from './raw-server';

const fx = rawServerFixture();

async function serve(handler: RawHandler): Promise<RawServer> {
  const s = await rawServer(handler);
  fx.servers.push(s);
  return s;
}

const REQUEST = 'GET /early HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n';
const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

test('tcpConnect hands the socket to onConnect as it opens, before it resolves', async () => {
  const s = await serve((sock, got) => onRequestHead(sock, got, () => sock.end(OK)));
  const order: string[] = [];
  const attempt = await tcpConnect('127.0.0.1', 4, s.port, {
    keep: true,
    timeout: 5000,
    onConnect: sock => {
      order.push('onConnect');
      sock.write(REQUEST);
    },
  });
  order.push('resolved');
  assert.deepEqual(order, ['onConnect', 'resolved']);
  assert.equal(attempt.outcome, 'open');
  const socket = attempt.socket;
  assert.ok(socket);
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  await new Promise(r => socket.once('end', r));
  socket.destroy();
  assert.equal(Buffer.concat(chunks).toString('latin1'), OK);
  assert.equal(Buffer.concat(s.received[0] ?? []).toString('latin1'), REQUEST);
});

test('a plain request goes out as the connection opens, once, and its exchange is a fresh one', async () => {
  const s = await serve((sock, got) => onRequestHead(sock, got, () => sock.end(OK)));
  const r = await sendHttp(REQUEST, { target: { host: '127.0.0.1', port: s.port, tls: false } });
  assert.equal(r.final.response?.statusCode, 200);
  assert.equal(Buffer.concat(s.received[0] ?? []).toString('latin1'), REQUEST, 'the server got the request exactly once');
  assert.equal(r.final.bytesSent, REQUEST.length);
  assert.equal(r.final.reused, false);
  assert.ok(r.final.wire.sent.equals(Buffer.from(REQUEST, 'latin1')));
  const t = r.final.timings;
  for (const [phase, ms] of Object.entries(t)) assert.ok(ms >= 0, `${phase} is ${ms}`);
  // The request went out during the connect phase: the phases still add up to no more than the total, as curl's marks do.
  assert.ok(t.dns + t.connect + t.tls + t.send + t.wait + t.download <= t.total + 0.003, JSON.stringify(t));
  assert.ok(r.final.curl.starttransfer <= r.final.curl.total, JSON.stringify(r.final.curl));
});

test('through an HTTP proxy the first bytes are the CONNECT, and the request follows the tunnel once', async () => {
  const s = await serve(sock => {
    let buf = Buffer.alloc(0);
    let tunnel = false;
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!tunnel && buf.includes('\r\n\r\n')) {
        tunnel = true;
        buf = buf.subarray(buf.indexOf('\r\n\r\n') + 4);
        sock.write('HTTP/1.1 200 Connection established\r\n\r\n');
      }
      if (tunnel && buf.includes('\r\n\r\n')) sock.end(OK);
    });
  });
  const r = await sendHttp(REQUEST, {
    target: { host: '127.0.0.1', port: 9, tls: false },
    proxy: parseProxyUrl(`http://127.0.0.1:${s.port}`),
  });
  assert.equal(r.final.response?.statusCode, 200);
  const text = Buffer.concat(s.received[0] ?? []).toString('latin1');
  assert.match(text, /^CONNECT 127\.0\.0\.1:9 HTTP\/1\.1\r\n/);
  assert.equal(text.split('GET /early ').length - 1, 1, 'the request crossed the tunnel once, after the CONNECT');
  assert.ok(text.endsWith(REQUEST));
});

test('a server that drops the connection at once fails the early request without a retry', async () => {
  const s = await serve(sock => sock.destroy());
  await assert.rejects(
    sendHttp(REQUEST, { target: { host: '127.0.0.1', port: s.port, tls: false }, timeout: 5000 }),
    (e: unknown) => e instanceof HttpError && /closed the connection|reset the connection/.test(e.message),
  );
  assert.equal(s.received.length, 1, 'one connection: a fresh connection is not retried');
});
