import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { addressTokenAt } from '../../../src/core';
import { code, hoverMarkdown } from '../../../src/ui/hover/address-markdown';
import { ReverseCache } from '../../../src/ui/hover/reverse-cache';

function hover(text: string, at: number, extras = {}): string | undefined {
  const t = addressTokenAt(text, at);
  return t ? hoverMarkdown(t, extras) : undefined;
}

test('IPv4 hover shows the forms, the range and command links', () => {
  const md = hover('host 192.168.1.1 up', 8) ?? '';
  assert.match(md, /\*\*IPv4\*\* `192\.168\.1\.1`/);
  assert.match(md, /`0xc0a80101`/);
  assert.match(md, /`3232235777`/);
  assert.match(md, /Private-use/);
  assert.match(md, /command:netprobe\.copyAddressAs\?/);
  assert.match(md, /command:netprobe\.checkPort\?/);
  assert.doesNotMatch(md, /Reverse DNS/);
});

test('a legacy IPv4 form shows both readings', () => {
  const md = hover('x 0127.0.0.1 y', 4) ?? '';
  assert.match(md, /inet\\_aton \/ getaddrinfo \| `87\.0\.0\.1`/);
  assert.match(md, /inet\\_pton \(strict\) \| \*rejected\*/);
  assert.match(md, /`127\.0\.0\.1`/);
});

test('IPv6 with zone, CIDR, MAC and invalid hovers', () => {
  assert.match(hover('fe80::0:1%lo', 3) ?? '', /`fe80::1%lo`.*Link-local/);
  assert.match(hover('net 10.0.0.0/8', 6) ?? '', /Broadcast \| `10\.255\.255\.255`/);
  assert.match(
    hover('00:11:32:3c:c3:0b', 1, { vendor: { prefix: '001132', registry: 'MA-L', name: 'Synology Incorporated', address: [] } }) ?? '',
    /Synology Incorporated/,
  );
  assert.match(hover('00:11:32:3c:c3:0b', 1) ?? '', /fe80::211:32ff:fe3c:c30b/);
  assert.match(hover('10.0.0.256', 1) ?? '', /Not a valid IPv4 address.*\n\n.*more than 255/);
});

test('reverse state is shown only when given', () => {
  assert.match(hover('127.0.0.1', 1, { reverse: { state: 'pending' } }) ?? '', /looking up/);
  assert.match(hover('127.0.0.1', 1, { reverse: { state: 'done', name: 'localhost' } }) ?? '', /Reverse DNS \| `localhost`/);
});

test('values that break Markdown tables are escaped', () => {
  assert.equal(code('a|b'), '`a\\|b`');
  assert.equal(code('a`b'), '`` a`b ``');
  const md = hover('124.96.124.96', 1) ?? '';
  assert.match(md, /b'\\\|`\\\|`'/);
});

test('reverse cache: never waits, caches, expires, bounded', async () => {
  let now = 0;
  const calls: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>(r => {
    release = r;
  });
  const cache = new ReverseCache(
    async a => {
      calls.push(a);
      await gate;
      if (a === '10.0.0.9') throw new Error('no name');
      return `name-of-${a}`;
    },
    1000,
    2,
    () => now,
  );
  assert.deepEqual(cache.get('127.0.0.1'), { state: 'pending' });
  assert.deepEqual(cache.get('127.0.0.1'), { state: 'pending' });
  assert.deepEqual(cache.get('10.0.0.9'), { state: 'pending' });
  release();
  await gate;
  await new Promise<void>(r => setImmediate(r));
  assert.deepEqual(cache.get('127.0.0.1'), { state: 'done', name: 'name-of-127.0.0.1' });
  assert.deepEqual(cache.get('10.0.0.9'), { state: 'failed', reason: 'no name' });
  assert.deepEqual(calls, ['127.0.0.1', '10.0.0.9']);
  now = 2000;
  assert.deepEqual(cache.get('127.0.0.1'), { state: 'pending' });
  cache.get('::1');
  cache.get('::2');
  assert.equal(cache.size, 2);
});
