import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type * as net from 'net';
import { dial, parseProxyUrl, ProxyError } from '../../../src/core';
import { MAX_CONNECT_RESPONSE_HEAD } from '../../../src/core/proxy/http-connect';
import { runCli } from '../../helpers/cli';
import { startHostileProxy } from '../../helpers/http-proxies';

async function withProxy(answer: (s: net.Socket) => void, run: (url: string) => Promise<void>): Promise<void> {
  const p = await startHostileProxy(answer);
  try {
    await run(`http://127.0.0.1:${p.port}`);
  } finally {
    await p.close();
  }
}

function failsAt(stage: string, code: string, pattern: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof ProxyError, String(e));
    assert.equal(e.stage, stage, e.message);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(e.message, /[\x00-\x08\x0b-\x1f\x7f]/, 'raw control characters in the message');
    return true;
  };
}

void test('endless header: stops reading at the bound, fails fast (not at the deadline), says so', () =>
  withProxy(
    s => {
      s.write('HTTP/1.1 200 Connection established\r\n');
      const line = `X-Filler: ${'a'.repeat(1000)}\r\n`;
      const pump = (): void => {
        while (!s.destroyed && s.write(line)) {
          /* fill */
        }
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    },
    async url => {
      const t0 = Date.now();
      await assert.rejects(
        dial('127.0.0.1', 9, { proxy: parseProxyUrl(url), timeout: 8000 }),
        failsAt('request', 'proxy', new RegExp(`more than ${MAX_CONNECT_RESPONSE_HEAD / 1024} KiB of response head .*"HTTP/1\\.1 200 Connection established"`)),
      );
      assert.ok(Date.now() - t0 < 4000, 'should not wait for the deadline');
    },
  ));

void test('binary garbage: not an HTTP proxy, first bytes escaped; a SOCKS reply gets the hint', async () => {
  await withProxy(
    s => s.end(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x1b, 0x9b, 0x32, 0x4a])),
    async url => {
      await assert.rejects(
        dial('127.0.0.1', 9, { proxy: parseProxyUrl(url), timeout: 3000 }),
        failsAt('request', 'proxy', /not an HTTP proxy: its answer to CONNECT starts with "\\x16\\x03\\x01\\x00\\x1b\\x9b2J"/),
      );
    },
  );
  await withProxy(
    s => s.end(Buffer.from([0x05, 0xff])),
    async url => {
      await assert.rejects(dial('127.0.0.1', 9, { proxy: parseProxyUrl(url), timeout: 3000 }), failsAt('request', 'proxy', /looks like a SOCKS proxy/));
    },
  );
});

void test('a status line with control characters is quoted escaped, in core errors and on the CLI', () =>
  withProxy(
    s => {
      s.end('HTTP/1.1 403 \x1b[2J\x1b]0;pwned\x07Forbidden\r\u009b\r\nContent-Length: 0\r\n\r\n', 'latin1');
    },
    async url => {
      await assert.rejects(dial('127.0.0.1', 9, { proxy: parseProxyUrl(url), timeout: 3000 }), (e: unknown) => {
        failsAt('request', 'proxy', /"HTTP\/1\.1 403 \\x1b\[2J\\x1b\]0;pwned\\x07Forbidden\\r\\x9b"/)(e);
        assert.equal((e as ProxyError).reply, 403);
        return true;
      });
      const r = await runCli(['port', '127.0.0.1', '9', '--proxy', url]);
      assert.equal(r.code, 1);
      assert.match(r.stdout + r.stderr, /403 \\x1b\[2J/);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(r.stdout + r.stderr, /[\x1b\x07\x9b]|\u009b/);
    },
  ));

void test('a malformed status line, a close before the blank line, silence until the deadline', async () => {
  await withProxy(
    s => s.end('HTTP/1.1 OK\r\n\r\n'),
    async url => {
      await assert.rejects(
        dial('127.0.0.1', 9, { proxy: parseProxyUrl(url), timeout: 3000 }),
        failsAt('request', 'proxy', /malformed status line "HTTP\/1\.1 OK"/),
      );
    },
  );
  await withProxy(
    s => s.end('HTTP/1.1 200 Connection established\r\nVia: x\r\n'),
    async url => {
      await assert.rejects(
        dial('127.0.0.1', 9, { proxy: parseProxyUrl(url), timeout: 3000 }),
        failsAt('request', 'proxy', /closed the connection before answering CONNECT .*partial answer starts "HTTP\/1\.1 200/),
      );
    },
  );
  await withProxy(
    () => undefined,
    async url => {
      const t0 = Date.now();
      await assert.rejects(
        dial('127.0.0.1', 9, { proxy: parseProxyUrl(url), timeout: 400 }),
        failsAt('request', 'timeout', /did not answer CONNECT 127\.0\.0\.1:9 in time/),
      );
      assert.ok(Date.now() - t0 < 2000);
    },
  );
});

void test('bytes the target sends right after the 200 reach the caller; a bare-LF head is accepted', async () => {
  for (const head of ['HTTP/1.1 200 Connection established\r\nProxy-Agent: x\r\n\r\n', 'HTTP/1.0 200 OK\n\n']) {
    await withProxy(
      s => s.write(`${head}SSH-2.0-banner\r\n`),
      async url => {
        const d = await dial('127.0.0.1', 22, { proxy: parseProxyUrl(url), timeout: 3000 });
        const first = await new Promise<string>(resolve => d.socket.once('data', (b: Buffer) => resolve(b.toString())));
        d.socket.destroy();
        assert.equal(first, 'SSH-2.0-banner\r\n');
      },
    );
  }
});

void test('407 offering only NTLM/Negotiate says Basic is what NetProbe speaks; 502 with Proxy-Status names the refusal', async () => {
  await withProxy(
    s => s.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM\r\nProxy-Authenticate: Negotiate\r\n\r\n'),
    async url => {
      await assert.rejects(
        dial('127.0.0.1', 9, { proxy: parseProxyUrl(url), timeout: 3000 }),
        failsAt('auth', 'proxy', /offers NTLM, Negotiate only; NetProbe speaks Basic/),
      );
    },
  );
  await withProxy(
    s => s.end('HTTP/1.1 502 Bad Gateway\r\nProxy-Status: edge; error=connection_timeout\r\n\r\n'),
    async url => {
      await assert.rejects(
        dial('127.0.0.1', 9, { proxy: parseProxyUrl(url), timeout: 3000 }),
        failsAt('request', 'timeout', /timed out \("connection_timeout"\)/),
      );
    },
  );
  await withProxy(
    s => s.end('HTTP/1.1 503 Service Unavailable\r\nX-Squid-Error: ERR_CONNECT_FAIL 111\r\n\r\n'),
    async url => {
      await assert.rejects(
        dial('127.0.0.1', 9, { proxy: parseProxyUrl(url), timeout: 3000 }),
        failsAt('request', 'refused', /connection refused by the target/),
      );
    },
  );
});
