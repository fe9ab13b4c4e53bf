import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import type * as net from 'net';
import { openSession } from '../../../src/core/session/session';
import { parseSsOutput } from '../../../src/core/session/kernel-view';
import type { RawHandler, RawServer } from '../http/raw-server';
import { rawServer, rawServerFixture } from '../http/raw-server';

const fx = rawServerFixture();

async function serve(handler: RawHandler, tls = false, host = '127.0.0.1'): Promise<RawServer> {
  const s = await rawServer(
    handler,
    tls ? { cert: fs.readFileSync(fx.pki.server.cert), key: fs.readFileSync(fx.pki.server.key), allowHalfOpen: true } : undefined,
    host,
  );
  fx.servers.push(s);
  return s;
}

/** Replies only after reading EOF: the count of bytes it got, then closes. */
const replyAfterEof: RawHandler = (sock: net.Socket, got) => {
  sock.on('end', () => sock.end(`got ${got().length} bytes\n`));
};

function collect(session: { on(e: 'data', l: (d: Buffer) => void): void }): () => string {
  const chunks: Buffer[] = [];
  session.on('data', d => chunks.push(d));
  return () => Buffer.concat(chunks).toString();
}

test('half-close: a server that replies only after EOF gets to reply', async () => {
  const s = await serve((sock, got) => {
    sock.allowHalfOpen = true;
    replyAfterEof(sock, got);
  });
  const session = await openSession('127.0.0.1', s.port);
  const text = collect(session);
  await session.write('hello\n');
  await session.write(Buffer.from([0, 1, 2]));
  const summary = await session.shutdown(5000);
  assert.equal(text(), 'got 9 bytes\n');
  assert.equal(summary.firstClosedBy, 'local');
  assert.equal(summary.local, 'fin');
  assert.equal(summary.remote, 'fin');
  assert.equal(summary.bytesOut, 9);
  assert.equal(summary.bytesAfterHalfClose, 12);
  assert.match(summary.description, /We half-closed \(FIN\); the peer sent 12 more bytes, then closed its side \(FIN\)/);
  const nodelay = session.info.socketOptions.find(o => o.name === 'TCP_NODELAY');
  assert.equal(nodelay?.value, 'on');
  assert.equal(session.info.socketOptions.find(o => o.name === 'SO_RCVBUF')?.state, 'unavailable');
});

test('the same over TLS and over IPv6', async () => {
  const s = await serve((sock, got) => {
    sock.allowHalfOpen = true;
    replyAfterEof(sock, got);
  }, true);
  const session = await openSession('localhost', s.port, { tls: { caFile: fx.pki.caFile }, family: 4 });
  assert.equal(session.info.tls?.authorized, true);
  const text = collect(session);
  await session.write('over tls');
  const summary = await session.shutdown(5000);
  assert.equal(text(), 'got 8 bytes\n');
  assert.equal(summary.firstClosedBy, 'local');
  const v6 = await serve(
    (sock, got) => {
      sock.allowHalfOpen = true;
      replyAfterEof(sock, got);
    },
    false,
    '::1',
  );
  const s6 = await openSession('::1', v6.port, { noDelay: false, keepAlive: true, keepAliveInitialDelay: 30_000 });
  assert.equal(s6.info.remoteAddress, '::1');
  assert.equal(s6.info.socketOptions.find(o => o.name === 'TCP_KEEPIDLE')?.value, '30 s');
  const t6 = collect(s6);
  await s6.write('x');
  await s6.shutdown(5000);
  assert.equal(t6(), 'got 1 bytes\n');
});

test('the peer closing first (FIN), with a banner sent before anyone listened', async () => {
  const s = await serve(sock => sock.end('220 banner\r\n'));
  const session = await openSession('127.0.0.1', s.port);
  await new Promise<void>(r =>
    session.on('state', st => {
      if (st === 'remote-half-closed') r();
    }),
  );
  const text = collect(session);
  const summary = await session.close();
  assert.equal(text(), '220 banner\r\n');
  assert.equal(summary.firstClosedBy, 'remote');
  assert.equal(summary.remote, 'fin');
  assert.match(summary.description, /The peer closed its side \(FIN\) first/);
});

test('resets both ways are told apart from FIN', async () => {
  const s = await serve(sock => sock.once('data', () => sock.resetAndDestroy()));
  const session = await openSession('127.0.0.1', s.port);
  await session.write('poke');
  const summary = await session.closed;
  assert.equal(summary.firstClosedBy, 'remote');
  assert.equal(summary.how, 'rst');
  let saw: (code: string) => void = () => undefined;
  const serverSaw = new Promise<string>(r => {
    saw = r;
  });
  let read: () => void = () => undefined;
  const serverRead = new Promise<void>(r => {
    read = r;
  });
  const s2 = await serve(sock => {
    sock.on('data', () => read());
    sock.on('error', (e: NodeJS.ErrnoException) => saw(e.code ?? ''));
    sock.on('end', () => saw('EOF'));
  });
  const session2 = await openSession('127.0.0.1', s2.port);
  await session2.write('x');
  await serverRead;
  const sum2 = await session2.reset();
  assert.equal(sum2.firstClosedBy, 'local');
  assert.equal(sum2.how, 'rst');
  assert.equal(sum2.description, 'We reset the connection (RST).');
  assert.equal(await serverSaw, 'ECONNRESET');
});

test('an idle session closes after the idle timeout; a refused port is a dial error', async () => {
  const s = await serve(() => undefined);
  const session = await openSession('127.0.0.1', s.port, { idleTimeout: 150 });
  const summary = await session.closed;
  assert.equal(summary.how, 'idle-timeout');
  assert.equal(summary.firstClosedBy, 'local');
  const closed = await serve(() => undefined);
  const port = closed.port;
  await closed.close();
  await assert.rejects(openSession('127.0.0.1', port), { code: 'refused' });
});

test('the kernel view gives effective socket values (Linux ss), parsed from its output', async () => {
  const v = parseSsOutput(
    '0 0 127.0.0.1:1 127.0.0.1:2 timer:(keepalive,7.2sec,0) ino:1 sk:2 <->\n\t skmem:(r0,rb131072,t0,tb2626560,f0,w0,o0,bl0,d0) ts sack cubic wscale:7,7 rto:201 rtt:0.029/0.014 mss:32768 cwnd:10',
  );
  assert.equal(v?.rcvbuf, 131072);
  assert.equal(v?.sndbuf, 2626560);
  assert.equal(v?.keepaliveTimer, '7.2sec');
  assert.equal(v?.congestion, 'cubic');
  assert.equal(v?.mss, 32768);
  assert.equal(v?.rtt, '0.029/0.014');
  assert.equal(parseSsOutput(''), undefined);
  const s = await serve(() => undefined);
  const session = await openSession('127.0.0.1', s.port);
  assert.ok(session.info.kernel, 'ss reports the connection');
  assert.ok((session.info.kernel?.rcvbuf ?? 0) > 0);
  assert.match(session.info.socketOptions.find(o => o.name === 'SO_RCVBUF')?.effective ?? '', /^\d+ bytes$/);
  await session.close();
});
