import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { KnotServer } from '../../helpers/knot';
import { startKnot } from '../../helpers/knot';
import { closedPort } from '../../helpers/tcp-peers';
import { startMicrosocks } from '../../helpers/socks-peers';
import { NetProbeError, compareResolvers, digCommand, dnsBatch, dnsQuery, formatDig, ptrName, runQueries, zoneTransfer } from '../../../src/core';

let knot: KnotServer;
before(async () => {
  knot = await startKnot();
});
after(async () => {
  await knot.close();
});

const ask = (name: string, type: string, extra: Parameters<typeof dnsQuery>[1] = {}): ReturnType<typeof dnsQuery> =>
  dnsQuery(name, { server: knot.server4, type, timeout: 3000, ...extra });

const HEX64 = 'A'.repeat(32) + 'B'.repeat(32);
/** dig prints hex in 56-character words. */
const HEX64_DIG = `${HEX64.slice(0, 56)} ${HEX64.slice(56)}`;
const presentation: Array<[string, string, string[]]> = [
  ['example.test', 'A', ['192.0.2.1']],
  ['example.test', 'AAAA', ['2001:db8::1']],
  ['example.test', 'NS', ['ns1.example.test.']],
  ['example.test', 'MX', ['10 mail.example.test.', '20 mail2.example.net.']],
  ['example.test', 'SOA', ['ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 300']],
  ['example.test', 'TXT', ['"v=spf1 -all"']],
  ['multi.example.test', 'TXT', ['"first string" "second string" "third"']],
  ['binary.example.test', 'TXT', ['"a\\000b\\255\\"q\\\\"']],
  ['html.example.test', 'TXT', ['"<b>bold</b><script>alert(1)</script>"']],
  ['_sip._tcp.example.test', 'SRV', ['10 60 5060 sip.example.test.']],
  ['example.test', 'CAA', ['0 issue "letsencrypt.org"', '128 iodef "mailto:security@example.test"']],
  ['_443._tcp.example.test', 'TLSA', [`3 1 1 ${HEX64_DIG}`]],
  ['example.test', 'SSHFP', [`4 2 ${HEX64_DIG}`]],
  ['example.test', 'HTTPS', ['1 . alpn="h2,h3" ipv4hint=192.0.2.1 ipv6hint=2001:db8::1']],
  ['_svc.example.test', 'SVCB', ['1 svc.example.test. port=8443']],
  ['example.test', 'NAPTR', ['100 10 "S" "SIP+D2U" "" _sip._udp.example.test.']],
  ['unknown.example.test', 'TYPE65280', ['\\# 3 ABCDEF']],
  ['ptr.example.test', 'PTR', ['www.example.test.']],
  ['1.0.0.127.in-addr.arpa', 'PTR', ['localhost.']],
];

for (const [name, type, want] of presentation) {
  test(`${type} ${name} is presented like dig +short`, async () => {
    const r = await ask(name, type);
    assert.equal(r.rcode, 'NOERROR');
    assert.ok(r.flags.includes('aa') && r.flags.includes('qr'));
    assert.deepEqual(
      r.answers
        .filter(a => a.type === type)
        .map(a => a.data)
        .sort(),
      [...want].sort(),
    );
    assert.equal(r.question.name, `${name}.`);
    assert.equal(r.transport, 'udp');
    assert.equal(r.server.address, '127.0.0.1');
    assert.equal(r.server.port, knot.port);
    assert.equal(r.sizeBytes, r.rawHex.length / 2);
  });
}

test('CNAME is followed by the authoritative server in the answer', async () => {
  const r = await ask('www.example.test', 'A');
  assert.deepEqual(
    r.answers.map(a => `${a.type} ${a.data}`),
    ['CNAME example.test.', 'A 192.0.2.1'],
  );
});

test('DS for a delegated child is answered by the parent', async () => {
  const r = await ask('child.example.test', 'DS');
  assert.deepEqual(
    r.answers.map(a => a.data),
    [`12345 13 2 ${HEX64_DIG}`],
  );
});

test('referral: the authority section holds the child NS and the additional its glue', async () => {
  const r = await ask('host.child.example.test', 'A', { recurse: false });
  assert.equal(r.answers.length, 0);
  assert.ok(!r.flags.includes('aa'));
  assert.deepEqual(
    r.authority.map(a => `${a.type} ${a.data}`),
    ['NS ns.child.example.test.'],
  );
  assert.deepEqual(
    r.additional.map(a => `${a.name} ${a.data}`),
    ['ns.child.example.test. 192.0.2.53'],
  );
  assert.ok(!r.flags.includes('rd'));
});

test('a TXT answer over 1232 bytes is truncated over UDP and retried over TCP', async () => {
  const r = await ask('big.example.test', 'TXT');
  assert.equal(r.transport, 'tcp');
  assert.equal(r.retriedOverTcp, true);
  const strings = r.answers[0]?.data.match(/"x{255}"/g) ?? [];
  assert.equal(strings.length, 6);
  assert.ok(r.sizeBytes > 1232);
});

test('with ignoreTruncation the truncated UDP answer is returned as is', async () => {
  const r = await ask('big.example.test', 'TXT', { ignoreTruncation: true });
  assert.equal(r.transport, 'udp');
  assert.ok(r.flags.includes('tc'));
  assert.equal(r.retriedOverTcp, undefined);
});

test('TCP on request', async () => {
  const r = await ask('example.test', 'MX', { tcp: true });
  assert.equal(r.transport, 'tcp');
  assert.equal(r.answers.length, 2);
});

test('through a SOCKS5 proxy the query goes over TCP via the proxy (microsocks)', async () => {
  const socks = await startMicrosocks();
  try {
    const r = await ask('example.test', 'MX', { proxy: { protocol: 'socks5', host: socks.host, port: socks.port } });
    assert.equal(r.transport, 'tcp');
    assert.equal(r.answers.length, 2);
    // Said, not silent: the response, the dig text and the dig command line name the proxy and why TCP.
    assert.equal(r.viaProxy, `socks5://${socks.host}:${socks.port}`);
    assert.equal(r.tcpForProxy, true);
    assert.match(
      formatDig(r),
      new RegExp(`;; Through the proxy socks5://${socks.host.replace(/\./g, '\\.')}:${socks.port}: over TCP, as a proxy carries TCP only`),
    );
    assert.match(
      digCommand('example.test', { type: 'MX', proxy: { protocol: 'socks5', host: socks.host, port: socks.port } }),
      /\+tcp # NetProbe asked through the proxy socks5:\/\/.*, over TCP as a proxy carries TCP only; dig cannot use a proxy$/,
    );
    const direct = await ask('example.test', 'MX');
    assert.equal(direct.viaProxy, undefined);
    assert.doesNotMatch(formatDig(direct), /Through the proxy/);
    const x = await zoneTransfer('example.test', { server: knot.server4, proxy: { protocol: 'socks5', host: socks.host, port: socks.port }, timeout: 3000 });
    assert.ok(x.recordCount >= 30);
  } finally {
    await socks.close();
  }
  await assert.rejects(
    ask('example.test', 'A', { proxy: { protocol: 'socks5', host: socks.host, port: socks.port }, timeout: 2000 }),
    (e: unknown) => e instanceof NetProbeError,
  );
});

test('IPv6 transport to ::1, UDP and TCP', async () => {
  const u = await dnsQuery('example.test', { server: knot.server6, type: 'AAAA', timeout: 3000 });
  assert.equal(u.server.address, '::1');
  assert.deepEqual(
    u.answers.map(a => a.data),
    ['2001:db8::1'],
  );
  const t = await dnsQuery('example.test', { server: `::1#${knot.port}`, type: 'A', tcp: true, timeout: 3000 });
  assert.equal(t.transport, 'tcp');
  assert.equal(t.server.address, '::1');
  const r = await dnsQuery(ptrName('::1'), { server: knot.server6, type: 'PTR', timeout: 3000 });
  assert.deepEqual(
    r.answers.map(a => a.data),
    ['localhost.'],
  );
});

test('a host name as nameserver is resolved through /etc/hosts', async () => {
  const r = await dnsQuery('example.test', { server: `localhost:${knot.port}`, timeout: 3000 });
  assert.equal(r.server.address, '127.0.0.1');
  assert.equal(r.server.spec, `localhost:${knot.port}`);
});

test('NXDOMAIN carries the SOA in authority', async () => {
  const r = await ask('nope.example.test', 'A');
  assert.equal(r.rcode, 'NXDOMAIN');
  assert.equal(r.answers.length, 0);
  assert.equal(r.authority[0]?.type, 'SOA');
});

test('NODATA: NOERROR with no answer and the SOA in authority', async () => {
  const r = await ask('mail.example.test', 'MX');
  assert.equal(r.rcode, 'NOERROR');
  assert.equal(r.answers.length, 0);
  assert.equal(r.authority[0]?.type, 'SOA');
});

test('REFUSED for a zone the server does not serve', async () => {
  const r = await ask('example.org', 'A');
  assert.equal(r.rcode, 'REFUSED');
});

test('DNSSEC: with DO the answer carries RRSIG, without it none', async () => {
  const signed = await ask('signed.test', 'A', { dnssec: true });
  assert.equal(signed.edns?.do, true);
  const sig = signed.answers.find(a => a.type === 'RRSIG');
  assert.ok(sig, formatDig(signed));
  assert.match(sig.data, /^A 13 2 3600 \d{14} \d{14} \d+ signed\.test\. [A-Za-z0-9+/]{56} [A-Za-z0-9+/]{30}==$/);
  const plain = await ask('signed.test', 'A');
  assert.equal(plain.answers.filter(a => a.type === 'RRSIG').length, 0);
  const keys = await ask('signed.test', 'DNSKEY', { dnssec: true });
  assert.ok(keys.answers.some(a => a.type === 'DNSKEY' && /^257 3 13 /.test(a.data)));
});

test('NSEC3PARAM and ANY', async () => {
  const p = await ask('nsec3.test', 'NSEC3PARAM');
  assert.match(p.answers[0]?.data ?? '', /^1 0 0 [0-9A-F]+$|^1 0 0 -$/);
  const any = await ask('example.test', 'ANY');
  assert.equal(any.rcode, 'NOERROR');
  assert.ok(any.answers.length >= 1);
  assert.equal(any.question.type, 'ANY');
});

test('DNSSEC denial: NSEC and NSEC3 records', async () => {
  const nsec = await ask('nope.signed.test', 'A', { dnssec: true });
  assert.equal(nsec.rcode, 'NXDOMAIN');
  assert.ok(nsec.authority.some(a => a.type === 'NSEC' && / RRSIG NSEC /.test(a.data)));
  const nsec3 = await ask('nope.nsec3.test', 'A', { dnssec: true });
  assert.ok(
    nsec3.authority.some(a => a.type === 'NSEC3' && /^1 0 0 [0-9A-F-]+ [0-9A-V]{32} /.test(a.data)),
    formatDig(nsec3),
  );
});

test('EDNS: NSID is shown, the buffer size and version are read', async () => {
  const r = await ask('example.test', 'SOA', { nsid: true, bufferSize: 4096 });
  assert.equal(r.edns?.version, 0);
  const nsid = r.edns?.options.find(o => o.name === 'NSID');
  assert.equal(nsid?.value, '6e657470726f62652d6b6e6f74 ("netprobe-knot")');
});

test('EDNS cookie: the server echoes the client cookie and adds its own', async () => {
  const r = await ask('example.test', 'A', { cookie: '0102030405060708' });
  const cookie = r.edns?.options.find(o => o.name === 'COOKIE');
  assert.ok(cookie, formatDig(r));
  assert.ok(cookie.hex.startsWith('0102030405060708'));
  assert.ok(cookie.hex.length >= 32);
  // knot answers a client-only cookie with BADCOOKIE; like dig, the client retries with the server cookie.
  assert.equal(r.rcode, 'NOERROR', formatDig(r));
  assert.equal(r.retriedWithServerCookie, true);
  assert.deepEqual(
    r.answers.map(a => a.data),
    ['192.0.2.1'],
  );
  const again = await ask('example.test', 'A', { cookie: cookie.hex });
  assert.equal(again.rcode, 'NOERROR');
  assert.equal(again.retriedWithServerCookie, undefined);
});

test('without EDNS there is no OPT record', async () => {
  const r = await ask('example.test', 'A', { edns: false });
  assert.equal(r.edns, undefined);
});

test('AXFR: the whole zone, SOA first and last, with the record count', async () => {
  const x = await zoneTransfer('example.test', { server: knot.server4, timeout: 3000 });
  assert.equal(x.records[0]?.type, 'SOA');
  assert.equal(x.records[x.records.length - 1]?.type, 'SOA');
  assert.equal(x.recordCount, x.records.length);
  assert.equal(x.serial, 2024010101);
  assert.ok(x.records.some(r => r.type === 'HTTPS'));
  assert.ok(x.records.some(r => r.name === 'big.example.test.'));
  assert.ok(x.recordCount >= 30);
});

test('AXFR of a signed zone over IPv6', async () => {
  const x = await zoneTransfer('signed.test.', { server: knot.server6, timeout: 3000 });
  assert.ok(x.records.some(r => r.type === 'RRSIG'));
  assert.ok(x.records.some(r => r.type === 'NSEC'));
});

test('AXFR refused is a clear refused error', async () => {
  await assert.rejects(
    zoneTransfer('noxfr.test', { server: knot.server4, timeout: 3000 }),
    (e: unknown) => e instanceof NetProbeError && e.code === 'refused' && /refused the zone transfer of noxfr\.test\./.test(e.message),
  );
});

test('a UDP port with nothing listening is refused, not a hang', async () => {
  const port = await closedPort();
  await assert.rejects(
    dnsQuery('example.test', { server: `127.0.0.1:${port}`, timeout: 2000 }),
    (e: unknown) => e instanceof NetProbeError && (e.code === 'refused' || e.code === 'timeout'),
  );
});

test('batch: names and addresses, with NXDOMAIN and NODATA, progress reported', async () => {
  const seen: number[] = [];
  const r = await dnsBatch(['example.test', '127.0.0.1', '::1', 'nope.example.test', 'sip.example.test', '127.0.0.9', 'example.org'], {
    server: knot.server4,
    timeout: 2000,
    concurrency: 3,
    onProgress: d => seen.push(d),
    progressMs: 0,
  });
  const by = new Map(r.items.map(i => [i.input, i]));
  assert.deepEqual(by.get('example.test')?.values, ['192.0.2.1', '2001:db8::1']);
  assert.deepEqual(by.get('127.0.0.1')?.values, ['localhost.']);
  assert.equal(by.get('127.0.0.1')?.kind, 'reverse');
  assert.deepEqual(by.get('::1')?.values, ['localhost.']);
  assert.equal(by.get('nope.example.test')?.status, 'nxdomain');
  assert.deepEqual(by.get('sip.example.test')?.values, ['192.0.2.50']);
  assert.equal(by.get('127.0.0.9')?.status, 'nxdomain');
  assert.equal(by.get('example.org')?.status, 'error');
  assert.equal(by.get('example.org')?.detail, 'REFUSED');
  assert.equal(r.queries, 11);
  assert.equal(seen[seen.length - 1], 11);
});

test('batch: 1500 queries with bounded concurrency all answered', async () => {
  const names = Array.from({ length: 1000 }, (_, i) => (i % 2 ? 'example.test' : `127.0.0.${i % 4 === 0 ? 1 : 2}`));
  const r = await dnsBatch(names, { server: knot.server4, timeout: 3000, concurrency: 50, sockets: 3, types: ['A', 'MX'] });
  assert.equal(r.items.filter(i => i.status !== 'ok').length, 0);
  assert.equal(r.queries, 1500);
});

test('batch in worker threads: 3000 queries, TC retried over TCP, NXDOMAIN, values per question', async () => {
  const questions = Array.from(
    { length: 3000 },
    (_, i) =>
      [
        { name: 'example.test', type: 'A' },
        { name: 'big.example.test', type: 'TXT' },
        { name: 'nope.example.test', type: 'A' },
      ][i % 3] ?? { name: 'example.test', type: 'A' },
  );
  const out = await runQueries(questions, { server: knot.server4, timeout: 5000 });
  assert.equal(out.length, 3000);
  assert.equal(out.filter(o => o.error).length, 0, out.find(o => o.error)?.error?.message);
  assert.deepEqual(out[0]?.values, ['192.0.2.1']);
  assert.equal(out[1]?.values[0]?.match(/"x{255}"/g)?.length, 6);
  assert.equal(out[2]?.rcode, 'NXDOMAIN');
  const forced = await runQueries(questions.slice(0, 9), { server: knot.server6, workers: 2 });
  assert.deepEqual(
    forced.map(o => o.rcode),
    ['NOERROR', 'NOERROR', 'NXDOMAIN', 'NOERROR', 'NOERROR', 'NXDOMAIN', 'NOERROR', 'NOERROR', 'NXDOMAIN'],
  );
});

test('batch in worker threads is cancellable', async () => {
  const ac = new AbortController();
  const p = runQueries(
    Array.from({ length: 200000 }, () => ({ name: 'example.test', type: 'A' })),
    { server: knot.server4, signal: ac.signal, workers: 2, onProgress: () => ac.abort(), progressMs: 0 },
  );
  await assert.rejects(p, (e: unknown) => e instanceof NetProbeError && e.code === 'aborted');
});

test('batch in this thread is cancellable', async () => {
  const ac = new AbortController();
  const names = Array.from({ length: 20000 }, () => 'example.test');
  const p = dnsBatch(names, { server: knot.server4, signal: ac.signal, workers: 0, onProgress: () => ac.abort(), progressMs: 0 });
  await assert.rejects(p, (e: unknown) => e instanceof NetProbeError && e.code === 'aborted');
});

test('compare resolvers: getaddrinfo (/etc/hosts) against two DNS views, differences listed', async () => {
  const c = await compareResolvers('localhost', { systemServer: knot.server4, server: knot.server6, timeout: 3000 });
  assert.deepEqual(
    c.views.map(v => v.source),
    ['getaddrinfo', 'system-dns', 'server'],
  );
  assert.ok(c.views[0]?.addresses.includes('127.0.0.1'));
  assert.deepEqual(c.views[1]?.addresses, ['127.0.0.2']);
  assert.deepEqual(c.views[2]?.addresses, ['127.0.0.2']);
  assert.ok(c.differences.includes('127.0.0.1') && c.differences.includes('127.0.0.2'));
  assert.equal(c.agree, false);
});

test('compare resolvers: the resolvers asked for and the type looked at (SRV; getaddrinfo left out, saying why)', async () => {
  const c = await compareResolvers('_sip._tcp.example.test', { resolvers: ['getaddrinfo', knot.server4, knot.server6], type: 'srv', timeout: 3000 });
  assert.equal(c.type, 'SRV');
  assert.deepEqual(
    c.views.map(v => [v.source, v.label, v.system]),
    [
      ['server', knot.server4, false],
      ['server', knot.server6, false],
    ],
  );
  assert.deepEqual(c.notes, ['getaddrinfo left out: it looks up addresses only, not SRV.']);
  for (const v of c.views) assert.deepEqual(v.addresses, ['10 60 5060 sip.example.test.']);
  assert.equal(c.agree, true);
  // The system's own resolver is marked as such; the default type is the addresses.
  const s = await compareResolvers('localhost', { resolvers: ['system'], systemServer: knot.server4, timeout: 3000 });
  assert.equal(s.type, 'A+AAAA');
  assert.deepEqual(
    s.views.map(v => [v.source, v.system, v.addresses]),
    [['system-dns', true, ['127.0.0.2']]],
  );
  await assert.rejects(compareResolvers('localhost', { resolvers: [] }), /No resolvers to compare/);
});

test('the system nameserver comes from the resolv.conf given (never the real one in tests)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-resolv-'));
  const file = path.join(dir, 'resolv.conf');
  fs.writeFileSync(file, `# test\nnameserver 127.0.0.1#${knot.port}\nsearch example.test\n`);
  try {
    const r = await dnsQuery('example.test', { resolvConf: file, timeout: 3000 });
    assert.equal(r.server.port, knot.port);
    assert.deepEqual(
      r.answers.map(a => a.data),
      ['192.0.2.1'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('dig formatting shows header, flags, sections and the server', async () => {
  const r = await ask('www.example.test', 'A', { nsid: true });
  const text = formatDig(r);
  assert.match(text, /status: NOERROR, id: \d+/);
  assert.match(text, /flags: qr aa rd; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1/);
  assert.match(text, /; NSID: .*netprobe-knot/);
  assert.match(text, /www\.example\.test\.\s+3600\s+IN\s+CNAME\s+example\.test\./);
  assert.match(text, new RegExp(`SERVER: 127\\.0\\.0\\.1#${knot.port}`));
});
