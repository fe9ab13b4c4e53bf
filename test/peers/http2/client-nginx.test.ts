import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { NginxPeer } from '../../helpers/nginx';
import { startNginx } from '../../helpers/nginx';
import { HttpError, sendHttp } from '../../../src/core/http/client';
import type { HttpRequestOptions } from '../../../src/core/http/client';
import { FLAG_END_STREAM } from '../../../src/core/http/http2/constants';
import type { Http2Frame } from '../../../src/core/http/http2/types';
import { nghttp } from './nghttp';

const BIG = 3 * 1024 * 1024;
let nginx: NginxPeer;
before(async () => {
  nginx = await startNginx({ bigFileBytes: BIG });
});
after(async () => {
  await nginx.stop();
});

const h2 = (): HttpRequestOptions => ({ target: { host: 'localhost', port: nginx.h2Port, tls: true }, tls: { ca: nginx.pki.caPem }, http2: 'alpn' });
const h2c = (): HttpRequestOptions => ({ target: { host: '127.0.0.1', port: nginx.h2cPort, tls: false }, http2: 'prior-knowledge' });
const inFrames = (frames: Http2Frame[]) => frames.filter(f => f.dir === 'in');

test('nghttp -nv and NetProbe see the same frames and header lists from nginx (h2 over TLS and h2c)', async () => {
  for (const [url, opts] of [
    [`https://localhost:${nginx.h2Port}/proto`, h2()],
    [`http://127.0.0.1:${nginx.h2cPort}/proto`, h2c()],
  ] as const) {
    const ref = await nghttp(url);
    const refRequest = ref.find(f => f.dir === 'out' && f.type === 'HEADERS');
    assert.ok(refRequest, 'nghttp printed its request');
    // The same request as nghttp's: its header list, written as a raw request.
    const fields = refRequest.headers.filter(([k]) => !k.startsWith(':'));
    const authority = refRequest.headers.find(([k]) => k === ':authority')?.[1] ?? '';
    const raw = `GET /proto HTTP/1.1\r\nHost: ${authority}\r\n${fields.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    const r = await sendHttp(raw, opts);
    const conn = r.final.connection.http2;
    assert.ok(conn);
    assert.equal(r.final.response?.httpVersion, '2');
    assert.equal(r.final.response?.body.data?.toString(), 'HTTP/2.0\n');
    // What NetProbe sent, decoded from its own HEADERS frame, is nghttp's header list.
    const ourRequest = conn.frames.find(f => f.dir === 'out' && f.type === 'HEADERS');
    assert.deepEqual([...(ourRequest?.headers ?? [])].sort(), [...refRequest.headers].sort(), url);
    // nginx's frames, in order: types, flags, lengths, SETTINGS and window increments.
    const theirs = ref.filter(f => f.dir === 'in');
    const ours = inFrames(conn.frames).slice(0, theirs.length);
    assert.deepEqual(
      ours.map(f => f.type),
      theirs.map(f => f.type),
      url,
    );
    assert.deepEqual(
      ours.map(f => f.flags),
      theirs.map(f => f.flags),
    );
    assert.deepEqual(
      ours.filter(f => f.type !== 'HEADERS').map(f => f.length),
      theirs.filter(f => f.type !== 'HEADERS').map(f => f.length),
    );
    assert.deepEqual(
      ours.filter(f => f.settings).map(f => f.settings?.map(s => [s.name, s.value])),
      theirs.filter(f => f.type === 'SETTINGS' && !(f.flags & 1)).map(f => f.settings),
    );
    assert.deepEqual(
      ours.filter(f => f.type === 'WINDOW_UPDATE').map(f => f.windowIncrement),
      theirs.filter(f => f.type === 'WINDOW_UPDATE').map(f => f.windowIncrement),
    );
    // The response header list through NetProbe's HPACK decoder is nghttp's (the date may tick between the two).
    const dateless = (h: Array<[string, string]>) => h.map(([k, v]) => [k, k === 'date' ? '' : v]);
    assert.deepEqual(dateless(ours.find(f => f.type === 'HEADERS')?.headers ?? []), dateless(theirs.find(f => f.type === 'HEADERS')?.headers ?? []));
    assert.deepEqual(conn.negotiation, opts.http2 === 'alpn' ? { asked: 'h2', used: '2', alpn: 'h2' } : { asked: 'h2c', used: '2' });
    const t = r.final.timings;
    assert.ok(t.total + 0.01 >= t.dns + t.connect + t.tls + t.send + t.wait + t.download, JSON.stringify(t));
  }
});

test('requests of a file go in order as streams 1, 3, 5 on one connection; redirects follow on the same connection', async () => {
  const r = await sendHttp(
    [
      'GET /echo?1 HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'HEAD /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'GET /nocontent HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'GET /redirect2 HTTP/1.1\r\nHost: localhost\r\n\r\n',
    ],
    { ...h2c(), followRedirects: 5 },
  );
  assert.equal(r.connections, 1);
  assert.deepEqual(
    r.exchanges.map(e => e.http2?.streamId),
    [1, 3, 5, 7, 9, 11],
  );
  assert.deepEqual(
    r.exchanges.map(e => e.response?.statusCode),
    [200, 200, 204, 302, 301, 200],
  );
  assert.deepEqual(
    r.exchanges.map(e => e.reused),
    [false, true, true, true, true, true],
  );
  assert.equal(r.exchanges[0]?.response?.body.data?.toString(), 'GET /echo?1 localhost\n');
  assert.equal(r.exchanges[1]?.response?.body.size, 0);
  assert.equal(r.final.url.endsWith('/echo'), true);
  // In order: each stream's headers go out after the previous stream's last byte.
  for (let i = 1; i < r.exchanges.length; i++) {
    assert.ok((r.exchanges[i]?.http2?.headersSentMs ?? 0) >= (r.exchanges[i - 1]?.http2?.lastByteMs ?? Infinity));
  }
});

test('# @concurrent: streams overlap on one connection, and every answer is right', async () => {
  const list = Array.from({ length: 30 }, (_, i) => `GET /echo?n=${i} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  const r = await sendHttp(list, { ...h2(), concurrent: 10 });
  assert.equal(r.connections, 1);
  assert.deepEqual(
    r.exchanges.map(e => e.response?.body.data?.toString()),
    list.map((_, i) => `GET /echo?n=${i} localhost\n`),
  );
  const frames = r.final.connection.http2?.frames ?? [];
  const firstEnd = frames.findIndex(f => f.dir === 'in' && (f.flags & FLAG_END_STREAM) !== 0);
  assert.ok(frames.slice(0, firstEnd).filter(f => f.dir === 'out' && f.type === 'HEADERS').length > 1, 'several streams open before the first answer ended');
  assert.equal(new Set(r.exchanges.map(e => e.http2?.streamId)).size, 30);
});

test('a 3 MiB body: flow control with WINDOW_UPDATE, windows never negative, the capture bounded', async () => {
  const r = await sendHttp('GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n', h2c());
  assert.equal(r.final.response?.body.size, BIG);
  const frames = r.final.connection.http2?.frames ?? [];
  const data = frames.filter(f => f.type === 'DATA' && f.dir === 'in');
  assert.equal(
    data.reduce((n, f) => n + f.length, 0),
    BIG,
  );
  assert.ok(frames.some(f => f.dir === 'out' && f.type === 'WINDOW_UPDATE' && f.streamId === 1));
  assert.ok(frames.some(f => f.dir === 'out' && f.type === 'WINDOW_UPDATE' && f.streamId === 0));
  for (const f of data) assert.ok((f.window?.connection ?? -1) >= 0 && (f.window?.stream ?? -1) >= 0, JSON.stringify(f.window));
  const kept = inFrames(frames).reduce((n, f) => n + f.bytes.length, 0);
  assert.ok(kept <= 1024 * 1024 + 16393 + 9 * frames.length, `kept ${kept}`);
  assert.ok(data.some(f => f.bytesTruncated));
  const t = r.final.timings;
  // The phases of the connection's first exchange fit in its total (which counts from the start of dialing).
  assert.ok(t.download > 0 && t.total + 0.01 >= t.dns + t.connect + t.tls + t.send + t.wait + t.download, JSON.stringify(t));
});

test('ALPN: nginx without http2 on a port answers HTTP/1.1 on the same connection; h2c to a port that is not HTTP/2 fails clearly', async () => {
  const r = await sendHttp('GET /proto HTTP/1.1\r\nHost: localhost\r\n\r\n', { ...h2(), target: { host: 'localhost', port: nginx.httpsPort, tls: true } });
  assert.equal(r.final.response?.body.data?.toString(), 'HTTP/1.1\n');
  assert.deepEqual(r.final.connection.negotiation, {
    asked: 'h2',
    used: '1.1',
    alpn: 'http/1.1',
    note: 'The server chose http/1.1 in ALPN (it refused h2): the request went as HTTP/1.1 on the same connection.',
  });
  assert.equal(r.connections, 1);
  const plain = await sendHttp('GET /proto HTTP/1.1\r\nHost: localhost\r\n\r\n', { ...h2(), target: { host: '127.0.0.1', port: nginx.httpPort, tls: false } });
  assert.equal(plain.final.response?.httpVersion, '1.1');
  assert.match(plain.final.connection.negotiation?.note ?? '', /ALPN, which needs TLS/);
  await assert.rejects(
    sendHttp('GET /proto HTTP/1.1\r\nHost: localhost\r\n\r\n', { ...h2c(), target: { host: '127.0.0.1', port: nginx.httpPort, tls: false } }),
    (e: unknown) => e instanceof HttpError && /answered in HTTP\/1\.x \("HTTP\/1\.1 400 Bad Request"\)/.test(e.message),
  );
});
