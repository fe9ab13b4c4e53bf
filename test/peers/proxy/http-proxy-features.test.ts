import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { dnsQuery, parseProxyUrl, zoneTransfer } from '../../../src/core';
import type { ProxyConfig } from '../../../src/core';
import { connectionDoctor } from '../../../src/core/doctor/doctor';
import { sendHttp } from '../../../src/core/http/client';
import { scanPorts } from '../../../src/core/scan/scan';
import { openSession } from '../../../src/core/session/session';
import { execFileSync } from 'child_process';
import { curlCommand } from '../../../src/ui/commands/http-copy';
import { json, runCli } from '../../helpers/cli';
import { startNodeConnectProxy, startTinyproxy } from '../../helpers/http-proxies';
import type { HttpProxyPeer } from '../../helpers/http-proxies';
import { startKnot } from '../../helpers/knot';
import type { KnotServer } from '../../helpers/knot';
import { startNginx } from '../../helpers/nginx';
import type { NginxPeer } from '../../helpers/nginx';
import { closedPort, listeningServer } from '../../helpers/tcp-peers';

let nginx: NginxPeer;
let knot: KnotServer;
let tiny: HttpProxyPeer;
let tinyAuth: HttpProxyPeer;
let forbidden: { port: number; close: () => Promise<void> };
let closed: number;
let proxy: ProxyConfig;
const PASS = 'Sekr1t-pw';

before(async () => {
  [nginx, knot, forbidden, closed] = await Promise.all([startNginx(), startKnot(), listeningServer('127.0.0.1'), closedPort()]);
  const ports = [nginx.httpPort, nginx.httpsPort, knot.port, closed];
  [tiny, tinyAuth] = await Promise.all([startTinyproxy({ connectPorts: ports }), startTinyproxy({ connectPorts: ports, auth: { user: 'carol', pass: PASS } })]);
  proxy = parseProxyUrl(`http://127.0.0.1:${tiny.port}`);
});

after(async () => {
  await Promise.all([tiny.close(), tinyAuth.close(), forbidden.close(), knot.close(), nginx.stop()]);
});

void test('HTTP through an HTTP proxy uses CONNECT too: the origin gets the request byte for byte (origin-form), HTTPS end to end', async () => {
  const r = await sendHttp('GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: { host: 'localhost', port: nginx.httpPort, tls: false }, proxy });
  assert.equal(r.final.response?.body.data?.toString(), 'GET /echo localhost\n');
  assert.equal(r.final.connection.via, `http://127.0.0.1:${tiny.port}`);
  assert.equal(r.final.connection.remotePort, tiny.port);
  assert.match(tiny.log(), new RegExp(`CONNECT localhost:${nginx.httpPort} HTTP/1\\.1`));
  const s = await sendHttp('GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n', {
    target: { host: 'localhost', port: nginx.httpsPort, tls: true },
    tls: { caFile: nginx.pki.caFile },
    proxy,
  });
  assert.equal(s.final.response?.statusCode, 200);
  assert.equal(s.final.connection.tls?.authorized, true);
});

void test('Copy as curl names the HTTP proxy with --proxytunnel, and curl gets the same answer through tinyproxy', async () => {
  const r = await sendHttp('GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: { host: 'localhost', port: nginx.httpPort, tls: false }, proxy });
  const cmd = curlCommand(r.final, { proxy });
  assert.ok(cmd.includes(` --proxy 'http://127.0.0.1:${tiny.port}' --proxytunnel `), cmd);
  assert.equal(execFileSync('bash', ['-c', `${cmd} -s 2>/dev/null`], { encoding: 'utf8' }), 'GET /echo localhost\n');
});

void test('a raw session and the doctor go through an HTTP proxy; the doctor says the proxy resolves the name', async () => {
  const session = await openSession('localhost', nginx.httpPort, { proxy });
  const chunks: Buffer[] = [];
  session.on('data', d => chunks.push(d));
  const peerDone = new Promise<void>(r =>
    session.on('state', st => {
      if (st === 'remote-half-closed') r();
    }),
  );
  await session.write('GET /echo HTTP/1.1\r\nHost: viahttpproxy\r\nConnection: close\r\n\r\n');
  await peerDone;
  await session.close();
  assert.match(Buffer.concat(chunks).toString(), /GET \/echo viahttpproxy/);
  assert.equal(session.info.via, `http://127.0.0.1:${tiny.port}`);
  const d = await connectionDoctor(`https://localhost:${nginx.httpsPort}/echo`, { proxy, tlsOptions: { caFile: nginx.pki.caFile } });
  assert.equal(d.verdict, 'ok', d.summary);
  assert.match(d.steps[0]?.summary ?? '', /The proxy 127\.0\.0\.1:\d+ resolves "localhost"/);
  const denied = await connectionDoctor(`http://127.0.0.1:${forbidden.port}/`, { proxy });
  assert.equal(denied.steps.find(s => s.name === 'connect')?.status, 'failed');
  assert.match(denied.summary + JSON.stringify(denied.steps), /403 Access violation/);
});

void test('DNS over TCP and AXFR through an HTTP proxy (knot behind tinyproxy)', async () => {
  const r = await dnsQuery('example.test', { type: 'MX', server: knot.server4, proxy, timeout: 5000 });
  assert.equal(r.transport, 'tcp');
  assert.equal(r.answers.length, 2);
  const x = await zoneTransfer('example.test', { server: knot.server4, proxy, timeout: 5000 });
  assert.ok(x.recordCount >= 30);
});

void test('scan through an HTTP proxy: open, closed (500 from the proxy), and a port its ACL forbids is an error (HTTP 403)', async () => {
  const r = await scanPorts('127.0.0.1', { proxy, ports: `${nginx.httpPort},${closed},${forbidden.port}`, includeClosed: true });
  assert.deepEqual(r.open, [nginx.httpPort]);
  assert.equal(r.ports.find(p => p.port === closed)?.state, 'closed');
  const denied = r.ports.find(p => p.port === forbidden.port);
  assert.equal(denied?.state, 'error');
  assert.equal(denied?.errno, 'HTTP 403');
});

void test('CLI: --proxy http://… for port, diagnose, proxy-test, nc, dns; a 407 is exit 1 naming the status; NETPROBE_PROXY_PASSWORD fills the password', async () => {
  const plain = `http://127.0.0.1:${tiny.port}`;
  const port = await runCli(['port', 'localhost', String(nginx.httpPort), '--proxy', plain, '--json']);
  assert.equal(port.code, 0, port.stderr);
  assert.equal(json(port).outcome, 'open');
  const refused = await runCli(['port', '127.0.0.1', String(closed), '--proxy', plain]);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout + refused.stderr, /500 Unable to connect/);

  const noAuth = await runCli(['port', '127.0.0.1', String(nginx.httpPort), '--proxy', `http://127.0.0.1:${tinyAuth.port}`]);
  assert.equal(noAuth.code, 1);
  assert.match(noAuth.stdout + noAuth.stderr, /407 Proxy Authentication Required/);
  const diag = await runCli(['diagnose', '127.0.0.1', String(nginx.httpPort), '--proxy', `http://127.0.0.1:${tinyAuth.port}`, '--json']);
  assert.equal(diag.code, 1);
  assert.equal((json(diag).proxy as { failure: { stage: string; reply: number } }).failure.stage, 'auth');
  const test407 = await runCli(['proxy-test', `http://127.0.0.1:${tinyAuth.port}`, `127.0.0.1:${nginx.httpPort}`]);
  assert.equal(test407.code, 1);
  assert.match(test407.stdout, /Failed at auth .*"HTTP\/1\.0 407 Proxy Authentication Required"/);
  const ok = await runCli(['proxy-test', `http://carol@127.0.0.1:${tinyAuth.port}`, `localhost:${nginx.httpPort}`, '--json'], {
    env: { NETPROBE_PROXY_PASSWORD: PASS },
  });
  assert.equal(ok.code, 0, ok.stdout);
  assert.equal(json(ok).proxy, `http://carol:****@127.0.0.1:${tinyAuth.port}`);
  assert.ok(!(ok.stdout + ok.stderr).includes(PASS));

  // nc half-closes at stdin EOF; tinyproxy tears the whole tunnel down then, so nc goes through a proxy that keeps half-closed tunnels open.
  const halfClosing = await startNodeConnectProxy();
  try {
    const nc = await runCli(['nc', 'localhost', String(nginx.httpPort), '--proxy', `http://127.0.0.1:${halfClosing.port}`], {
      input: 'GET /echo HTTP/1.0\r\nHost: nc-through\r\n\r\n',
    });
    assert.equal(nc.code, 0, nc.stderr);
    assert.match(nc.stdout, /GET \/echo nc-through/);
  } finally {
    await halfClosing.close();
  }
  const dns = await runCli(['dns', 'example.test', 'MX', '--server', knot.server4, '--proxy', plain, '--short']);
  assert.equal(dns.code, 0, dns.stderr);
  assert.equal(dns.stdout.trim().split('\n').length, 2);
  const http = await runCli(['http', `http://localhost:${nginx.httpPort}/echo`, '--proxy', `http://carol@127.0.0.1:${tinyAuth.port}`], {
    env: { NETPROBE_PROXY_PASSWORD: PASS },
  });
  assert.equal(http.code, 0, http.stderr);
  assert.match(http.stdout, /GET \/echo localhost/);
  const http407 = await runCli(['http', `http://localhost:${nginx.httpPort}/echo`, '--proxy', `http://carol:wrong@127.0.0.1:${tinyAuth.port}`]);
  assert.equal(http407.code, 1);
  assert.match(http407.stderr, /401 Unauthorized.*rejected the user name or password/);
  assert.ok(!http407.stderr.includes('wrong'));
});
