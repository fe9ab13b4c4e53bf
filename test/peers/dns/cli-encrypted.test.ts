import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { DnsdistOverKnot, DnsdistPeer } from '../../helpers/dnsdist';
import { startDnsdistOverKnot } from '../../helpers/dnsdist';
import type { KnotServer } from '../../helpers/knot';
import { json, runCli } from '../../helpers/cli';

let peers: DnsdistOverKnot;
let knot: KnotServer;
let dd: DnsdistPeer;
before(async () => {
  peers = await startDnsdistOverKnot();
  ({ knot, dd } = peers);
});
after(async () => {
  await peers?.close();
});

interface SecureJson {
  rcode: string;
  answers: Array<{ data: string }>;
  server: string;
  serverSpec: string;
  transport: string;
  rttMs: number;
  tls: {
    version: string;
    cipher: string;
    alpn: string;
    verified: boolean;
    certificate: { subject: string; issuer: string; validTo: string; daysLeft: number };
    spkiPin: string;
    pinned: boolean;
  };
  timings: { connectMs: number; tlsMs: number; queryMs: number; totalMs: number };
  connectionReused: boolean;
  http?: { method: string; url: string; status: number; contentType: string };
}

test('netprobe dns --server tls://… --cacert --json: transport "tls" next to the usual fields, with tls and timings', async () => {
  const r = await runCli(['dns', 'example.test', 'MX', '--server', dd.dot, '--cacert', dd.pki.caFile, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const b = json<SecureJson>(r);
  assert.equal(b.rcode, 'NOERROR');
  assert.equal(b.transport, 'tls');
  assert.equal(b.server, `127.0.0.1:${dd.dotPort}`);
  assert.equal(b.serverSpec, dd.dot);
  assert.deepEqual(
    b.answers.map(a => a.data),
    ['10 mail.example.test.', '20 mail2.example.net.'],
  );
  assert.equal(b.tls.alpn, 'dot');
  assert.equal(b.tls.verified, true);
  assert.equal(b.tls.certificate.issuer, 'CN=NetProbe Test CA');
  assert.ok(b.timings.connectMs > 0 && b.timings.tlsMs > 0 && b.timings.queryMs > 0);
  assert.equal(b.connectionReused, false);
  assert.equal(b.http, undefined);
});

test('netprobe dns @https://… --short prints like dig +short; --doh-get and --json show the HTTP/2 exchange', async () => {
  const short = await runCli(['dns', 'example.test', 'AAAA', `@${dd.doh}`, '--cacert', dd.pki.caFile, '--short']);
  assert.equal(short.code, 0, short.stderr);
  assert.equal(short.stdout.trim(), '2001:db8::1');
  const get = await runCli(['dns', 'example.test', '--server', dd.doh, '--cacert', dd.pki.caFile, '--doh-get', '--json']);
  const b = json<SecureJson>(get);
  assert.equal(b.transport, 'https');
  assert.equal(b.tls.alpn, 'h2');
  assert.equal(b.http?.method, 'GET');
  assert.equal(b.http?.status, 200);
  assert.equal(b.http?.contentType, 'application/dns-message');
});

test('netprobe dns text output adds the TLS session, certificate, pin and phases after the dig lines', async () => {
  const r = await runCli(['dns', 'example.test', '--server', dd.doh, '--cacert', dd.pki.caFile, '--tls-hostname', 'localhost']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`;; SERVER: 127\\.0\\.0\\.1#${dd.dohPort}\\(${dd.doh.replace(/[./]/g, '\\$&')}\\) \\(HTTPS\\)`));
  assert.match(r.stdout, /;; TLS: TLSv1\.[23], \S+, ALPN h2, SNI localhost/);
  assert.match(r.stdout, /;; CERTIFICATE: CN=server, issued by CN=NetProbe Test CA, valid until \S+ \(\d+ days left\); verified/);
  assert.match(r.stdout, /;; PIN: sha256\/\/[A-Za-z0-9+/]{43}=/);
  assert.match(r.stdout, /;; HTTP\/2: POST https:\/\/127\.0\.0\.1:\d+\/dns-query -> 200 application\/dns-message \(stream 1\)/);
  assert.match(r.stdout, /;; PHASES: connect [0-9.]+ ms, TLS [0-9.]+ ms, query [0-9.]+ ms, total [0-9.]+ ms/);
});

test('untrusted certificate: exit 1 and the message says "certificate" with how to go on; --insecure and --pin', async () => {
  const bad = await runCli(['dns', 'example.test', '--server', dd.dot]);
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, '');
  assert.match(
    bad.stderr,
    /^netprobe dns: DNS over TLS to 127\.0\.0\.1:\d+: the TLS handshake failed: The certificate .* Use --insecure \(-k\) to connect anyway, or --cacert FILE to trust a private CA\.\n?$/,
  );
  const insecure = await runCli(['dns', 'example.test', '--server', dd.dot, '-k', '--json']);
  assert.equal(insecure.code, 0, insecure.stderr);
  const pin = json<SecureJson>(insecure).tls.spkiPin;
  assert.equal(json<SecureJson>(insecure).tls.verified, false);
  const pinned = await runCli(['dns', 'example.test', '--server', dd.dot, '--insecure', '--pin', pin.replace('//', '/'), '--json']);
  assert.equal(pinned.code, 0, pinned.stderr);
  assert.equal(json<SecureJson>(pinned).tls.pinned, true);
  const mismatch = await runCli([
    'dns',
    'example.test',
    '--server',
    dd.dot,
    '--cacert',
    dd.pki.caFile,
    '--pin',
    `sha256//${Buffer.alloc(32).toString('base64')}`,
  ]);
  assert.equal(mismatch.code, 1);
  assert.match(mismatch.stderr, /certificate public key does not match the pin/);
});

test('bad input is exit 2: TLS options for a plain server, a bad pin, --doh-get for tls://', async () => {
  const plain = await runCli(['dns', 'example.test', '--server', knot.server4, '--cacert', dd.pki.caFile]);
  assert.equal(plain.code, 2);
  assert.match(plain.stderr, /--cacert applies to tls:\/\/ and https:\/\/ servers only/);
  const pin = await runCli(['dns', 'example.test', '--server', dd.dot, '--pin', 'md5//abc']);
  assert.equal(pin.code, 2);
  assert.match(pin.stderr, /is not a public-key pin/);
  const get = await runCli(['dns', 'example.test', '--server', dd.dot, '--doh-get']);
  assert.equal(get.code, 2);
  const spec = await runCli(['dns', 'example.test', '--server', 'tls://127.0.0.1:853/path']);
  assert.equal(spec.code, 2);
});
