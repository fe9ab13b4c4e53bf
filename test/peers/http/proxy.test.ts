import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { NginxPeer } from '../../helpers/nginx';
import { startNginx } from '../../helpers/nginx';
import type { SocksPeer } from '../../helpers/socks-peers';
import { startMicrosocks } from '../../helpers/socks-peers';
import { sendHttp } from '../../../src/core/http/client';
import { connectionDoctor } from '../../../src/core/doctor/doctor';
import { openSession } from '../../../src/core/session/session';
import type { ProxyConfig } from '../../../src/core/proxy/types';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../helpers/cli';
import { closedPort } from '../../helpers/tcp-peers';
import { curlCommand, pythonSocketCode } from '../../../src/ui/commands/http-copy';

let nginx: NginxPeer;
let socks: SocksPeer;
let proxy: ProxyConfig;
before(async () => {
  nginx = await startNginx();
  socks = await startMicrosocks();
  proxy = { protocol: 'socks5h', host: socks.host, port: socks.port };
});
after(async () => {
  await socks.close();
  await nginx.stop();
});

test('HTTP and HTTPS go through a SOCKS5 proxy (dial), TLS end to end', async () => {
  const r = await sendHttp('GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: { host: 'localhost', port: nginx.httpPort, tls: false }, proxy });
  assert.equal(r.final.response?.body.data?.toString(), 'GET /echo localhost\n');
  assert.match(r.final.connection.via, /socks5h/);
  assert.equal(r.final.connection.remotePort, socks.port);
  const s = await sendHttp('GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n', {
    target: { host: 'localhost', port: nginx.httpsPort, tls: true },
    tls: { caFile: nginx.pki.caFile },
    proxy,
  });
  assert.equal(s.final.response?.statusCode, 200);
  assert.equal(s.final.connection.tls?.authorized, true);
});

test('HTTP/2 goes through the SOCKS5 proxy too: h2 over TLS (ALPN end to end) and h2c', async () => {
  const h2 = await sendHttp('GET /proto HTTP/1.1\r\nHost: localhost\r\n\r\n', {
    target: { host: 'localhost', port: nginx.h2Port, tls: true },
    tls: { caFile: nginx.pki.caFile },
    proxy,
    http2: 'alpn',
  });
  assert.equal(h2.final.response?.body.data?.toString(), 'HTTP/2.0\n');
  assert.equal(h2.final.connection.negotiation?.alpn, 'h2');
  assert.match(h2.final.connection.via, /socks5h/);
  const h2c = await sendHttp('GET /proto HTTP/1.1\r\nHost: localhost\r\n\r\n', {
    target: { host: '127.0.0.1', port: nginx.h2cPort, tls: false },
    proxy,
    http2: 'prior-knowledge',
  });
  assert.equal(h2c.final.response?.httpVersion, '2');
  assert.ok(h2c.final.connection.http2?.frames.some(f => f.dir === 'in' && f.type === 'SETTINGS'));
});

test('a raw session and the doctor go through the proxy too', async () => {
  const session = await openSession('localhost', nginx.httpPort, { proxy });
  const chunks: Buffer[] = [];
  session.on('data', d => chunks.push(d));
  const peerDone = new Promise<void>(r =>
    session.on('state', st => {
      if (st === 'remote-half-closed') r();
    }),
  );
  await session.write('GET /echo HTTP/1.1\r\nHost: viaproxy\r\nConnection: close\r\n\r\n');
  await peerDone;
  const summary = await session.close();
  assert.equal(summary.firstClosedBy, 'remote');
  assert.match(Buffer.concat(chunks).toString(), /GET \/echo viaproxy/);
  assert.match(session.info.via, /socks5h/);
  const d = await connectionDoctor(`http://localhost:${nginx.httpPort}/echo`, { proxy });
  assert.equal(d.verdict, 'ok', d.summary);
  assert.equal(d.steps[0]?.status, 'skipped');
  assert.match(d.via, /socks5h/);
});

test('Copy as curl names the proxy (password as ****) and curl gets the same answer through it', async () => {
  const r = await sendHttp('GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n', { target: { host: 'localhost', port: nginx.httpPort, tls: false }, proxy });
  const cmd = curlCommand(r.final, { proxy });
  assert.ok(cmd.includes(` --proxy 'socks5h://${socks.host}:${socks.port}' `), cmd);
  assert.doesNotMatch(cmd, /--resolve/);
  assert.equal(execFileSync('bash', ['-c', `${cmd} -s 2>/dev/null`], { encoding: 'utf8' }), 'GET /echo localhost\n');
  const withPassword: ProxyConfig = { ...proxy, username: 'ann', password: 'pa55word' };
  const redacted = curlCommand(r.final, { proxy: withPassword });
  assert.ok(redacted.includes(`--proxy 'socks5h://ann:****@${socks.host}:${socks.port}'`), redacted);
  assert.doesNotMatch(redacted + pythonSocketCode(r.final, { proxy: withPassword }), /pa55word/);
  const chain = curlCommand(r.final, { proxy: { ...proxy, chain: [{ protocol: 'socks5', host: '127.0.0.1', port: 1081 }] } });
  assert.match(chain, /# NetProbe went through the proxy chain socks5h:\/\/.*,socks5:\/\/127\.0\.0\.1:1081; curl takes one proxy$/);
});

test('netprobe http --raw honours # @proxy: through the proxy it works; a proxy that is down fails the send (exit 1)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-plan-proxy-'));
  try {
    const file = (proxyUrl: string): string => {
      const f = path.join(dir, `${proxyUrl.replace(/\W/g, '_')}.rawhttp`);
      fs.writeFileSync(f, `# @proxy ${proxyUrl}\n# @target localhost:${nginx.httpPort}\nGET /echo HTTP/1.1\nHost: via-at-proxy\n`);
      return f;
    };
    const ok = await runCli(['http', '--raw', file(`socks5h://${socks.host}:${socks.port}`)]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /GET \/echo via-at-proxy/);
    const down = await runCli(['http', '--raw', file(`socks5://127.0.0.1:${await closedPort()}`)]);
    assert.equal(down.code, 1, down.stdout);
    assert.match(down.stderr, /Cannot reach the proxy/);
    const direct = await runCli(['http', '--raw', file('direct'), '--json']);
    assert.equal(direct.code, 0, direct.stderr);
    const profile = await runCli(['http', '--raw', file('corp')]);
    assert.equal(profile.code, 2);
    assert.match(profile.stderr, /profile name/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
