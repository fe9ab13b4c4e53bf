import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DialFailure, dialAddresses } from '../../src/core/tcp/dial';
import { sendHttp, HttpError } from '../../src/core/http/client';
import { freeDualPort } from '../helpers/peers';

test('a dial where every address is refused keeps each attempt, in order, on its error', async () => {
  const port = await freeDualPort();
  const addresses = [
    { family: 6 as const, address: '::1' },
    { family: 4 as const, address: '127.0.0.1' },
  ];
  const err = await dialAddresses('two.test', port, addresses, 0, { timeout: 5000 }).then(
    () => assert.fail('nothing listens there'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof DialFailure);
  assert.equal(err.code, 'refused');
  assert.match(err.message, new RegExp(`^Connection refused by two\\.test:${port}`));
  assert.deepEqual(
    err.attempts.map(a => [a.address, a.port, a.outcome, a.errno]),
    [
      ['::1', port, 'refused', 'ECONNREFUSED'],
      ['127.0.0.1', port, 'refused', 'ECONNREFUSED'],
    ],
  );
});

test('an HTTP send that could not connect says which addresses it tried', async () => {
  const port = await freeDualPort();
  const err = await sendHttp('GET / HTTP/1.1\r\nHost: x\r\n\r\n', { target: { host: '127.0.0.1', port, tls: false }, timeout: 5000 }).then(
    () => assert.fail('nothing listens there'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof HttpError);
  const attempts = err.failure?.exchange.connection.attempts ?? [];
  assert.deepEqual(
    attempts.map(a => [a.address, a.outcome]),
    [['127.0.0.1', 'refused']],
  );
});
