import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { connectionDoctor } from '../../../src/core/doctor/doctor';
import { happyEyeballsOrder } from '../../../src/core/doctor/order';
import type { NginxPeer } from '../../helpers/nginx';
import { startNginx } from '../../helpers/nginx';
import type { RawServer } from '../http/raw-server';
import { onRequestHead, rawServer } from '../http/raw-server';

let nginx: NginxPeer;
const servers: RawServer[] = [];
before(async () => {
  nginx = await startNginx();
});
after(async () => {
  for (const s of servers) await s.close();
  await nginx.stop();
});

test('happy-eyeballs order alternates families, starting with the first', () => {
  const a = (address: string, family: 4 | 6) => ({ address, family });
  assert.deepEqual(
    happyEyeballsOrder([a('::1', 6), a('::2', 6), a('1.1.1.1', 4), a('::3', 6)]).map(x => x.address),
    ['::1', '1.1.1.1', '::2', '::3'],
  );
  assert.deepEqual(
    happyEyeballsOrder([a('1.1.1.1', 4), a('::1', 6), a('2.2.2.2', 4)]).map(x => x.address),
    ['1.1.1.1', '::1', '2.2.2.2'],
  );
  assert.deepEqual(happyEyeballsOrder([]), []);
});

test('a healthy HTTP and HTTPS server passes every step', async () => {
  const r = await connectionDoctor(`http://localhost:${nginx.httpPort}/echo`);
  assert.equal(r.verdict, 'ok', r.summary);
  assert.deepEqual(
    r.steps.map(s => [s.name, s.status]),
    [
      ['resolve', 'ok'],
      ['connect', 'ok'],
      ['tls', 'skipped'],
      ['http', 'ok'],
    ],
  );
  assert.equal(r.http?.statusCode, 200);
  assert.match(r.summary, /is healthy/);
  const s = await connectionDoctor(`https://localhost:${nginx.httpsPort}/echo`, { tlsOptions: { caFile: nginx.pki.caFile } });
  assert.equal(s.verdict, 'ok', s.summary);
  assert.equal(s.steps.find(x => x.name === 'tls')?.status, 'ok');
  assert.ok(s.tlsDetails?.authorized);
  assert.ok(s.timings.tls > 0 && s.timings.connect > 0);
  const v6 = await connectionDoctor(`[::1]:${nginx.httpPort}`);
  assert.equal(v6.verdict, 'ok');
  assert.equal(v6.usedAddress, '::1');
});

test('an untrusted certificate fails the TLS step with advice and skips HTTP', async () => {
  const r = await connectionDoctor(`https://localhost:${nginx.untrustedPort}/`);
  assert.equal(r.verdict, 'failed');
  const tls = r.steps.find(s => s.name === 'tls');
  assert.equal(tls?.status, 'failed');
  assert.match(tls?.summary ?? '', /self-signed/);
  assert.match(r.advice, /trust the issuing CA|insecure/);
  assert.equal(r.steps.find(s => s.name === 'http')?.status, 'skipped');
  assert.equal(r.tlsDetails?.chain[0]?.selfSigned, true);
  const insecure = await connectionDoctor(`https://localhost:${nginx.untrustedPort}/`, { tlsOptions: { insecure: true } });
  assert.equal(insecure.verdict, 'warning');
  assert.equal(insecure.http?.statusCode, 200);
});

test('a refused port fails at connect; a non-HTTP port skips HTTP; a 500 fails HTTP', async () => {
  const gone = await rawServer(() => undefined);
  const port = gone.port;
  await gone.close();
  const r = await connectionDoctor(`127.0.0.1:${port}`);
  assert.equal(r.verdict, 'failed');
  assert.equal(r.steps.find(s => s.name === 'connect')?.status, 'failed');
  assert.equal(r.addresses[0]?.outcome, 'refused');
  assert.match(r.advice, /Nothing on this machine listens on port/);
  const banner = await rawServer(sock => sock.end('SSH-2.0-test\r\n'));
  servers.push(banner);
  const b = await connectionDoctor(`127.0.0.1:${banner.port}`);
  assert.equal(b.verdict, 'ok');
  assert.equal(b.steps.find(s => s.name === 'http')?.status, 'skipped');
  const broken = await rawServer((sock, got) => onRequestHead(sock, got, () => sock.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n')));
  servers.push(broken);
  const h = await connectionDoctor(`http://127.0.0.1:${broken.port}/`);
  assert.equal(h.verdict, 'failed');
  assert.match(h.summary, /502 Bad Gateway/);
  assert.match(h.advice, /upstream/);
  const notHttp = await connectionDoctor(`http://127.0.0.1:${banner.port}/`);
  assert.equal(notHttp.steps.find(s => s.name === 'http')?.status, 'failed');
});
