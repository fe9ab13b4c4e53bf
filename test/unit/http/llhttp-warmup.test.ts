import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ResponseParser, warmUpParser } from '../../../src/core/http/llhttp';

// Its own file, so its own process: the warm-up runs on a fresh engine here.
test('warming the parser up leaves it ready and clean for real responses', () => {
  warmUpParser();
  warmUpParser();
  const bodies: string[] = [];
  const p = new ResponseParser(
    {
      onHead: () => undefined,
      onBody: b => {
        bodies.push(b.toString());
      },
      onComplete: () => undefined,
    },
    65536,
  );
  const r = p.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'));
  assert.deepEqual(r, { consumed: 43, completed: true, upgraded: false });
  assert.deepEqual(bodies, ['hello'], 'no bytes of the canned warm-up response leak into a real parser');
  p.free();
});
