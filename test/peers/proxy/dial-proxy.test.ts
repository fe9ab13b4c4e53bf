import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { dial, NetProbeError, parseProxyUrl, ProxyError } from '../../../src/core';
import type { ProxyConfig } from '../../../src/core';
import { closedPort } from '../../helpers/tcp-peers';
import { startDante, startMicrosocks } from '../../helpers/socks-peers';
import type { SocksPeer } from '../../helpers/socks-peers';
import { startFakeSocks } from './fake-socks';
import type { FakeSocks } from './fake-socks';
import type { Target } from './targets';
import { httpGet, makeCert, startHttp, startHttps, tlsOver } from './targets';

let open: SocksPeer;
let authed: SocksPeer;
let dante: SocksPeer;
let open6: SocksPeer;
let socks4a: FakeSocks;
let web: Target;
let web6: Target;
let secure: Target;
let creds: { key: string; cert: string };

before(async () => {
  creds = makeCert(['localhost', 'only-the-proxy.netprobe.test'], ['127.0.0.1', '::1']);
  [open, authed, dante, open6, web, web6, secure] = await Promise.all([
    startMicrosocks(),
    startMicrosocks({ user: 'alice', pass: 's3cr:et@x' }),
    startDante({ blocked: '127.0.0.99' }),
    startMicrosocks({ host: '::1' }),
    startHttp('127.0.0.1', 'plain'),
    startHttp('::1', 'plain6'),
    startHttps('127.0.0.1', 'secure', creds),
  ]);
  socks4a = await startFakeSocks('socks4a', { 'only-the-proxy.netprobe.test': '127.0.0.1' });
});

after(async () => {
  await Promise.all([open, authed, dante, open6, socks4a, web, web6, secure].map(p => p.close()));
});

const url = (scheme: string, peer: { port: number }, auth = '', host = '127.0.0.1'): ProxyConfig =>
  parseProxyUrl(`${scheme}://${auth}${host.includes(':') ? `[${host}]` : host}:${peer.port}`);

async function viaHttp(proxy: ProxyConfig, host: string): Promise<{ body: string; resolvedBy?: string; stages: string[] }> {
  const d = await dial(host, web.port, { proxy, timeout: 3000 });
  return { body: await httpGet(d.socket, host), resolvedBy: d.proxy?.resolvedBy, stages: d.proxy?.stages.map(s => s.stage) ?? [] };
}

async function viaHttps(proxy: ProxyConfig, host: string): Promise<string> {
  const d = await dial(host, secure.port, { proxy, timeout: 3000 });
  const t = await tlsOver(d.socket, host, creds.cert);
  return httpGet(t, host);
}

function proxyError(stage: string, code: string, reply?: number): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof ProxyError, `expected ProxyError, got ${String(e)}`);
    assert.equal(e.stage, stage, e.message);
    assert.equal(e.code, code, e.message);
    if (reply !== undefined) assert.equal(e.reply, reply, e.message);
    return true;
  };
}

void test('socks5 (microsocks): HTTP and HTTPS (SNI = target name) through the proxy', async () => {
  const r = await viaHttp(url('socks5', open), '127.0.0.1');
  assert.equal(r.body, 'plain 127.0.0.1');
  assert.equal(r.resolvedBy, 'none');
  assert.deepEqual(r.stages, ['proxy-connect', 'greeting', 'request']);
  assert.equal(await viaHttps(url('socks5', open), 'localhost'), 'secure localhost');
});

void test('socks5 resolves on the client, socks5h lets the proxy resolve', async () => {
  const local = await viaHttp(url('socks5', open), 'localhost');
  assert.equal(local.resolvedBy, 'client');
  assert.deepEqual(local.stages, ['resolve', 'proxy-connect', 'greeting', 'request']);
  const d = await dial('localhost', web.port, { proxy: url('socks5h', open), timeout: 3000 });
  assert.equal(d.proxy?.resolvedBy, 'proxy');
  assert.deepEqual(d.proxy?.requested, { host: 'localhost', port: web.port });
  assert.equal(d.dnsMs, 0);
  assert.equal(d.via, `socks5h://127.0.0.1:${open.port}`);
  assert.equal(await httpGet(d.socket, 'localhost'), 'plain localhost');
  assert.equal(await viaHttps(url('socks5h', open), 'localhost'), 'secure localhost');
});

void test('socks5 with username/password (microsocks -u/-P), password redacted in via', async () => {
  const proxy = url('socks5h', authed, 'alice:s3cr%3Aet%40x@');
  assert.equal(proxy.password, 's3cr:et@x');
  const d = await dial('127.0.0.1', web.port, { proxy, timeout: 3000 });
  assert.deepEqual(
    d.proxy?.stages.map(s => s.stage),
    ['proxy-connect', 'greeting', 'auth', 'request'],
  );
  assert.equal(d.via, `socks5h://alice:****@127.0.0.1:${authed.port}`);
  assert.ok(!JSON.stringify({ ...d, socket: undefined }).includes('s3cr'));
  assert.equal(await httpGet(d.socket, 'x'), 'plain x');
  assert.equal(await viaHttps(proxy, 'localhost'), 'secure localhost');
});

void test('wrong password is rejected at the auth stage; missing credentials at the greeting', async () => {
  await assert.rejects(dial('127.0.0.1', web.port, { proxy: url('socks5', authed, 'alice:wrong@'), timeout: 3000 }), (e: unknown) => {
    proxyError('auth', 'proxy')(e);
    assert.match((e as Error).message, /rejected the user name or password/);
    assert.ok(!(e as Error).message.includes('wrong'));
    return true;
  });
  await assert.rejects(dial('127.0.0.1', web.port, { proxy: url('socks5', authed), timeout: 3000 }), (e: unknown) => {
    proxyError('greeting', 'proxy', 0xff)(e);
    assert.match((e as Error).message, /requires authentication/);
    return true;
  });
});

void test('socks4 and socks5 through dante reach HTTP and HTTPS', async () => {
  for (const scheme of ['socks4', 'socks5', 'socks5h']) {
    const r = await viaHttp(url(scheme, dante), '127.0.0.1');
    assert.equal(r.body, 'plain 127.0.0.1', scheme);
    assert.equal(await viaHttps(url(scheme, dante), 'localhost'), 'secure localhost', scheme);
  }
  const s4 = await viaHttp(url('socks4', dante), 'localhost');
  assert.equal(s4.resolvedBy, 'client');
  assert.deepEqual(s4.stages, ['resolve', 'proxy-connect', 'request']);
});

void test('socks4a: the proxy resolves a name only it knows', async () => {
  const proxy = url('socks4a', socks4a);
  const d = await dial('only-the-proxy.netprobe.test', web.port, { proxy, timeout: 3000 });
  assert.equal(d.proxy?.resolvedBy, 'proxy');
  assert.equal(await httpGet(d.socket, 'only-the-proxy.netprobe.test'), 'plain only-the-proxy.netprobe.test');
  assert.ok(socks4a.requested.includes('only-the-proxy.netprobe.test'));
  assert.equal(await viaHttps(proxy, 'only-the-proxy.netprobe.test'), 'secure only-the-proxy.netprobe.test');
  await assert.rejects(dial('unknown.netprobe.test', web.port, { proxy, timeout: 3000 }), proxyError('request', 'refused', 91));
});

void test('target refused: SOCKS5 reply 5 and SOCKS4 reply 91 name the request stage', async () => {
  const port = await closedPort();
  await assert.rejects(dial('127.0.0.1', port, { proxy: url('socks5', dante), timeout: 3000 }), (e: unknown) => {
    proxyError('request', 'refused', 5)(e);
    assert.match((e as Error).message, /connection refused by the target/);
    return true;
  });
  await assert.rejects(dial('127.0.0.1', port, { proxy: url('socks4', dante), timeout: 3000 }), proxyError('request', 'refused', 91));
  await assert.rejects(dial('127.0.0.1', port, { proxy: url('socks5', open), timeout: 3000 }), proxyError('request', 'refused', 5));
});

void test('target not allowed by the proxy rules: SOCKS5 reply 2', async () => {
  await assert.rejects(dial('127.0.0.99', web.port, { proxy: url('socks5', dante), timeout: 3000 }), (e: unknown) => {
    proxyError('request', 'proxy', 2)(e);
    assert.match((e as Error).message, /not allowed/);
    return true;
  });
});

void test('proxy down: proxy-connect stage with ECONNREFUSED', async () => {
  const port = await closedPort();
  await assert.rejects(dial('127.0.0.1', web.port, { proxy: url('socks5h', { port }), timeout: 3000 }), (e: unknown) => {
    proxyError('proxy-connect', 'proxy')(e);
    assert.equal((e as NetProbeError).errno, 'ECONNREFUSED');
    assert.match((e as Error).message, /Cannot reach the proxy/);
    return true;
  });
});

void test('IPv6: target ::1 through SOCKS5, proxy on [::1]; SOCKS4 cannot carry IPv6', async () => {
  const d = await dial('::1', web6.port, { proxy: url('socks5', open), timeout: 3000 });
  assert.equal(await httpGet(d.socket, '[::1]'), 'plain6 [::1]');
  const d6 = await dial('127.0.0.1', web.port, { proxy: url('socks5', open6, '', '::1'), timeout: 3000 });
  assert.equal(d6.remoteAddress, '::1');
  assert.equal(d6.via, `socks5://[::1]:${open6.port}`);
  assert.equal(await httpGet(d6.socket, 'v6proxy'), 'plain v6proxy');
  await assert.rejects(
    dial('::1', web6.port, { proxy: url('socks4', dante), timeout: 3000 }),
    (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input' && /IPv4/.test(e.message),
  );
});

void test('chain: microsocks → dante → microsocks with auth → target', async () => {
  const chain = parseProxyUrl(`socks5://127.0.0.1:${open.port}, socks4://127.0.0.1:${dante.port}, socks5h://alice:s3cr%3Aet%40x@127.0.0.1:${authed.port}`);
  const d = await dial('localhost', secure.port, { proxy: chain, timeout: 3000 });
  assert.deepEqual(
    d.proxy?.stages.map(s => `${s.hop}:${s.stage}`),
    ['0:proxy-connect', '0:greeting', '0:request', '1:request', '2:greeting', '2:auth', '2:request'],
  );
  assert.equal(d.proxy?.resolvedBy, 'proxy');
  assert.equal(d.via, `socks5://127.0.0.1:${open.port},socks4://127.0.0.1:${dante.port},socks5h://alice:****@127.0.0.1:${authed.port}`);
  const t = await tlsOver(d.socket, 'localhost', creds.cert);
  assert.equal(await httpGet(t, 'localhost'), 'secure localhost');
  const down = await closedPort();
  const broken = parseProxyUrl(`socks5://127.0.0.1:${open.port},socks5://127.0.0.1:${down}`);
  await assert.rejects(dial('127.0.0.1', web.port, { proxy: broken, timeout: 3000 }), (e: unknown) => {
    proxyError('request', 'refused', 5)(e);
    assert.equal((e as ProxyError).hop, 0);
    return true;
  });
});

void test('cancel during the handshake rejects with aborted and closes the socket', async () => {
  const silent = await startFakeSocks('silent');
  try {
    const ac = new AbortController();
    const p = dial('127.0.0.1', 80, { proxy: url('socks5', silent), timeout: 5000, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(p, (e: unknown) => e instanceof NetProbeError && e.code === 'aborted');
  } finally {
    await silent.close();
  }
});
