import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { once } from 'events';
import * as fs from 'fs';
import type * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { NetProbeError, parseProxyUrl } from '../../../src/core';
import type { ClientCertificate } from '../../../src/core';
import { connectionDoctor } from '../../../src/core/doctor/doctor';
import { sendHttp } from '../../../src/core/http/client';
import { openSession } from '../../../src/core/session/session';
import { runCli } from '../../helpers/cli';
import { startTinyproxy } from '../../helpers/http-proxies';
import type { HttpProxyPeer } from '../../helpers/http-proxies';
import { startNginx } from '../../helpers/nginx';
import type { NginxPeer } from '../../helpers/nginx';

let nginx: NginxPeer;
let port: number;
let certs: NonNullable<NginxPeer['mtls']>['certs'];

before(async () => {
  nginx = await startNginx({ mtls: true });
  if (!nginx.mtls) throw new Error('no mTLS server');
  ({ port, certs } = nginx.mtls);
});
after(async () => {
  await nginx.stop();
});

const REQUEST = 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n';

async function get(
  clientCert: ClientCertificate | undefined,
  extra: { proxy?: ReturnType<typeof parseProxyUrl> } = {},
): Promise<{ status?: number; body: string }> {
  const r = await sendHttp(REQUEST, {
    target: { host: 'localhost', port, tls: true },
    tls: { caFile: nginx.pki.caFile, ...(clientCert ? { clientCert } : {}) },
    timeout: 5000,
    ...extra,
  });
  return { ...(r.final.response ? { status: r.final.response.statusCode } : {}), body: r.final.response?.body.data?.toString() ?? '' };
}

const invalid =
  (pattern: RegExp) =>
  (e: unknown): boolean => {
    assert.ok(e instanceof NetProbeError, String(e));
    assert.equal(e.code, 'invalid-input', e.message);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes(certs.passphrase), 'passphrase in the message');
    return true;
  };

void test('HTTP with a PEM certificate and key: nginx (ssl_verify_client on) sees the client; without one it answers 400', async () => {
  assert.deepEqual(await get({ certFile: certs.cert, keyFile: certs.key }), { status: 200, body: 'client CN=netprobe-client verify SUCCESS\n' });
  assert.deepEqual(await get({ certFile: certs.combined }), { status: 200, body: 'client CN=netprobe-client verify SUCCESS\n' });
  const none = await get(undefined);
  assert.equal(none.status, 400);
  assert.match(none.body, /No required SSL certificate was sent/);
  const rogue = await get({ certFile: certs.rogue.cert, keyFile: certs.rogue.key });
  assert.equal(rogue.status, 400);
  assert.match(rogue.body, /The SSL certificate error/);
});

void test('an encrypted key and PKCS#12 bundles (made by openssl) with their passphrase; wrong or missing passphrases are named', async () => {
  assert.equal((await get({ certFile: certs.cert, keyFile: certs.encryptedKey, passphrase: certs.passphrase })).status, 200);
  assert.equal((await get({ certFile: certs.p12, passphrase: certs.passphrase })).status, 200);
  assert.equal((await get({ certFile: certs.p12, type: 'p12', passphrase: certs.passphrase })).status, 200);
  assert.equal((await get({ certFile: certs.p12NoPass })).status, 200);
  await assert.rejects(get({ certFile: certs.cert, keyFile: certs.encryptedKey }), invalid(/is encrypted: give its passphrase/));
  await assert.rejects(get({ certFile: certs.cert, keyFile: certs.encryptedKey, passphrase: 'wrong' }), invalid(/passphrase of the client key .* is wrong/));
  await assert.rejects(get({ certFile: certs.p12, passphrase: 'wrong' }), invalid(/passphrase of the PKCS#12 bundle .* is wrong/));
  await assert.rejects(get({ certFile: certs.cert }), invalid(/holds no private key: give the key file too/));
  await assert.rejects(get({ certFile: certs.cert, keyFile: certs.rogue.key }), invalid(/does not belong to the certificate/));
  await assert.rejects(get({ certFile: path.join(os.tmpdir(), 'netprobe-no-such-cert.pem') }), invalid(/Cannot read the client certificate .*ENOENT/));
});

void test('a raw TLS session and the doctor present the certificate too', async () => {
  const session = await openSession('localhost', port, {
    tls: { caFile: nginx.pki.caFile, clientCert: { certFile: certs.p12, passphrase: certs.passphrase } },
    timeout: 5000,
  });
  const chunks: Buffer[] = [];
  session.on('data', d => chunks.push(d));
  const done = new Promise<void>(r =>
    session.on('state', st => {
      if (st === 'remote-half-closed') r();
    }),
  );
  await session.write('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  await done;
  await session.close();
  assert.match(Buffer.concat(chunks).toString(), /client CN=netprobe-client verify SUCCESS/);
  const d = await connectionDoctor(`https://localhost:${port}/`, {
    tlsOptions: { caFile: nginx.pki.caFile, clientCert: { certFile: certs.cert, keyFile: certs.key } },
    timeout: 5000,
  });
  assert.equal(d.verdict, 'ok', d.summary);
});

void test('through an HTTP proxy the certificate goes to the target, end to end', async () => {
  let proxy: HttpProxyPeer | undefined;
  try {
    proxy = await startTinyproxy({ connectPorts: [port] });
    const r = await get({ certFile: certs.cert, keyFile: certs.key }, { proxy: parseProxyUrl(`http://127.0.0.1:${proxy.port}`) });
    assert.deepEqual(r, { status: 200, body: 'client CN=netprobe-client verify SUCCESS\n' });
  } finally {
    await proxy?.close();
  }
});

void test('a TLS 1.3 server that requires a client certificate: the "certificate required" alert is explained (session and HTTP); the subject offered is in the TLS details', async () => {
  const server = tls.createServer(
    {
      key: fs.readFileSync(nginx.pki.server.key),
      cert: fs.readFileSync(nginx.pki.server.cert),
      ca: fs.readFileSync(certs.caFile),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.3',
    },
    s => s.end('hello\n'),
  );
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const p = (server.address() as net.AddressInfo).port;
  const read = async (clientCert?: ClientCertificate): Promise<string> => {
    const session = await openSession('localhost', p, { tls: { caFile: nginx.pki.caFile, ...(clientCert ? { clientCert } : {}) }, timeout: 5000 });
    const chunks: Buffer[] = [];
    session.on('data', d => chunks.push(d));
    session.on('state', st => {
      if (st === 'remote-half-closed') void session.close();
    });
    const summary = await session.closed;
    assert.equal(session.info.tls?.clientCertificate, clientCert ? `CN=${clientCert.certFile === certs.cert ? 'netprobe-client' : 'rogue-client'}` : undefined);
    return `${Buffer.concat(chunks).toString()}${summary.error ?? ''}`;
  };
  try {
    assert.equal(await read({ certFile: certs.cert, keyFile: certs.key }), 'hello\n');
    assert.match(await read(), /^The server requires a client certificate and none was presented .*\(alert certificate required\)$/);
    await assert.rejects(
      sendHttp(REQUEST, { target: { host: 'localhost', port: p, tls: true }, tls: { caFile: nginx.pki.caFile }, timeout: 5000 }),
      (e: unknown) => e instanceof NetProbeError && /requires a client certificate/.test(e.message),
    );
    // Node's server closes without an alert when it rejects a certificate: nothing is received, nothing invented.
    assert.equal(await read({ certFile: certs.rogue.cert, keyFile: certs.rogue.key }), '');
  } finally {
    await new Promise<void>(r => server.close(() => r()));
  }
});

void test('CLI: --cert/--key, --cert P12 with NETPROBE_CERT_PASSPHRASE or --cert-pass-file; --pass is refused; a wrong passphrase is exit 2', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-cert-cli-'));
  try {
    const url = `https://localhost:${port}/`;
    const base = ['http', url, '--cacert', nginx.pki.caFile];
    const pem = await runCli([...base, '--cert', certs.cert, '--key', certs.key]);
    assert.equal(pem.code, 0, pem.stderr);
    assert.match(pem.stdout, /client CN=netprobe-client verify SUCCESS/);
    const p12env = await runCli([...base, '-E', certs.p12, '--cert-type', 'P12'], { env: { NETPROBE_CERT_PASSPHRASE: certs.passphrase } });
    assert.equal(p12env.code, 0, p12env.stderr);
    const passFile = path.join(dir, 'pass');
    fs.writeFileSync(passFile, `${certs.passphrase}\n`, { mode: 0o600 });
    const p12file = await runCli([...base, '--cert', certs.p12, '--cert-pass-file', passFile]);
    assert.equal(p12file.code, 0, p12file.stderr);
    const onCommandLine = await runCli([...base, '--cert', certs.p12, '--pass', certs.passphrase]);
    assert.equal(onCommandLine.code, 2);
    assert.match(onCommandLine.stderr, /no passphrase on the command line/);
    const wrong = await runCli([...base, '--cert', certs.p12], { env: { NETPROBE_CERT_PASSPHRASE: 'nope' } });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /passphrase of the PKCS#12 bundle .* is wrong/);
    const badType = await runCli([...base, '--cert', certs.p12, '--cert-type', 'DER']);
    assert.equal(badType.code, 2);
    const none = await runCli(base);
    assert.equal(none.code, 0);
    assert.match(none.stdout, /400 Bad Request|No required SSL certificate/);
    const nc = await runCli(['nc', 'localhost', String(port), '--tls', '--cacert', nginx.pki.caFile, '--cert', certs.combined], {
      input: 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n',
    });
    assert.equal(nc.code, 0, nc.stderr);
    assert.match(nc.stdout, /verify SUCCESS/);
    const doctor = await runCli(['doctor', url, '--cacert', nginx.pki.caFile, '--cert', certs.cert, '--key', certs.key, '--json']);
    assert.equal(doctor.code, 0, doctor.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
