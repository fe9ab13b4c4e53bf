import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import type { DnsQueryOptions, DnsResponse } from '../../../src/core';
import { DnsConnectionPool, NetProbeError, compareResolvers, dnsBatch, dnsQuery, isUntrustedCertificate, runQueries } from '../../../src/core';
import type { DnsdistOverKnot, DnsdistPeer } from '../../helpers/dnsdist';
import { startDnsdist, startDnsdistOverKnot } from '../../helpers/dnsdist';
import type { KnotServer } from '../../helpers/knot';
import { startMicrosocks } from '../../helpers/socks-peers';
import { closedPort } from '../../helpers/tcp-peers';

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

const ask = (name: string, type: string, server: string, extra: DnsQueryOptions = {}): Promise<DnsResponse> =>
  dnsQuery(name, { server, type, caFile: dd.pki.caFile, timeout: 5000, ...extra });

/** The reference: kdig over DoT (`+tls`) or DoH (`+https`), trusting the test CA, answers one per line. */
function kdig(name: string, type: string, doh: boolean): { status: string; answers: string[] } {
  const port = String(doh ? dd.dohPort : dd.dotPort);
  const out = execFileSync(
    'kdig',
    [`+tls-ca=${dd.pki.caFile}`, '+tls-hostname=localhost', ...(doh ? [`+https=${dd.dohPath}`] : []), '@127.0.0.1', '-p', port, name, type],
    { encoding: 'utf8' },
  );
  const status = /->>HEADER<<-.*status: (\w+)/.exec(out)?.[1] ?? '?';
  const section = /;; ANSWER SECTION:\n([\s\S]*?)(?:\n\n|$)/.exec(out)?.[1] ?? '';
  const answers = section
    .split('\n')
    .filter(l => l.trim() !== '')
    .map(l => l.split('\t').filter(Boolean))
    .filter(f => f[3] === type)
    .map(f => f.slice(4).join(' ').trim());
  return { status, answers };
}

const reference: Array<[string, string]> = [
  ['example.test', 'A'],
  ['example.test', 'AAAA'],
  ['example.test', 'MX'],
  ['example.test', 'NS'],
  ['www.example.test', 'A'],
  ['_sip._tcp.example.test', 'SRV'],
  ['example.test', 'SOA'],
  ['1.0.0.127.in-addr.arpa', 'PTR'],
  ['nope.example.test', 'A'],
];

for (const transport of ['tls', 'https'] as const) {
  test(`DNS over ${transport.toUpperCase()} through dnsdist gives kdig's answers (kdig +${transport === 'tls' ? 'tls' : 'https'} as reference)`, async () => {
    const server = transport === 'tls' ? dd.dot : dd.doh;
    for (const [name, type] of reference) {
      const r = await ask(name, type, server);
      const want = kdig(name, type, transport === 'https');
      assert.equal(r.rcode, want.status, `${name} ${type}`);
      assert.deepEqual(
        r.answers
          .filter(a => a.type === type)
          .map(a => a.data)
          .sort(),
        [...want.answers].sort(),
        `${name} ${type}`,
      );
      assert.equal(r.transport, transport);
      assert.equal(r.server.address, '127.0.0.1');
      assert.equal(r.server.port, transport === 'tls' ? dd.dotPort : dd.dohPort);
    }
  });
}

test('the answer carries the TLS session, the certificate, the SPKI pin and the phases; DoH its HTTP/2 exchange', async () => {
  const pinOf = execFileSync(
    'sh',
    ['-c', `openssl x509 -in '${dd.pki.server.cert}' -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`],
    { encoding: 'utf8' },
  ).trim();
  for (const server of [dd.dot, dd.doh]) {
    const r = await ask('example.test', 'A', server);
    const t = r.tls;
    assert.ok(t, 'tls details');
    assert.match(t.version, /^TLSv1\.[23]$/);
    assert.ok(t.cipher.length > 0);
    assert.equal(t.alpn, server === dd.doh ? 'h2' : 'dot');
    assert.equal(t.verified, true);
    assert.equal(t.certificate?.subject, 'CN=server');
    assert.equal(t.certificate?.issuer, 'CN=NetProbe Test CA');
    assert.ok((t.certificate?.daysLeft ?? 0) > 300);
    assert.equal(t.spkiPin, `sha256//${pinOf}`);
    const p = r.timings;
    assert.ok(p && p.connectMs > 0 && p.tlsMs > 0 && p.queryMs > 0 && p.totalMs >= p.connectMs + p.tlsMs + p.queryMs - 0.01);
    assert.equal(r.connectionReused, false);
    assert.equal(r.rttMs, p.queryMs);
  }
  const doh = await ask('example.test', 'A', dd.doh);
  assert.deepEqual(
    { ...doh.http, streamId: undefined },
    { method: 'POST', url: dd.doh, status: 200, contentType: 'application/dns-message', streamId: undefined },
  );
  const get = await ask('example.test', 'A', `${dd.doh}?get`);
  assert.equal(get.http?.method, 'GET');
  assert.match(get.http?.url ?? '', /\/dns-query\?dns=[A-Za-z0-9_-]+$/);
  assert.deepEqual(
    get.answers.map(a => a.data),
    ['192.0.2.1'],
  );
  const viaOption = await ask('example.test', 'A', dd.doh, { dohMethod: 'GET' });
  assert.equal(viaOption.http?.method, 'GET');
  assert.equal(doh.id, 0, 'DoH queries use id 0 (RFC 8484 §4.1)');
});

test('verification: the test CA is needed, tlsHostname picks the name checked (and SNI), a pin authenticates alone with insecure', async () => {
  await assert.rejects(
    dnsQuery('example.test', { server: dd.dot, timeout: 5000 }),
    (e: unknown) =>
      isUntrustedCertificate(e) &&
      e instanceof NetProbeError &&
      e.code === 'tls' &&
      /DNS over TLS to 127\.0\.0\.1:\d+: the TLS handshake failed: .*certificate/.test(e.message),
  );
  const named = await ask('example.test', 'A', dd.dot, { tlsHostname: 'localhost' });
  assert.equal(named.tls?.servername, 'localhost');
  await assert.rejects(
    ask('example.test', 'A', dd.doh, { tlsHostname: 'wrong.example' }),
    (e: unknown) => e instanceof NetProbeError && /certificate is not valid for the name "?wrong\.example|hostname mismatch/.test(e.message),
  );
  const insecure = await dnsQuery('example.test', { server: dd.dot, insecure: true, timeout: 5000 });
  assert.equal(insecure.tls?.verified, false);
  assert.match(insecure.tls?.verifyError ?? '', /certificate/);
  const pin = insecure.tls?.spkiPin ?? '';
  const pinned = await dnsQuery('example.test', { server: dd.doh, insecure: true, pin: pin.replace('sha256//', 'sha256/'), timeout: 5000 });
  assert.equal(pinned.tls?.pinned, true);
  await assert.rejects(
    ask('example.test', 'A', dd.dot, { pin: `sha256//${Buffer.alloc(32).toString('base64')}` }),
    (e: unknown) => e instanceof NetProbeError && e.code === 'tls' && /public key does not match the pin/.test(e.message) && e.message.includes(pin),
  );
});

test('a pool keeps one connection per server: later queries reuse it (no connect or TLS phase)', async () => {
  const pool = new DnsConnectionPool();
  try {
    for (const server of [dd.dot, dd.doh]) {
      const first = await ask('example.test', 'A', server, { pool });
      const again = await Promise.all([ask('example.test', 'MX', server, { pool }), ask('example.test', 'AAAA', server, { pool })]);
      assert.equal(first.connectionReused, false);
      for (const r of again) {
        assert.equal(r.connectionReused, true);
        assert.equal(r.timings?.connectMs, 0);
        assert.equal(r.timings?.tlsMs, 0);
      }
    }
    assert.equal(pool.size, 2);
  } finally {
    pool.close();
  }
  assert.equal(pool.size, 0);
});

test('IPv6: tls://[::1]:PORT and https://[::1]:PORT/dns-query', async () => {
  const a = await ask('example.test', 'AAAA', `tls://[::1]:${dd.dotPort}`);
  assert.equal(a.server.address, '::1');
  assert.deepEqual(
    a.answers.map(x => x.data),
    ['2001:db8::1'],
  );
  const b = await ask('example.test', 'AAAA', `https://[::1]:${dd.dohPort}/dns-query`);
  assert.equal(b.http?.url, `https://[::1]:${dd.dohPort}/dns-query`);
  assert.deepEqual(
    b.answers.map(x => x.data),
    ['2001:db8::1'],
  );
});

test('Resolve Selection (dnsBatch) and runQueries over one DoT connection and one DoH connection', async () => {
  for (const server of [dd.dot, dd.doh]) {
    const b = await dnsBatch(['example.test', '127.0.0.1', 'nope.example.test', 'mail.example.test'], { server, caFile: dd.pki.caFile, timeout: 5000 });
    assert.deepEqual(
      b.items.map(i => `${i.input} ${i.status} ${i.values.join(',')}`),
      ['example.test ok 192.0.2.1,2001:db8::1', '127.0.0.1 ok localhost.', 'nope.example.test nxdomain ', 'mail.example.test ok 192.0.2.25'],
    );
    const questions = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 0 ? { name: 'nope.example.test', type: 'A' } : { name: 'example.test', type: i % 3 === 1 ? 'A' : 'MX' },
    );
    let progress = 0;
    const out = await runQueries(questions, {
      server,
      caFile: dd.pki.caFile,
      concurrency: 100,
      timeout: 10_000,
      onProgress: d => {
        progress = d;
      },
    });
    assert.equal(out.filter(o => o.error).length, 0, out.find(o => o.error)?.error?.message);
    assert.deepEqual(
      out.slice(0, 3).map(o => `${o.rcode} ${o.values.join(',')}`),
      ['NXDOMAIN ', 'NOERROR 192.0.2.1', 'NOERROR 10 mail.example.test.,20 mail2.example.net.'],
    );
    assert.equal(progress, 3000);
  }
});

test('a batch against dnsdist with its default maxInFlight 0 still completes (fewer queries pipelined after it closes)', async () => {
  const plain = await startDnsdist({ backend: knot.server4, maxInFlight: 0, pki: dd.pki });
  try {
    const questions = Array.from({ length: 200 }, (_, i) => ({ name: i % 2 ? 'example.test' : '1.0.0.127.in-addr.arpa', type: i % 2 ? 'A' : 'PTR' }));
    const out = await runQueries(questions, { server: plain.dot, caFile: dd.pki.caFile, concurrency: 50, timeout: 10_000 });
    assert.equal(out.filter(o => o.error).length, 0, out.find(o => o.error)?.error?.message);
    assert.deepEqual(
      out.slice(0, 2).map(o => o.values),
      [['localhost.'], ['192.0.2.1']],
    );
  } finally {
    await plain.close();
  }
});

test('Compare Resolvers with a tls:// nameserver', async () => {
  const c = await compareResolvers('example.test', { server: dd.dot, systemServer: knot.server4, caFile: dd.pki.caFile, timeout: 5000 });
  const view = c.views.find(v => v.source === 'server');
  assert.equal(view?.error, undefined);
  assert.deepEqual(view?.addresses.sort(), ['192.0.2.1', '2001:db8::1']);
});

test('DoT and DoH through a SOCKS5 proxy (microsocks): the TLS session runs over the proxied TCP connection', async () => {
  const socks = await startMicrosocks();
  try {
    const proxy = { protocol: 'socks5h' as const, host: socks.host, port: socks.port };
    for (const server of [dd.dot, dd.doh]) {
      const r = await ask('example.test', 'MX', server, { proxy });
      assert.equal(r.answers.length, 2);
      assert.equal(r.tls?.verified, true);
    }
    const b = await dnsBatch(['example.test'], { server: `tls://localhost:${dd.dotPort}`, caFile: dd.pki.caFile, proxy, timeout: 5000 });
    assert.deepEqual(b.items[0]?.values, ['192.0.2.1', '2001:db8::1']);
  } finally {
    await socks.close();
  }
  await assert.rejects(
    ask('example.test', 'A', dd.dot, { proxy: { protocol: 'socks5', host: socks.host, port: socks.port }, timeout: 2000 }),
    (e: unknown) => e instanceof NetProbeError && /DNS over TLS to .*: the TCP connection failed/.test(e.message),
  );
});

test('TCP refused names the stage', async () => {
  const port = await closedPort();
  await assert.rejects(
    dnsQuery('example.test', { server: `tls://127.0.0.1:${port}`, timeout: 2000 }),
    (e: unknown) =>
      e instanceof NetProbeError &&
      e.code === 'refused' &&
      e.message.startsWith(`DNS over TLS to 127.0.0.1:${port}: the TCP connection failed: Connection refused`),
  );
  await assert.rejects(
    dnsQuery('example.test', { server: `https://127.0.0.1:${port}/dns-query`, timeout: 2000 }),
    (e: unknown) =>
      e instanceof NetProbeError &&
      e.code === 'refused' &&
      e.message.startsWith(`DNS over HTTPS to https://127.0.0.1:${port}/dns-query: the TCP connection failed`),
  );
});
