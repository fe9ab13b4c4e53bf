import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Http2Frame } from '../../../src/core/http/http2/types';
import type { HttpExchange } from '../../../src/core/http/types';
import { framePage } from '../../../src/ui/http/http2-frames';
import { FRAME_PAGE, isHttpAction } from '../../../src/ui/webviews/http/protocol';

function frame(n: number, streamId: number, type: string, size = 0): Http2Frame {
  const bytes = Buffer.alloc(9 + size, n & 0xff);
  return { dir: n % 2 ? 'in' : 'out', atMs: n, type, typeCode: 0, flags: 0, flagNames: [], streamId, length: size, bytes };
}

/** An exchange on stream `streamId` whose connection kept `frames` (only the fields framePage reads). */
function exchange(frames: Http2Frame[], streamId = 1): HttpExchange {
  return {
    connection: { http2: { frames } },
    http2: { streamId, requestHeaders: [], requestHeaderBytes: 0, framesSent: 0, framesReceived: 0 },
  } as unknown as HttpExchange;
}

test('frame pages: at most FRAME_PAGE frames each, numbered by their place on the connection', () => {
  const frames = Array.from({ length: 250 }, (_, i) => frame(i, i % 3 === 0 ? 0 : 1, i % 2 ? 'DATA' : 'HEADERS'));
  const ex = exchange(frames);
  const first = framePage(ex, { exchange: 0, scope: 'stream', offset: 0 });
  assert.ok(first);
  assert.equal(first.total, 250);
  assert.equal(first.frames.length, FRAME_PAGE);
  assert.deepEqual(
    first.frames.slice(0, 3).map(f => f.n),
    [1, 2, 3],
  );
  assert.equal(Buffer.from(first.frames[0]?.bytes ?? '', 'base64').length, 9);
  const last = framePage(ex, { exchange: 0, scope: 'stream', offset: 200 });
  assert.equal(last?.frames.length, 50);
  assert.equal(last?.frames[49]?.n, 250);
  const beyond = framePage(ex, { exchange: 0, scope: 'stream', offset: 400 });
  assert.equal(beyond?.frames.length, 0);
  assert.equal(beyond?.total, 250);
});

test('frame pages: the stream scope keeps the stream and stream 0; the type filter narrows; types list the scope', () => {
  const frames = [frame(0, 0, 'SETTINGS'), frame(1, 1, 'HEADERS'), frame(2, 3, 'HEADERS'), frame(3, 3, 'DATA'), frame(4, 1, 'DATA'), frame(5, 0, 'GOAWAY')];
  const ex = exchange(frames, 1);
  const mine = framePage(ex, { exchange: 0, scope: 'stream', offset: 0 });
  assert.deepEqual(
    mine?.frames.map(f => f.n),
    [1, 2, 5, 6],
  );
  assert.deepEqual(mine?.types.sort(), ['DATA', 'GOAWAY', 'HEADERS', 'SETTINGS']);
  const all = framePage(ex, { exchange: 0, scope: 'connection', offset: 0 });
  assert.equal(all?.total, 6);
  const data = framePage(ex, { exchange: 0, scope: 'connection', frameType: 'DATA', offset: 0 });
  assert.deepEqual(
    data?.frames.map(f => [f.n, f.streamId]),
    [
      [4, 3],
      [5, 1],
    ],
  );
});

test('frame pages are bounded in bytes too (always at least one frame), and HTTP/1.1 exchanges have none', () => {
  const big = Array.from({ length: 40 }, (_, i) => frame(i, 1, 'DATA', 16384));
  const page = framePage(exchange(big), { exchange: 0, scope: 'stream', offset: 0 });
  assert.ok(page && page.frames.length > 0 && page.frames.length < 40, `${page?.frames.length} frames`);
  assert.ok(page.frames.reduce((n, f) => n + Buffer.from(f.bytes, 'base64').length, 0) <= 256 * 1024);
  const huge = [frame(0, 1, 'DATA', 300 * 1024)];
  assert.equal(framePage(exchange(huge), { exchange: 0, scope: 'stream', offset: 0 })?.frames.length, 1);
  assert.equal(framePage({ connection: {} } as unknown as HttpExchange, { exchange: 0, scope: 'stream', offset: 0 }), undefined);
  assert.equal(framePage(undefined, { exchange: 0, scope: 'stream', offset: 0 }), undefined);
});

test('the frames action is checked before the host answers it', () => {
  assert.ok(isHttpAction({ type: 'frames', exchange: 0, scope: 'stream', offset: 100 }));
  assert.ok(isHttpAction({ type: 'frames', exchange: 2, scope: 'connection', frameType: 'DATA', offset: 0 }));
  assert.ok(!isHttpAction({ type: 'frames', exchange: 0, scope: 'all', offset: 0 }));
  assert.ok(!isHttpAction({ type: 'frames', exchange: 0, scope: 'stream', offset: -1 }));
  assert.ok(!isHttpAction({ type: 'frames', exchange: 0.5, scope: 'stream', offset: 0 }));
  assert.ok(!isHttpAction({ type: 'frames', exchange: 0, scope: 'stream', offset: 0, frameType: 7 }));
  assert.ok(isHttpAction({ type: 'copy', format: 'frames', exchange: 0 }));
});
