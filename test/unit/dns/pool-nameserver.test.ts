import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DnsConnectionPool, NetProbeError, parseNameserver } from '../../../src/core';
import { nameserversFor } from '../../../src/core/dns/nameserver';

test('a pool reads an encrypted nameserver spec once and gives each query its own copy', () => {
  const pool = new DnsConnectionPool();
  try {
    for (const spec of ['https://127.0.0.1:8443/dns-query?get', 'tls://[::1]:8853', '@tls://dns.example.test']) {
      const first = pool.nameserver(spec);
      assert.deepEqual(first, parseNameserver(spec));
      first.port = 1;
      const again = pool.nameserver(spec);
      assert.deepEqual(again, parseNameserver(spec), 'a caller changing its copy does not change what the pool gives next');
      assert.notEqual(again, first);
    }
  } finally {
    pool.close();
  }
});

test('a pool keeps nothing of a spec it cannot read, and lookups with a pool read specs as without one', () => {
  const pool = new DnsConnectionPool();
  try {
    for (let i = 0; i < 2; i++) {
      assert.throws(
        () => pool.nameserver('https://user:pw@127.0.0.1/dns-query'),
        (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input' && /credentials/.test(e.message),
      );
    }
    for (const spec of ['tls://127.0.0.1:8853', 'https://127.0.0.1:8443/q', '127.0.0.1:5353']) {
      assert.deepEqual(nameserversFor(spec, undefined, pool), nameserversFor(spec));
    }
  } finally {
    pool.close();
  }
});
