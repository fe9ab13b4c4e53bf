import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { WebSocketError } from '../../../src/core/websocket/errors';
import { openWebSocket } from '../../../src/core/websocket/open';
import type { WebSocketFrame } from '../../../src/core/websocket/types';
import { parseWebSocketUrl } from '../../../src/core/websocket/url';
import { closedPort } from '../../helpers/tcp-peers';
import type { HostileHandler, HostileServer } from '../../helpers/ws-hostile';
import { hostileServer, switchingProtocols } from '../../helpers/ws-hostile';

async function withServer(handler: HostileHandler, body: (s: HostileServer) => Promise<void>): Promise<void> {
  const s = await hostileServer(handler);
  try {
    await body(s);
  } finally {
    await s.close();
  }
}

/** Asserts that opening fails at `stage` with a message matching `message`; returns the error. */
async function failsAt(url: string, stage: WebSocketError['stage'], message: RegExp, opts: Parameters<typeof openWebSocket>[1] = {}): Promise<WebSocketError> {
  let caught: unknown;
  await openWebSocket(url, opts).then(
    s => s.terminate(),
    (e: unknown) => {
      caught = e;
    },
  );
  assert.ok(caught instanceof WebSocketError, `expected a WebSocketError, got ${String(caught)}`);
  assert.equal(caught.stage, stage);
  assert.match(caught.message, message);
  return caught;
}

test('a server answering 200 without Upgrade: upgrade stage, the status and the body shown', async () => {
  await withServer(
    s => s.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 23\r\n\r\n<html>not here</html>\r\n'),
    async srv => {
      const e = await failsAt(srv.url, 'upgrade', /^WebSocket upgrade: the server answered 200 OK without Upgrade: this URL is not a WebSocket endpoint/);
      assert.equal(e.code, 'protocol');
      assert.equal(e.upgrade?.status, 200);
      assert.match(e.upgrade?.request ?? '', /^GET \/chat HTTP\/1\.1\r\n/);
      assert.match(e.upgrade?.response ?? '', /^HTTP\/1\.1 200 OK\r\nContent-Type: text\/html\r\n/);
      assert.equal(e.upgrade?.bodyPreview, '<html>not here</html>\r\n');
    },
  );
});

test('a 101 whose Sec-WebSocket-Accept does not match our key', async () => {
  await withServer(
    (s, r) => s.write(switchingProtocols(Buffer.from(r.accept, 'base64').reverse().toString('base64'))),
    async srv => {
      const e = await failsAt(
        srv.url,
        'upgrade',
        /Sec-WebSocket-Accept does not match: the server sent ".+", expected .+ \(SHA-1 of our key .+ and the RFC 6455 GUID\)/,
      );
      assert.equal(e.upgrade?.status, 101);
    },
  );
});

test('a 101 to another protocol, a redirect, a 403, a server that is not HTTP, one that never answers', async () => {
  await withServer(
    s => s.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n'),
    async srv => {
      await failsAt(srv.url, 'upgrade', /answered 101 but upgraded to "h2c", not "websocket"/);
    },
  );
  await withServer(
    s => s.end('HTTP/1.1 301 Moved Permanently\r\nLocation: ws://elsewhere.example/x\r\nContent-Length: 0\r\n\r\n'),
    async srv => {
      await failsAt(srv.url, 'upgrade', /301 Moved Permanently, redirecting to "ws:\/\/elsewhere\.example\/x"; a WebSocket client does not follow redirects/);
    },
  );
  await withServer(
    s => s.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'),
    async srv => {
      await failsAt(srv.url, 'upgrade', /refused the upgrade with 403 Forbidden/);
    },
  );
  await withServer(
    s => s.end('SSH-2.0-OpenSSH_9.2\r\n\x1b[2J'),
    async srv => {
      await failsAt(srv.url, 'upgrade', /is not HTTP .*the first bytes were "SSH-2\.0/);
    },
  );
  await withServer(
    () => undefined,
    async srv => {
      const e = await failsAt(srv.url, 'upgrade', /did not answer the upgrade request within 300 ms/, { timeout: 300 });
      assert.equal(e.code, 'timeout');
      assert.match(e.upgrade?.request ?? '', /^GET \/chat /, 'the request is shown even without an answer');
    },
  );
  await withServer(
    s => s.destroy(),
    async srv => {
      await failsAt(srv.url, 'upgrade', /closed the connection before answering the upgrade request/);
    },
  );
});

test('cancelling while the server has not answered the upgrade: upgrade stage, aborted', async () => {
  const controller = new AbortController();
  await withServer(
    () => controller.abort(),
    async srv => {
      const e = await failsAt(srv.url, 'upgrade', /^WebSocket upgrade: the upgrade was cancelled\.$/, { signal: controller.signal, timeout: 10_000 });
      assert.equal(e.code, 'aborted');
    },
  );
});

test('TCP stage: nothing listening', async () => {
  const port = await closedPort();
  const e = await failsAt(`ws://127.0.0.1:${port}/`, 'tcp', /^TCP connect: Connection refused by 127\.0\.0\.1:\d+/);
  assert.equal(e.code, 'refused');
});

test('an oversized frame: seen from its header, the session closes with 1009 and says why', async () => {
  await withServer(
    (s, r) => {
      const head = Buffer.alloc(10);
      head[0] = 0x82;
      head[1] = 127;
      head.writeBigUInt64BE(2n ** 31n, 2);
      s.write(switchingProtocols(r.accept));
      s.write(Buffer.concat([head, Buffer.alloc(4096, 0x41)]));
    },
    async srv => {
      const session = await openWebSocket(srv.url, { maxPayload: 1024 * 1024, closeTimeout: 300 });
      const frames: WebSocketFrame[] = [];
      session.on('frame', f => frames.push(f));
      const summary = await session.closed;
      assert.equal(frames[0]?.length, 2 ** 31, 'the frame shows its declared length');
      assert.equal(summary.error?.stage, 'session');
      assert.match(
        summary.error?.message ?? '',
        /^The server sent a frame of 2147483648 bytes, over the limit of 1048576 bytes per message \(maxPayload\); we closed with 1009 \(message too big\)\.$/,
      );
      assert.equal(summary.sent?.code, 1009);
      assert.equal(summary.outcome, 'abnormal');
    },
  );
});

test('a server that never answers the close: dropped after closeTimeout, and the summary says so', async () => {
  await withServer(
    (s, r) => s.write(switchingProtocols(r.accept)),
    async srv => {
      const session = await openWebSocket(srv.url, { closeTimeout: 300 });
      const t0 = Date.now();
      const summary = await session.close(1000, 'bye');
      assert.ok(Date.now() - t0 >= 250, 'waited for the close timeout');
      assert.equal(summary.initiatedBy, 'local');
      assert.equal(summary.handshakeComplete, false);
      assert.equal(summary.outcome, 'abnormal');
      assert.deepEqual(summary.error, { stage: 'close', message: 'The server did not answer our close frame within 0.3 s; we dropped the connection.' });
      assert.equal(srv.received()[0], 0x88, 'our close frame reached the server');
    },
  );
});

test('a server that drops TCP without a close frame, and one that closes TCP instead of answering ours', async () => {
  await withServer(
    (s, r) => {
      s.write(switchingProtocols(r.accept));
      s.end();
    },
    async srv => {
      const session = await openWebSocket(srv.url);
      const summary = await session.closed;
      assert.equal(summary.initiatedBy, 'network');
      assert.equal(summary.error?.message, 'The server closed the TCP connection without a close frame (1006 abnormal closure).');
    },
  );
  await withServer(
    (s, r) => {
      s.write(switchingProtocols(r.accept));
      s.on('data', () => s.end());
    },
    async srv => {
      const session = await openWebSocket(srv.url, { closeTimeout: 5000 });
      const summary = await session.close(1000);
      assert.equal(summary.error?.stage, 'close');
      assert.equal(summary.error?.message, 'The server closed the TCP connection without answering our close frame.');
    },
  );
});

test('a masked server frame and a reserved opcode are protocol errors (1002)', async () => {
  await withServer(
    (s, r) => {
      s.write(switchingProtocols(r.accept));
      s.write(Buffer.from([0x83, 0x00]));
    },
    async srv => {
      const session = await openWebSocket(srv.url, { closeTimeout: 300 });
      const summary = await session.closed;
      assert.match(
        summary.error?.message ?? '',
        /^The server broke the WebSocket protocol \(Invalid WebSocket frame: invalid opcode 3\); we closed with 1002 \(protocol error\)\.$/,
      );
    },
  );
  await withServer(
    (s, r) => {
      s.write(switchingProtocols(r.accept));
      s.write(Buffer.from([0x81, 0x82, 1, 2, 3, 4, 0x69, 0x6b]));
    },
    async srv => {
      const session = await openWebSocket(srv.url, { closeTimeout: 300 });
      const frames: WebSocketFrame[] = [];
      session.on('frame', f => frames.push(f));
      const summary = await session.closed;
      assert.equal(frames[0]?.maskKey, '01020304');
      assert.equal(frames[0]?.preview.toString(), 'hi', 'the decoder unmasks what it shows');
      assert.match(
        summary.error?.message ?? '',
        /^The server broke the WebSocket protocol \(Invalid WebSocket frame: MASK must be clear\); we closed with 1002/,
      );
    },
  );
});

test('the request as sent: Host first (default port left out, IPv6 in brackets), path and query, Basic auth from the URL, extra headers, subprotocols', async () => {
  let head = '';
  await withServer(
    (s, r) => {
      head = r.head;
      s.write(switchingProtocols(r.accept).replace('\r\n\r\n', '\r\nSec-WebSocket-Protocol: chat.v2\r\n\r\n'));
    },
    async srv => {
      const session = await openWebSocket(`ws://user:p%40ss@127.0.0.1:${srv.port}/a/b?x=1&y=%20`, {
        headers: [['Origin', 'https://app.example']],
        protocols: ['chat.v1', 'chat.v2'],
      });
      assert.match(head, new RegExp(`^GET /a/b\\?x=1&y=%20 HTTP/1\\.1\\r\\nHost: 127\\.0\\.0\\.1:${srv.port}\\r\\n`));
      assert.match(head, /\r\nAuthorization: Basic dXNlcjpwQHNz\r\n/, 'user:p@ss');
      assert.match(head, /\r\nOrigin: https:\/\/app\.example\r\n/);
      assert.match(head, /\r\nSec-WebSocket-Protocol: chat\.v1,chat\.v2\r\n/);
      assert.equal(session.info.protocol, 'chat.v2');
      await session.terminate();
    },
  );
  assert.equal(parseWebSocketUrl('wss://[::1]:443/x').authority, '[::1]');
  assert.equal(parseWebSocketUrl('ws://[::1]:8080').authority, '[::1]:8080');
  assert.equal(parseWebSocketUrl('https://h/').url, 'wss://h/');
});
