import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { NginxPeer } from '../../helpers/nginx';
import { startNginx } from '../../helpers/nginx';
import { HttpError, sendHttp } from '../../../src/core/http/client';
import { TlsVerificationError, createTlsContext } from '../../../src/core/tls/connect';
import { NetProbeError } from '../../../src/core/errors';

let nginx: NginxPeer;
before(async () => {
  nginx = await startNginx({ bigFileBytes: 3 * 1024 * 1024 });
});
after(async () => {
  await nginx.stop();
});

const plain = (host = '127.0.0.1') => ({ host, port: nginx.httpPort, tls: false });
const secure = (host = 'localhost') => ({ host, port: nginx.httpsPort, tls: true });

test('GET over IPv4 and IPv6 with timings in order', async () => {
  for (const host of ['127.0.0.1', '::1']) {
    const r = await sendHttp('GET /echo HTTP/1.1\nHost: localhost\n', { target: plain(host) });
    const ex = r.final;
    assert.equal(ex.response?.statusCode, 200);
    assert.equal(ex.response?.body.data?.toString(), 'GET /echo localhost\n');
    assert.equal(ex.response?.framing, 'content-length');
    assert.equal(ex.connection.remoteAddress, host);
    assert.equal(ex.bytesSent, 'GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n'.length);
    assert.ok(ex.bytesReceived > 20);
    assert.ok(ex.wire.received.toString().startsWith('HTTP/1.1 200 OK\r\n'));
    const c = ex.curl;
    assert.ok(c.namelookup <= c.connect && c.connect <= c.pretransfer && c.pretransfer <= c.starttransfer && c.starttransfer <= c.total, JSON.stringify(c));
  }
});

test('several requests share one keep-alive connection; chunked, HEAD and 204 end where they should', async () => {
  const r = await sendHttp(
    [
      'GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'GET /text HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n',
      'HEAD /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'GET /nocontent HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'GET /hello.json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    ],
    { target: plain() },
  );
  assert.equal(r.connections, 1);
  assert.deepEqual(
    r.exchanges.map(e => e.reused),
    [false, true, true, true, true],
  );
  const [echo, text, head, none, json] = r.exchanges.map(e => e.response);
  assert.equal(echo?.statusCode, 200);
  assert.equal(text?.framing, 'chunked');
  assert.equal(text?.headers.find(([k]) => k.toLowerCase() === 'content-encoding')?.[1], 'gzip');
  assert.equal(head?.framing, 'none');
  assert.equal(head?.body.size, 0);
  assert.equal(head?.headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1], String(3 * 1024 * 1024));
  assert.equal(none?.statusCode, 204);
  assert.equal(json?.body.data?.toString(), '{"hello":"world","n":[1,2,3]}');
  assert.equal(json?.keepAlive, false);
});

test('a closed keep-alive connection is replaced by a new one', async () => {
  const r = await sendHttp(['GET /echo HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', 'GET /echo HTTP/1.1\r\nHost: b\r\n\r\n'], { target: plain() });
  assert.equal(r.connections, 2);
  assert.deepEqual(
    r.exchanges.map(e => e.reused),
    [false, false],
  );
  assert.equal(r.final.response?.body.data?.toString(), 'GET /echo b\n');
});

test('redirects are shown, or followed hop by hop on the same connection', async () => {
  const shown = await sendHttp('GET /redirect2 HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: plain() });
  assert.equal(shown.exchanges.length, 1);
  assert.equal(shown.final.response?.statusCode, 302);
  const r = await sendHttp('GET /redirect2 HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: plain(), followRedirects: 5 });
  assert.deepEqual(
    r.exchanges.map(e => [e.hop, e.response?.statusCode]),
    [
      [0, 302],
      [1, 301],
      [2, 200],
    ],
  );
  assert.equal(r.connections, 1);
  assert.equal(r.final.response?.body.data?.toString(), 'GET /echo localhost\n');
  assert.match(r.exchanges[1]?.request.bytes.toString() ?? '', /^GET \/redirect HTTP\/1.1\r\nHost: localhost\r\n\r\n$/);
});

test('HTTPS with the test CA: chain, protocol, cipher, ALPN, SNI', async () => {
  const r = await sendHttp('GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: secure(), tls: { caFile: nginx.pki.caFile } });
  const t = r.final.connection.tls;
  assert.ok(t);
  assert.equal(t.authorized, true);
  assert.match(t.protocol, /^TLSv1\.[23]$/);
  assert.equal(t.alpn, 'http/1.1');
  assert.equal(t.servername, 'localhost');
  assert.ok(t.cipher.length > 0);
  const leaf = t.chain[0];
  assert.ok(leaf);
  assert.deepEqual(leaf.subjectAltNames, ['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:::1'], 'IPv6 SANs in RFC 5952 form');
  assert.equal(leaf.issuer, 'CN=NetProbe Test CA');
  assert.equal(leaf.keyType, 'ec');
  assert.equal(leaf.keyBits, 256);
  assert.ok(leaf.daysLeft >= 363 && leaf.daysLeft <= 365);
  assert.match(leaf.fingerprintSha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.ok(r.final.timings.tls > 0);
  const v13 = await sendHttp('GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n', {
    target: secure('127.0.0.1'),
    tls: { caFile: nginx.pki.caFile, minVersion: 'TLSv1.3' },
  });
  assert.equal(v13.final.connection.tls?.protocol, 'TLSv1.3');
  assert.equal(v13.final.connection.tls?.servername, undefined);
});

test('an untrusted certificate fails with a clear error unless insecure', async () => {
  await assert.rejects(
    sendHttp('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: { host: 'localhost', port: nginx.untrustedPort, tls: true } }),
    // The message names the problem; the front ends (CLI, VS Code) add their own way to go on anyway.
    (e: unknown) =>
      e instanceof HttpError &&
      e.code === 'tls' &&
      /self-signed/.test(e.message) &&
      e.cause instanceof TlsVerificationError &&
      e.cause.details.chain[0]?.selfSigned === true,
  );
  await assert.rejects(
    sendHttp('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: secure() }),
    (e: unknown) => e instanceof NetProbeError && e.code === 'tls' && /(not trusted|not a trusted CA|self-signed CA)/.test(e.message),
  );
  const r = await sendHttp('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', {
    target: { host: 'localhost', port: nginx.untrustedPort, tls: true },
    tls: { insecure: true },
  });
  assert.equal(r.final.response?.body.data?.toString(), 'untrusted\n');
  assert.equal(r.final.connection.tls?.authorized, false);
  assert.equal(r.final.connection.tls?.authorizationCode, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  assert.equal(r.final.connection.tls?.chain[0]?.selfSigned, true);
});

test('plain HTTP spoken to a TLS port and TLS spoken to a plain port are named', async () => {
  await assert.rejects(
    sendHttp('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: { host: '127.0.0.1', port: nginx.httpPort, tls: true } }),
    (e: unknown) => e instanceof NetProbeError && e.code === 'tls',
  );
  const r = await sendHttp('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: { host: '127.0.0.1', port: nginx.httpsPort, tls: false } });
  assert.equal(r.final.response?.statusCode, 400);
});

test('large bodies spill to a temporary file, or go to the file asked for; the limit truncates', async () => {
  const size = 3 * 1024 * 1024;
  const spilled = await sendHttp('GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: plain(), limits: { memoryBodyBytes: 256 * 1024 } });
  const body = spilled.final.response?.body;
  assert.ok(body?.file && body.temporary);
  assert.equal(body.size, size);
  assert.equal(fs.statSync(body.file).size, size);
  assert.equal(body.preview?.length, 64 * 1024);
  fs.rmSync(path.dirname(body.file), { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-http-'));
  const out = path.join(dir, 'out.bin');
  const direct = await sendHttp('GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: plain(), bodyFile: out });
  assert.equal(direct.final.response?.body.file, out);
  assert.equal(fs.statSync(out).size, size);
  const cut = await sendHttp('GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: plain(), limits: { maxBodyBytes: 100_000 } });
  assert.equal(cut.final.response?.body.truncated, true);
  assert.equal(cut.final.response?.body.size, 100_000);
  assert.match(cut.final.warnings.join(' '), /cut at the limit/);
  fs.rmSync(dir, { recursive: true });
});

test('a refused port is a dial error, wrapped with no exchanges', async () => {
  await nginx.stop().catch(() => undefined);
  nginx = await startNginx();
  const port = nginx.httpPort;
  await nginx.stop();
  await assert.rejects(
    sendHttp('GET / HTTP/1.1\r\nHost: x\r\n\r\n', { target: { host: '127.0.0.1', port, tls: false } }),
    (e: unknown) => e instanceof HttpError && e.code === 'refused' && e.partial.length === 0,
  );
  nginx = await startNginx();
});

test('without a target the request names the server; TLS settings alone do not switch TLS on', async () => {
  const r = await sendHttp(`GET /echo HTTP/1.1\r\nHost: 127.0.0.1:${nginx.httpPort}\r\n\r\n`, { tls: { caFile: nginx.pki.caFile } });
  assert.equal(r.final.response?.statusCode, 200);
  assert.equal(r.final.connection.tls, undefined);
  const abs = await sendHttp(`GET https://localhost:${nginx.httpsPort}/echo HTTP/1.1\r\n\r\n`, { tls: { caFile: nginx.pki.caFile } });
  assert.equal(abs.final.response?.statusCode, 200);
  assert.equal(abs.final.connection.tls?.authorized, true);
  assert.match(
    abs.final.request.bytes.toString(),
    new RegExp(`^GET https://localhost:${nginx.httpsPort}/echo HTTP/1\\.1\\r\\nHost: localhost:${nginx.httpsPort}\\r\\n`),
  );
});

test('a TLS context made once serves many connections', async () => {
  const secureContext = createTlsContext({ caFile: nginx.pki.caFile, minVersion: 'TLSv1.3' });
  for (let i = 0; i < 3; i++) {
    const r = await sendHttp('GET /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', { target: secure(), tls: { secureContext } });
    assert.equal(r.final.connection.tls?.authorized, true);
    assert.equal(r.final.connection.tls?.protocol, 'TLSv1.3');
  }
  await assert.rejects(
    sendHttp('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: { host: 'localhost', port: nginx.untrustedPort, tls: true }, tls: { secureContext } }),
    { code: 'tls' },
  );
});
