import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { once } from 'events';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { dnsQuery, KeyLogFile, NetProbeError, parseProxyUrl } from '../../../src/core';
import { startTinyproxy } from '../../helpers/http-proxies';
import { json, runCli } from '../../helpers/cli';
import { makeClientCerts } from '../../helpers/client-certs';
import type { ClientCerts } from '../../helpers/client-certs';
import type { DnsdistOverKnot } from '../../helpers/dnsdist';
import { startDnsdistOverKnot } from '../../helpers/dnsdist';

let peers: DnsdistOverKnot;
let dir: string;
let certs: ClientCerts;
let mtlsDot: { port: number; close: () => Promise<void> };

/**
 * DNS over TLS that demands a client certificate: a Node TLS server (requestCert, the client CA) relaying the
 * decrypted stream to knot's TCP port — DoT is DNS over TCP framing inside TLS.
 */
async function startMtlsDot(backendPort: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(
    {
      key: fs.readFileSync(peers.dd.pki.server.key),
      cert: fs.readFileSync(peers.dd.pki.server.cert),
      ca: fs.readFileSync(certs.caFile),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['dot'],
    },
    client => {
      const upstream = net.connect(backendPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    },
  );
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>(r => server.close(() => r()));
    },
  };
}

before(async () => {
  peers = await startDnsdistOverKnot();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-dns-tls-'));
  certs = makeClientCerts(dir);
  mtlsDot = await startMtlsDot(peers.knot.port);
});
after(async () => {
  await mtlsDot?.close();
  await peers?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

void test('DNS over TLS with a client certificate (PEM, PKCS#12); without one the server closes and the query fails', async () => {
  const server = `tls://127.0.0.1:${mtlsDot.port}`;
  const base = { type: 'MX', server, caFile: peers.dd.pki.caFile, tlsHostname: 'localhost', timeout: 5000 };
  const pem = await dnsQuery('example.test', { ...base, clientCert: { certFile: certs.cert, keyFile: certs.key } });
  assert.equal(pem.answers.length, 2);
  assert.equal(pem.tls?.alpn, 'dot');
  const p12 = await dnsQuery('example.test', { ...base, clientCert: { certFile: certs.p12, passphrase: certs.passphrase } });
  assert.equal(p12.answers.length, 2);
  await assert.rejects(dnsQuery('example.test', base), (e: unknown) => e instanceof NetProbeError);
});

void test('DoT and DoH (dnsdist) log their TLS keys; the CLI takes --cert and --keylog for tls:// and https:// servers', async () => {
  const file = path.join(dir, 'dns-keys.log');
  const keylog = new KeyLogFile(file);
  await dnsQuery('example.test', { server: peers.dd.dot, caFile: peers.dd.pki.caFile, keylog, timeout: 5000 });
  await dnsQuery('example.test', { server: peers.dd.doh, caFile: peers.dd.pki.caFile, keylog, timeout: 5000 });
  await keylog.close();
  const randoms = new Set(
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(l => l.startsWith('CLIENT_TRAFFIC_SECRET_0 '))
      .map(l => l.split(' ')[1]),
  );
  assert.equal(randoms.size, 2, 'one session each for DoT and DoH');

  const cliKeys = path.join(dir, 'cli-dns-keys.log');
  const r = await runCli(
    [
      'dns',
      'example.test',
      'MX',
      '--server',
      `tls://127.0.0.1:${mtlsDot.port}`,
      '--cacert',
      peers.dd.pki.caFile,
      '--tls-hostname',
      'localhost',
      '--cert',
      certs.p12,
      '--keylog',
      cliKeys,
      '--json',
    ],
    { env: { NETPROBE_CERT_PASSPHRASE: certs.passphrase } },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal((json(r).answers as unknown[]).length, 2);
  assert.ok(fs.readFileSync(cliKeys, 'utf8').includes('CLIENT_TRAFFIC_SECRET_0 '));
  const plain = await runCli(['dns', 'example.test', '--server', peers.knot.server4, '--keylog', cliKeys]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.doesNotMatch(plain.stderr, /TLS session keys/, 'no key log for a plain server');
});

void test('DoT and DoH through an HTTP proxy (tinyproxy CONNECT to dnsdist)', async () => {
  const tiny = await startTinyproxy({ connectPorts: [peers.dd.dotPort, peers.dd.dohPort] });
  try {
    const proxy = parseProxyUrl(`http://127.0.0.1:${tiny.port}`);
    const dot = await dnsQuery('example.test', { type: 'MX', server: peers.dd.dot, caFile: peers.dd.pki.caFile, proxy, timeout: 5000 });
    assert.equal(dot.answers.length, 2);
    const doh = await dnsQuery('example.test', { type: 'MX', server: peers.dd.doh, caFile: peers.dd.pki.caFile, proxy, timeout: 5000 });
    assert.equal(doh.answers.length, 2);
    assert.match(tiny.log(), new RegExp(`CONNECT 127\\.0\\.0\\.1:${peers.dd.dotPort} HTTP/1\\.1`));
  } finally {
    await tiny.close();
  }
});
