import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkPort, diagnose, dial, environmentProxy, parseProxyUrl, ProxyError, testProxy } from '../../../src/core';
import type { ProxyConfig } from '../../../src/core';
import { json, runCli } from '../../helpers/cli';
import { startNodeConnectProxy, startTinyproxy } from '../../helpers/http-proxies';
import type { HttpProxyPeer } from '../../helpers/http-proxies';
import { startMicrosocks } from '../../helpers/socks-peers';
import type { SocksPeer } from '../../helpers/socks-peers';
import { closedPort, listeningServer } from '../../helpers/tcp-peers';
import type { Target } from './targets';
import { httpGet, makeCert, startHttp, startHttps, tlsOver } from './targets';

let tiny: HttpProxyPeer;
let tinyAuth: HttpProxyPeer;
let tlsProxy: HttpProxyPeer;
let tlsProxyAuth: HttpProxyPeer;
let socks: SocksPeer;
let web: Target;
let secure: Target;
let forbidden: { port: number; close: () => Promise<void> };
let closed: number;
let creds: { key: string; cert: string };
let proxyCreds: { key: string; cert: string };
const PASS = 'pa55-w0rd';

before(async () => {
  creds = makeCert(['localhost'], ['127.0.0.1', '::1']);
  proxyCreds = makeCert(['localhost'], ['127.0.0.1']);
  [web, secure, forbidden, closed, socks] = await Promise.all([
    startHttp('127.0.0.1', 'plain'),
    startHttps('127.0.0.1', 'secure', creds),
    listeningServer('127.0.0.1'),
    closedPort(),
    startMicrosocks(),
  ]);
  const ports = [web.port, secure.port, closed, socks.port];
  [tiny, tinyAuth, tlsProxy, tlsProxyAuth] = await Promise.all([
    startTinyproxy({ connectPorts: ports }),
    startTinyproxy({ connectPorts: ports, auth: { user: 'alice', pass: PASS } }),
    startNodeConnectProxy({ tls: proxyCreds }),
    startNodeConnectProxy({ tls: proxyCreds, auth: { user: 'bob', pass: PASS } }),
  ]);
});

after(async () => {
  await Promise.all([tiny, tinyAuth, tlsProxy, tlsProxyAuth, socks, web, secure, forbidden].map(p => p.close()));
});

function proxyError(stage: string, code: string, status?: number): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof ProxyError, `expected ProxyError, got ${String(e)}`);
    assert.equal(e.stage, stage, e.message);
    assert.equal(e.code, code, e.message);
    if (status !== undefined) assert.equal(e.reply, status, e.message);
    assert.ok(!e.message.includes(PASS), e.message);
    return true;
  };
}

async function get(proxy: ProxyConfig, host = '127.0.0.1'): Promise<{ body: string; stages: string[]; resolvedBy?: string; via: string }> {
  const d = await dial(host, web.port, { proxy, timeout: 5000 });
  return {
    body: await httpGet(d.socket, host),
    stages: d.proxy?.stages.map(s => `${s.stage}@${s.hop}`) ?? [],
    via: d.via,
    ...(d.proxy ? { resolvedBy: d.proxy.resolvedBy } : {}),
  };
}

void test('tinyproxy: HTTP and HTTPS through CONNECT; the proxy resolves names; the status line is a stage detail', async () => {
  const proxy = parseProxyUrl(`http://127.0.0.1:${tiny.port}`);
  const r = await get(proxy, 'localhost');
  assert.equal(r.body, `plain localhost`);
  assert.equal(r.resolvedBy, 'proxy');
  assert.deepEqual(r.stages, ['proxy-connect@0', 'request@0']);
  const d = await dial('127.0.0.1', web.port, { proxy, timeout: 5000 });
  assert.match(d.proxy?.stages.at(-1)?.detail ?? '', /^HTTP\/1\.0 200 Connection established$/);
  d.socket.destroy();
  const s = await dial('localhost', secure.port, { proxy, timeout: 5000 });
  assert.equal(await httpGet(await tlsOver(s.socket, 'localhost', creds.cert), 'localhost'), 'secure localhost');
  assert.match(tiny.log(), new RegExp(`Request \\(file descriptor \\d+\\): CONNECT localhost:${secure.port} HTTP/1\\.1`));
});

void test('tinyproxy ACL: a port outside ConnectPort is 403 at the request stage, quoting the status line', async () => {
  const proxy = parseProxyUrl(`http://127.0.0.1:${tiny.port}`);
  await assert.rejects(dial('127.0.0.1', forbidden.port, { proxy, timeout: 5000 }), (e: unknown) => {
    proxyError('request', 'proxy', 403)(e);
    assert.ok(e instanceof ProxyError);
    assert.equal(e.statusLine, '"HTTP/1.1 403 Access violation"');
    assert.match(e.message, /"HTTP\/1\.1 403 Access violation"/);
    assert.match(e.message, /forbid/);
    return true;
  });
});

void test('tinyproxy: nothing listening behind the proxy is "refused" (500 Unable to connect)', async () => {
  const proxy = parseProxyUrl(`http://127.0.0.1:${tiny.port}`);
  await assert.rejects(dial('127.0.0.1', closed, { proxy, timeout: 5000 }), proxyError('request', 'refused', 500));
  const port = await checkPort('127.0.0.1', closed, { proxy, timeout: 5000 });
  assert.equal(port.outcome, 'refused');
  assert.match(port.message, /500 Unable to connect/);
  const open = await checkPort('localhost', web.port, { proxy, timeout: 5000 });
  assert.equal(open.outcome, 'open');
  assert.match(open.message, /the proxy resolved the name/);
});

void test("tinyproxy BasicAuth: 407 without credentials, 401 (tinyproxy's answer) with a wrong password, through with the right one", async () => {
  const at = (auth: string): ProxyConfig => parseProxyUrl(`http://${auth}127.0.0.1:${tinyAuth.port}`);
  await assert.rejects(dial('127.0.0.1', web.port, { proxy: at(''), timeout: 5000 }), (e: unknown) => {
    proxyError('auth', 'proxy', 407)(e);
    assert.match(String((e as Error).message), /407 Proxy Authentication Required.*requires authentication/);
    return true;
  });
  await assert.rejects(dial('127.0.0.1', web.port, { proxy: at('alice:nope@'), timeout: 5000 }), (e: unknown) => {
    proxyError('auth', 'proxy', 401)(e);
    assert.match(String((e as Error).message), /rejected the user name or password/);
    return true;
  });
  const ok = await get(at(`alice:${PASS}@`));
  assert.equal(ok.body, 'plain 127.0.0.1');
  assert.equal(ok.via, `http://alice:****@127.0.0.1:${tinyAuth.port}`);
  const withEnvPassword = parseProxyUrl(`http://alice@127.0.0.1:${tinyAuth.port}`, { password: PASS });
  assert.equal((await get(withEnvPassword)).body, 'plain 127.0.0.1');
});

void test('diagnose and testProxy name the auth stage and quote the 407', async () => {
  const proxy = parseProxyUrl(`http://127.0.0.1:${tinyAuth.port}`);
  const d = await diagnose('127.0.0.1', web.port, { proxy, timeout: 5000 });
  assert.equal(d.category, 'proxy');
  assert.equal(d.proxy?.failure?.stage, 'auth');
  assert.equal(d.proxy?.failure?.reply, 407);
  assert.equal(d.proxy?.failure?.statusLine, '"HTTP/1.0 407 Proxy Authentication Required"');
  assert.match(d.advice, /user name and password/);
  const t = await testProxy(parseProxyUrl(`http://alice:${PASS}@127.0.0.1:${tinyAuth.port}`), '127.0.0.1', web.port, { timeout: 5000 });
  assert.equal(t.ok, true);
  assert.deepEqual(
    t.stages.map(s => s.stage),
    ['proxy-connect', 'request'],
  );
  assert.match(t.stages[1]?.detail ?? '', /200 Connection established, Basic auth as alice/);
  assert.ok(!JSON.stringify(t).includes(PASS));
});

void test('chains mixing SOCKS and HTTP: socks5 → http and http → socks5h', async () => {
  const socksThenHttp = parseProxyUrl(`socks5://127.0.0.1:${socks.port},http://alice:${PASS}@127.0.0.1:${tinyAuth.port}`);
  const a = await get(socksThenHttp, 'localhost');
  assert.equal(a.body, 'plain localhost');
  assert.deepEqual(a.stages, ['proxy-connect@0', 'greeting@0', 'request@0', 'request@1']);
  assert.equal(a.resolvedBy, 'proxy');
  const httpThenSocks = parseProxyUrl(`http://127.0.0.1:${tiny.port},socks5h://127.0.0.1:${socks.port}`);
  const b = await get(httpThenSocks, 'localhost');
  assert.equal(b.body, 'plain localhost');
  assert.deepEqual(b.stages, ['proxy-connect@0', 'request@0', 'greeting@1', 'request@1']);
  // The failing hop is named: the second proxy's 407.
  const noAuth = parseProxyUrl(`socks5://127.0.0.1:${socks.port},http://127.0.0.1:${tinyAuth.port}`);
  await assert.rejects(dial('127.0.0.1', web.port, { proxy: noAuth, timeout: 5000 }), (e: unknown) => {
    proxyError('auth', 'proxy', 407)(e);
    assert.equal((e as ProxyError).hop, 1);
    assert.match((e as Error).message, /proxy 2 of 2 \(http:\/\/127\.0\.0\.1:\d+\)/);
    return true;
  });
});

void test('https:// proxy (TLS to the proxy): verified with its CA, refused without, insecure on request; TLS in TLS to an HTTPS target', async () => {
  const url = `https://127.0.0.1:${tlsProxy.port}`;
  const trusted = parseProxyUrl(url, { tls: { ca: proxyCreds.cert } });
  const r = await get(trusted);
  assert.equal(r.body, 'plain 127.0.0.1');
  assert.deepEqual(r.stages, ['proxy-connect@0', 'proxy-tls@0', 'request@0']);
  const d = await dial('localhost', secure.port, { proxy: trusted, timeout: 5000 });
  assert.match(d.proxy?.stages[1]?.detail ?? '', /^TLSv1\.[23] .*certificate verified$/);
  assert.equal(await httpGet(await tlsOver(d.socket, 'localhost', creds.cert), 'localhost'), 'secure localhost');
  await assert.rejects(dial('127.0.0.1', web.port, { proxy: parseProxyUrl(url), timeout: 5000 }), (e: unknown) => {
    proxyError('proxy-tls', 'tls')(e);
    assert.match((e as Error).message, /TLS with the proxy .* failed: .*(self-signed|not trusted|issuer)/i);
    return true;
  });
  const insecure = await get(parseProxyUrl(url, { tls: { insecure: true } }));
  assert.equal(insecure.body, 'plain 127.0.0.1');
  // TLS to a plain proxy: it waits for a request line (and may answer 400 when the ClientHello holds a line feed); both name the TLS stage.
  await assert.rejects(
    dial('127.0.0.1', web.port, { proxy: parseProxyUrl(`https://127.0.0.1:${tiny.port}`, { tls: { insecure: true } }), timeout: 500 }),
    (e: unknown) => {
      assert.ok(e instanceof ProxyError && e.stage === 'proxy-tls', String(e));
      assert.match(e.message, e.code === 'timeout' ? /write http:\/\// : /did not answer with TLS: the port probably speaks plain text/);
      return true;
    },
  );
});

void test('https:// proxy with Basic auth; the request carries Proxy-Authorization and the CONNECT authority only', async () => {
  const proxy = parseProxyUrl(`https://bob:${PASS}@127.0.0.1:${tlsProxyAuth.port}`, { tls: { ca: proxyCreds.cert } });
  assert.equal((await get(proxy, 'localhost')).body, 'plain localhost');
  const head = [
    `CONNECT localhost:${web.port} HTTP/1.1`,
    `Host: localhost:${web.port}`,
    `Proxy-Authorization: Basic ${Buffer.from(`bob:${PASS}`).toString('base64')}`,
  ].join('\r\n');
  assert.ok(tlsProxyAuth.log().endsWith(`\n${head}`) || tlsProxyAuth.log() === head, JSON.stringify(tlsProxyAuth.log()));
  await assert.rejects(
    dial('127.0.0.1', web.port, { proxy: parseProxyUrl(`https://bob@127.0.0.1:${tlsProxyAuth.port}`, { tls: { ca: proxyCreds.cert } }), timeout: 5000 }),
    proxyError('auth', 'proxy', 407),
  );
});

void test('an IPv6 literal target goes in brackets in CONNECT', async () => {
  const [v6, p] = await Promise.all([startHttp('::1', 'six'), startNodeConnectProxy()]);
  try {
    const d = await dial('::1', v6.port, { proxy: parseProxyUrl(`http://127.0.0.1:${p.port}`), timeout: 5000 });
    assert.equal(await httpGet(d.socket, '[::1]'), 'six [::1]');
    assert.match(p.log(), new RegExp(`^CONNECT \\[::1\\]:${v6.port} HTTP/1\\.1`));
  } finally {
    await Promise.all([v6.close(), p.close()]);
  }
});

void test('CLI: an https:// proxy with --proxy-cacert (or --proxy-insecure); untrusted without, at the proxy-tls stage', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-proxy-ca-'));
  try {
    const ca = path.join(dir, 'proxy-ca.pem');
    fs.writeFileSync(ca, proxyCreds.cert);
    const url = `https://127.0.0.1:${tlsProxy.port}`;
    const ok = await runCli(['proxy-test', url, `127.0.0.1:${web.port}`, '--proxy-cacert', ca, '--json']);
    assert.equal(ok.code, 0, ok.stdout);
    assert.deepEqual(
      (json(ok).stages as Array<{ stage: string }>).map(s => s.stage),
      ['proxy-connect', 'proxy-tls', 'request'],
    );
    const port = await runCli(['port', '127.0.0.1', String(web.port), '--proxy', url, '--proxy-insecure']);
    assert.equal(port.code, 0, port.stdout + port.stderr);
    const untrusted = await runCli(['proxy-test', url, `127.0.0.1:${web.port}`, '--json']);
    assert.equal(untrusted.code, 1);
    assert.equal((json(untrusted).failure as { stage: string }).stage, 'proxy-tls');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('a proxy from the environment: NO_PROXY targets go direct (via says which entry), the others through tinyproxy', async () => {
  const env = environmentProxy({ env: { HTTPS_PROXY: `127.0.0.1:${tiny.port}`, NO_PROXY: 'localhost' } });
  const proxy = env?.config;
  assert.ok(proxy);
  const direct = await dial('localhost', forbidden.port, { proxy, timeout: 5000 });
  direct.socket.destroy();
  assert.equal(direct.via, 'direct (NO_PROXY "localhost")');
  assert.equal(direct.proxy, undefined);
  const through = await get(proxy, '127.0.0.1');
  assert.equal(through.via, `http://127.0.0.1:${tiny.port}`);
  assert.equal((await checkPort('localhost', forbidden.port, { proxy, timeout: 5000 })).via, undefined);
  assert.equal((await checkPort('127.0.0.1', forbidden.port, { proxy, timeout: 5000 })).outcome, 'error');
});
