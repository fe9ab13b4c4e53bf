// What a failed send keeps (issue 16 rule 2): phase timings up to the failure, the chain when TLS got that far, the
// bytes of the request, and the CLI's --json fields for them; against nginx and Node servers on loopback.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as net from 'net';
import type { NginxPeer } from '../../helpers/nginx';
import { startNginx } from '../../helpers/nginx';
import { closedPort } from '../../helpers/tcp-peers';
import { HttpError, sendHttp } from '../../../src/core/http/client';
import { isUntrustedCertificate } from '../../../src/core/tls/connect';
import { httpFailureJson } from '../../../src/cli/http/render';

let nginx: NginxPeer;
before(async () => {
  nginx = await startNginx();
});
after(async () => {
  await nginx.stop();
});

const REQUEST = 'GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n';

async function failure(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HttpError, String(e));
    return e;
  }
  assert.fail('the send succeeded');
}

test('an untrusted certificate: the failure keeps the chain, the timing up to TLS and the request bytes', async () => {
  const e = await failure(sendHttp(REQUEST, { target: { host: 'localhost', port: nginx.untrustedPort, tls: true } }));
  assert.ok(isUntrustedCertificate(e));
  assert.equal(e.partial.length, 0);
  const f = e.failure;
  assert.ok(f);
  assert.equal(f.phase, 'tls');
  assert.equal(f.sent, false);
  const ex = f.exchange;
  assert.deepEqual(e.exchanges, [ex]);
  assert.equal(ex.error?.phase, 'tls');
  assert.equal(ex.error?.unsent, true);
  assert.equal(ex.connection.tls?.authorized, false);
  assert.equal(ex.connection.tls?.chain[0]?.selfSigned, true);
  assert.match(ex.connection.tls?.authorizationError ?? '', /self-signed/);
  assert.ok(ex.connection.remoteAddress === '127.0.0.1' || ex.connection.remoteAddress === '::1', ex.connection.remoteAddress);
  assert.ok(ex.timings.tls > 0, JSON.stringify(ex.timings));
  assert.equal(ex.timings.wait, 0);
  assert.equal(ex.bytesSent, 0);
  assert.equal(ex.wire.sent.toString('latin1'), REQUEST);
  assert.equal(ex.request.bytes.toString('latin1'), REQUEST);

  const json = httpFailureJson(e, e.partial, false);
  const jf = json.failure as { phase: string; sent: boolean; timings: { tls: number }; tls?: { authorized: boolean; chain: unknown[] }; bytesSent: number };
  assert.equal(jf.phase, 'tls');
  assert.equal(jf.sent, false);
  assert.equal(jf.tls?.authorized, false);
  assert.equal(jf.tls?.chain.length, 1);
  assert.equal(jf.bytesSent, 0);
  assert.deepEqual(json.exchanges, [], 'exchanges keeps its meaning: those that went on the wire');
});

test('a refused port: the failure names the connect phase and keeps the request bytes', async () => {
  const port = await closedPort();
  const e = await failure(sendHttp(REQUEST, { target: { host: '127.0.0.1', port, tls: false } }));
  assert.equal(e.code, 'refused');
  const f = e.failure;
  assert.equal(f?.phase, 'connect');
  assert.equal(f?.sent, false);
  assert.equal(f?.exchange.connection.tls, undefined);
  assert.equal(f?.exchange.wire.sent.toString('latin1'), REQUEST);
  assert.equal(f?.exchange.timings.tls, 0);
  assert.equal((httpFailureJson(e, e.partial, false).failure as { phase: string }).phase, 'connect');
});

test('a reset after part of the response: the failure is the sent exchange, in the download phase', async () => {
  const server = net.createServer(s => {
    s.once('data', () => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial', () => s.resetAndDestroy());
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const e = await failure(sendHttp(REQUEST, { target: { host: '127.0.0.1', port, tls: false } }));
    const f = e.failure;
    assert.equal(f?.sent, true);
    assert.equal(f?.phase, 'download');
    assert.equal(f?.exchange, e.partial[0]);
    assert.equal(f?.exchange.bytesSent, REQUEST.length);
    assert.ok((f?.exchange.bytesReceived ?? 0) > 0);
  } finally {
    await new Promise<void>(r => server.close(() => r()));
  }
});

test('no answer within the timeout: the failure is in the wait phase, with the bytes sent', async () => {
  const sockets: net.Socket[] = [];
  const server = net.createServer(s => sockets.push(s));
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const e = await failure(sendHttp(REQUEST, { target: { host: '127.0.0.1', port, tls: false }, timeout: 300 }));
    assert.equal(e.code, 'timeout');
    assert.equal(e.failure?.phase, 'wait');
    assert.equal(e.failure?.exchange.bytesSent, REQUEST.length);
    assert.equal(e.failure?.exchange.bytesReceived, 0);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>(r => server.close(() => r()));
  }
});

test('a proxy that is down: the failure is at connect and names the proxy route, not "direct"', async () => {
  const port = await closedPort();
  const e = await failure(
    sendHttp(REQUEST, { target: { host: 'localhost', port: nginx.httpPort, tls: false }, proxy: { protocol: 'socks5', host: '127.0.0.1', port } }),
  );
  assert.equal(e.failure?.phase, 'connect');
  assert.equal(e.failure?.exchange.connection.via, `socks5://127.0.0.1:${port}`);
  assert.equal(e.failure?.exchange.wire.sent.toString('latin1'), REQUEST);
});

test('HTTP/2 asked for: an untrusted certificate keeps the same failure details', async () => {
  const e = await failure(sendHttp(REQUEST, { target: { host: 'localhost', port: nginx.untrustedPort, tls: true }, http2: 'alpn' }));
  assert.ok(isUntrustedCertificate(e));
  assert.equal(e.failure?.phase, 'tls');
  assert.equal(e.failure?.sent, false);
  assert.equal(e.failure?.exchange.connection.tls?.chain[0]?.selfSigned, true);
  assert.equal(e.failure?.exchange.wire.sent.toString('latin1'), REQUEST);
});
