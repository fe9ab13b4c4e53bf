import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { once } from 'events';
import { dial, parseProxyUrl, ProxyError, testProxy } from '../../../src/core';
import { startFakeSocks } from './fake-socks';
import type { FakeMode } from './fake-socks';

async function withFake<T>(mode: FakeMode, fn: (port: number) => Promise<T>): Promise<T> {
  const fake = await startFakeSocks(mode);
  try {
    return await fn(fake.port);
  } finally {
    await fake.close();
  }
}

function expectProxyError(stage: string, code: string, pattern: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof ProxyError, String(e));
    assert.equal(e.stage, stage, e.message);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  };
}

const cases: { mode: FakeMode; scheme: string; stage: string; code: string; pattern: RegExp }[] = [
  { mode: 'garbage', scheme: 'socks5', stage: 'greeting', code: 'proxy', pattern: /not a SOCKS5 proxy: .*48 54 54 50.*HTTP server or proxy/ },
  { mode: 'garbage', scheme: 'socks4', stage: 'request', code: 'proxy', pattern: /not a SOCKS4 proxy/ },
  { mode: 'close-immediately', scheme: 'socks5h', stage: 'greeting', code: 'proxy', pattern: /closed the connection during the SOCKS5 greeting/ },
  { mode: 'close-immediately', scheme: 'socks4a', stage: 'request', code: 'proxy', pattern: /closed the connection during the CONNECT request/ },
  {
    mode: 'close-after-greeting',
    scheme: 'socks5h',
    stage: 'request',
    code: 'proxy',
    pattern: /closed the connection during the CONNECT request to example\.test:443/,
  },
  { mode: 'half-reply', scheme: 'socks5', stage: 'request', code: 'proxy', pattern: /closed the connection/ },
  { mode: 'bad-atyp', scheme: 'socks5', stage: 'request', code: 'proxy', pattern: /unknown address type 9/ },
  { mode: 'pick-userpass', scheme: 'socks5', stage: 'greeting', code: 'proxy', pattern: /chose username\/password authentication, which was not offered/ },
];

for (const c of cases) {
  void test(`hostile proxy (${c.mode}, ${c.scheme}): typed error at ${c.stage}, no hang`, () =>
    withFake(c.mode, async port => {
      const proxy = parseProxyUrl(`${c.scheme}://127.0.0.1:${port}`);
      const host = c.scheme === 'socks5' || c.scheme === 'socks4' ? '127.0.0.1' : 'example.test';
      await assert.rejects(dial(host, 443, { proxy, timeout: 3000 }), expectProxyError(c.stage, c.code, c.pattern));
    }));
}

void test('silent proxy: times out at the greeting within the deadline', () =>
  withFake('silent', async port => {
    const started = performance.now();
    await assert.rejects(
      dial('example.test', 80, { proxy: parseProxyUrl(`socks5h://127.0.0.1:${port}`), timeout: 400 }),
      expectProxyError('greeting', 'timeout', /did not answer during the SOCKS5 greeting/),
    );
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 350 && elapsed < 5000, `elapsed ${elapsed}`);
  }));

void test('bytes the target sends with the SOCKS reply reach the caller', () =>
  withFake('grant-with-banner', async port => {
    const d = await dial('127.0.0.1', 9, { proxy: parseProxyUrl(`socks5://127.0.0.1:${port}`), timeout: 3000 });
    assert.deepEqual(d.proxy?.bound, { host: '127.0.0.1', port: 12345 });
    await new Promise<void>(r => setImmediate(r));
    const [chunk] = (await once(d.socket, 'data')) as [Buffer];
    assert.equal(chunk.toString(), 'BANNER from target\n');
    d.socket.destroy();
  }));

void test('IPv6 bound address in the reply is parsed', () =>
  withFake('ipv6-bound', async port => {
    const d = await dial('127.0.0.1', 9, { proxy: parseProxyUrl(`socks5://127.0.0.1:${port}`), timeout: 3000 });
    assert.deepEqual(d.proxy?.bound, { host: '::1', port: 8080 });
    d.socket.destroy();
  }));

void test('testProxy reports the completed stages and the failing one', () =>
  withFake('close-after-greeting', async port => {
    const r = await testProxy(parseProxyUrl(`socks5h://u:pw@127.0.0.1:${port}`), 'example.test', 443, { timeout: 2000 });
    assert.equal(r.ok, false);
    assert.equal(r.failure?.stage, 'request');
    assert.equal(r.proxy, `socks5h://u:****@127.0.0.1:${port}`);
    assert.equal(r.resolvedBy, 'proxy');
    assert.deepEqual(
      r.stages.map(s => s.stage),
      ['proxy-connect', 'greeting'],
    );
    assert.ok(!JSON.stringify(r).includes('pw'));
  }));
