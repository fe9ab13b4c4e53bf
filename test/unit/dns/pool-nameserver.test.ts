import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DnsConnectionPool, NetProbeError, parseNameserver } from '../../../src/core';
import { nameserversFor } from '../../../src/core/dns/nameserver';

test('with a pool, an encrypted nameserver spec is read once and each lookup gets its own copy', () => {
  const pool = new DnsConnectionPool();
  try {
    for (const spec of ['https://127.0.0.1:8443/dns-query?get', 'tls://[::1]:8853', '@tls://dns.example.test', '127.0.0.1:5353']) {
      const [first] = nameserversFor(spec, undefined, pool);
      assert.ok(first);
      assert.deepEqual(first, parseNameserver(spec));
      first.port = 1;
      const [again] = nameserversFor(spec, undefined, pool);
      assert.deepEqual(again, parseNameserver(spec), 'a lookup changing its copy does not change what the next one gets');
    }
    let made = 0;
    for (let i = 0; i < 3; i++) pool.derived('k', () => ++made);
    assert.equal(made, 1);
  } finally {
    pool.close();
  }
});

test('with a pool, a spec that cannot be read fails every time and nothing is kept', () => {
  const pool = new DnsConnectionPool();
  try {
    for (let i = 0; i < 2; i++) {
      assert.throws(
        () => nameserversFor('https://user:pw@127.0.0.1/dns-query', undefined, pool),
        (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input' && /credentials/.test(e.message),
      );
    }
    let made = 0;
    assert.throws(() =>
      pool.derived('bad', (): number => {
        made++;
        throw new Error('cannot');
      }),
    );
    assert.equal(
      pool.derived('bad', () => ++made),
      2,
    );
  } finally {
    pool.close();
  }
});
