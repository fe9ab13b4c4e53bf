import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isUntrustedCertificate } from '../../../src/core/tls/connect';
import { WebSocketError, expectedAccept, headerValue } from '../../../src/core/websocket/errors';
import { openWebSocket } from '../../../src/core/websocket/open';
import type { WebSocketSession } from '../../../src/core/websocket/session';
import type { WebSocketFrame, WebSocketMessage } from '../../../src/core/websocket/types';
import type { SocksPeer } from '../../helpers/socks-peers';
import { startMicrosocks } from '../../helpers/socks-peers';
import type { WebSocketsPeer } from '../../helpers/websockets';
import { startWebSocketsEcho, tempPki } from '../../helpers/websockets';

const pki = tempPki();
let plain: WebSocketsPeer;
let secure: WebSocketsPeer;
let v6: WebSocketsPeer;
before(async () => {
  [plain, secure, v6] = await Promise.all([startWebSocketsEcho(), startWebSocketsEcho({ tls: pki.server }), startWebSocketsEcho({ host: '::1' })]);
});
after(async () => {
  await Promise.all([plain.stop(), secure.stop(), v6.stop()]);
  pki.dispose();
});

/** Collects what a session reports and resolves `next(n)` once n messages have arrived. */
function recorder(s: WebSocketSession): { messages: WebSocketMessage[]; frames: WebSocketFrame[]; next(n: number): Promise<void> } {
  const messages: WebSocketMessage[] = [];
  const frames: WebSocketFrame[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  s.on('frame', f => frames.push(f));
  s.on('message', m => {
    messages.push(m);
    for (const w of waiters.filter(x => messages.length >= x.n)) w.resolve();
  });
  return {
    messages,
    frames,
    next: n =>
      new Promise<void>(resolve => {
        if (messages.length >= n) resolve();
        else waiters.push({ n, resolve });
      }),
  };
}

test('ws:// against python3-websockets: the upgrade byte for byte, text and binary echoed, ping/pong, close 1000 answered', async () => {
  const s = await openWebSocket(plain.url);
  const up = s.info.upgrade;
  assert.match(up.request, /^GET \/ HTTP\/1\.1\r\n/);
  assert.ok(up.request.endsWith('\r\n\r\n'));
  assert.equal(headerValue(up.request, 'upgrade'), 'websocket');
  assert.equal(up.status, 101);
  assert.equal(up.statusText, 'Switching Protocols');
  assert.match(up.response ?? '', /\r\nServer: Python\/[\d.]+ websockets\/10\.4\r\n/);
  assert.equal(headerValue(up.response, 'sec-websocket-accept'), expectedAccept(headerValue(up.request, 'sec-websocket-key') ?? ''));
  assert.equal(s.info.extensions, undefined, 'no compression unless asked for');

  const r = recorder(s);
  const pong = new Promise<{ data: Buffer; rttMs?: number }>(resolve => s.on('pong', resolve));
  await s.sendText('héllo');
  await s.sendBinary(Buffer.from([0, 255, 10]));
  await s.ping('probe');
  await r.next(2);
  assert.deepEqual(
    r.messages.map(m => [m.type, m.data.toString('hex')]),
    [
      ['text', Buffer.from('héllo').toString('hex')],
      ['binary', '00ff0a'],
    ],
  );
  const p = await pong;
  assert.equal(p.data.toString(), 'probe');
  assert.ok((p.rttMs ?? -1) >= 0);

  const summary = await s.close(1000, 'bye');
  assert.equal(summary.outcome, 'clean');
  assert.equal(summary.initiatedBy, 'local');
  assert.deepEqual(summary.sent, { code: 1000, reason: 'bye' });
  assert.deepEqual(summary.received, { code: 1000, reason: 'bye' });
  assert.equal(summary.messagesOut, 2);
  assert.equal(summary.messagesIn, 2);
  assert.match(summary.description, /^We closed with 1000 \(normal closure\) "bye"; the server answered 1000 \(normal closure\) "bye"\.$/);

  const out = r.frames.filter(f => f.dir === 'out');
  const inn = r.frames.filter(f => f.dir === 'in');
  assert.deepEqual(
    out.map(f => f.type),
    ['text', 'binary', 'ping', 'close'],
  );
  assert.deepEqual(inn.map(f => f.type).sort(), ['binary', 'close', 'pong', 'text'], 'the pong may come before the echoes');
  assert.equal(inn.at(-1)?.type, 'close');
  assert.ok(
    out.every(f => f.masked && f.fin && !f.rsv1),
    'client frames are masked',
  );
  assert.ok(
    inn.every(f => !f.masked),
    'server frames are not',
  );
  assert.equal(out[0]?.preview.toString(), 'héllo');
  assert.equal(out[0]?.length, Buffer.byteLength('héllo'));
  assert.equal(summary.framesOut, 4);
  assert.equal(
    summary.bytesOut,
    up.request.length + out.reduce((n, f) => n + f.headerLength + f.length, 0),
    'every byte out is accounted for by the head and the frames',
  );
  assert.equal(s.frames.length, 8);
});

test('the server closes first (4001) and pings: we answer both; a greeting sent before anyone listens is kept', async () => {
  const s = await openWebSocket(plain.url);
  // Wait for both greeting frames on the wire: by then ws has emitted their messages, with nobody listening yet.
  const greeted = new Promise<void>(resolve =>
    s.on('frame', f => {
      if (f.dir === 'in' && f.type === 'binary') resolve();
    }),
  );
  await s.sendText('!hello');
  await greeted;
  assert.equal(s.stats.messagesIn, 2);
  const r = recorder(s);
  await r.next(2);
  assert.deepEqual(
    r.messages.map(m => m.type),
    ['text', 'binary'],
  );
  const ping = new Promise<Buffer>(resolve => s.on('ping', resolve));
  await s.sendText('!ping abc');
  assert.equal((await ping).toString(), 'abc');
  await s.sendText('!close 4001 done here');
  const summary = await s.closed;
  assert.equal(summary.initiatedBy, 'remote');
  assert.deepEqual(summary.received, { code: 4001, reason: 'done here' });
  assert.equal(summary.sent?.code, 4001, 'ws echoes the code');
  assert.equal(summary.outcome, 'clean');
  assert.ok(
    r.frames.some(f => f.dir === 'out' && f.type === 'pong' && f.preview.toString() === 'abc'),
    'the pong went out',
  );
});

test('a server closing with 1011 is a completed handshake but not a clean outcome', async () => {
  const s = await openWebSocket(plain.url);
  await s.sendText('!close 1011 oops');
  const summary = await s.closed;
  assert.equal(summary.handshakeComplete, true);
  assert.equal(summary.outcome, 'abnormal');
  assert.match(summary.description, /The server closed with 1011 \(internal error\) "oops"/);
});

test('wss:// with the test CA; untrusted without it (TLS stage); --insecure; SNI', async () => {
  const s = await openWebSocket(secure.url.replace('127.0.0.1', 'localhost'), { tls: { caFile: pki.caFile }, family: 4 });
  assert.equal(s.info.secure, true);
  assert.equal(s.info.tls?.authorized, true);
  assert.equal(s.info.tls?.servername, 'localhost');
  const r = recorder(s);
  await s.sendText('over tls');
  await r.next(1);
  assert.equal(r.messages[0]?.data.toString(), 'over tls');
  assert.equal((await s.close()).outcome, 'clean');

  await assert.rejects(openWebSocket(secure.url), (e: unknown) => {
    assert.ok(e instanceof WebSocketError);
    assert.equal(e.stage, 'tls');
    assert.ok(isUntrustedCertificate(e));
    assert.match(e.message, /^TLS handshake: /);
    return true;
  });
  const k = await openWebSocket(secure.url, { tls: { insecure: true } });
  assert.equal(k.info.tls?.authorized, false);
  await k.close();
  const sni = await openWebSocket(secure.url, { tls: { caFile: pki.caFile, servername: 'localhost' } });
  assert.equal(sni.info.tls?.authorized, true, 'the certificate is checked against the SNI name');
  await sni.close();
});

test('IPv6, permessage-deflate when asked (RSV1 on the compressed frames), and ws/wss through a SOCKS5 proxy', async () => {
  const s = await openWebSocket(v6.url, { compression: true });
  assert.equal(s.info.remoteAddress, '::1');
  assert.match(s.info.extensions ?? '', /permessage-deflate/);
  const r = recorder(s);
  const text = 'compress me '.repeat(50);
  await s.sendText(text);
  await r.next(1);
  assert.equal(r.messages[0]?.data.toString(), text);
  const data = r.frames.filter(f => f.type === 'text');
  assert.ok(
    data.every(f => f.rsv1),
    'compressed frames have RSV1',
  );
  assert.ok(
    data.every(f => f.length < Buffer.byteLength(text)),
    'and carry fewer bytes than the text',
  );
  await s.close();

  let socks: SocksPeer | undefined;
  try {
    socks = await startMicrosocks();
    const p = await openWebSocket(plain.url, { proxy: { protocol: 'socks5h', host: socks.host, port: socks.port } });
    assert.match(p.info.via, /^socks5h:\/\//);
    assert.equal(p.info.remotePort, socks.port);
    const pr = recorder(p);
    await p.sendText('via socks');
    await pr.next(1);
    assert.equal(pr.messages[0]?.data.toString(), 'via socks');
    assert.equal((await p.close()).outcome, 'clean');
    const sp = await openWebSocket(secure.url.replace('127.0.0.1', 'localhost'), {
      proxy: { protocol: 'socks5h', host: socks.host, port: socks.port },
      tls: { caFile: pki.caFile },
    });
    assert.equal(sp.info.tls?.authorized, true, 'TLS end to end through the proxy');
    assert.equal((await sp.close()).outcome, 'clean');
  } finally {
    await socks?.close();
  }
});

test('bad input: URL, close code and reason, ping size', async () => {
  await assert.rejects(openWebSocket('http//x'), (e: unknown) => e instanceof WebSocketError && e.code === 'invalid-input' && e.stage === 'url');
  await assert.rejects(openWebSocket('ftp://x/'), /scheme is ftp/);
  await assert.rejects(openWebSocket('ws://x/#frag'), /fragment/);
  const s = await openWebSocket(plain.url);
  await assert.rejects(s.close(1005), /cannot be sent as a close code/);
  await assert.rejects(s.close(1000, 'x'.repeat(124)), /at most 123/);
  await assert.rejects(s.ping(Buffer.alloc(126)), /at most 125 bytes/);
  await s.close();
  await assert.rejects(s.sendText('late'), /The WebSocket is closed\./);
  await assert.rejects(s.ping(), /closed/);
});
