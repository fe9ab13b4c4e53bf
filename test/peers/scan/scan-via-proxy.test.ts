import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { NetProbeError, parseProxyUrl, ProxyError } from '../../../src/core';
import { scanPorts } from '../../../src/core/scan/scan';
import { scanViaProxy } from '../../../src/core/scan/scan-via-proxy';
import { json, runCli } from '../../helpers/cli';
import { closedPort, listeningServer } from '../../helpers/tcp-peers';
import { startMicrosocks } from '../../helpers/socks-peers';
import type { SocksPeer } from '../../helpers/socks-peers';
import { startFakeSocks } from '../proxy/fake-socks';

let socks: SocksPeer;
let a: { port: number; close: () => Promise<void> };
let b: { port: number; close: () => Promise<void> };
let closed: number;

before(async () => {
  [socks, a, b, closed] = await Promise.all([startMicrosocks(), listeningServer('127.0.0.1'), listeningServer('127.0.0.1'), closedPort()]);
});
after(async () => {
  await Promise.all([socks.close(), a.close(), b.close()]);
});

void test('scanPorts with a proxy scans through it: open and closed ports as the proxy sees them; the proxy resolves the name', async () => {
  const proxy = parseProxyUrl(`socks5h://127.0.0.1:${socks.port}`);
  const seen: number[] = [];
  const r = await scanPorts('localhost', { proxy, ports: `${a.port},${closed},${b.port}`, includeClosed: true, onResult: p => seen.push(p.port) });
  assert.deepEqual(
    r.open,
    [a.port, b.port].sort((x, y) => x - y),
  );
  assert.equal(r.counts.closed, 1);
  assert.equal(r.ports.find(p => p.port === closed)?.state, 'closed');
  assert.equal(r.resolvedBy, 'proxy');
  assert.equal(r.via, `socks5h://127.0.0.1:${socks.port}`);
  assert.deepEqual(r.targets, [{ address: 'localhost', family: 4 }]);
  assert.equal(seen.length, 3);
});

void test('scanViaProxy: a proxy that is down stops the scan with the proxy error', async () => {
  const proxy = parseProxyUrl(`socks5://127.0.0.1:${closed}`);
  await assert.rejects(
    scanViaProxy('127.0.0.1', proxy, { ports: `${a.port},${b.port}` }),
    (e: unknown) => e instanceof ProxyError && e.stage === 'proxy-connect',
  );
});

void test('scanViaProxy: cancel stops a scan through a silent proxy', async () => {
  const silent = await startFakeSocks('silent');
  try {
    const ac = new AbortController();
    const p = scanViaProxy('127.0.0.1', parseProxyUrl(`socks5://127.0.0.1:${silent.port}`), { ports: '1-50', signal: ac.signal, portTimeout: 10_000 });
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(p, (e: unknown) => e instanceof NetProbeError && e.code === 'aborted');
  } finally {
    await silent.close();
  }
});

void test('netprobe scan --proxy: JSON lists the open ports and the route', async () => {
  const r = await runCli(['scan', '127.0.0.1', '--ports', `${a.port},${closed}`, '--proxy', `socks5://127.0.0.1:${socks.port}`, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const body = json<{ open: number[]; via: string }>(r);
  assert.deepEqual(body.open, [a.port]);
  assert.equal(body.via, `socks5://127.0.0.1:${socks.port}`);
  const text = await runCli(['scan', '127.0.0.1', '--ports', String(a.port), '--proxy', `socks5://127.0.0.1:${socks.port}`]);
  assert.match(text.stdout, new RegExp(`through socks5://127\\.0\\.0\\.1:${socks.port}`));
});
