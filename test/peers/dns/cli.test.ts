import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { KnotServer } from '../../helpers/knot';
import { startKnot } from '../../helpers/knot';
import { json, runCli } from '../../helpers/cli';

let knot: KnotServer;
before(async () => {
  knot = await startKnot();
});
after(async () => {
  await knot.close();
});

interface DnsJson {
  rcode: string;
  flags: string[];
  answers: Array<Record<string, unknown>>;
  authority: Array<{ type: string }>;
  server: string;
  transport: string;
  rttMs: number;
  retriedOverTcp?: boolean;
}

test('netprobe dns --json has rcode, flags, sections as { name, type, ttl, data }, server, transport, rttMs', async () => {
  const r = await runCli(['dns', 'example.test', 'MX', '--server', knot.server4, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const body = json<DnsJson>(r);
  assert.equal(body.rcode, 'NOERROR');
  assert.deepEqual(body.flags, ['qr', 'aa', 'rd']);
  assert.deepEqual(body.answers, [
    { name: 'example.test.', type: 'MX', ttl: 3600, data: '10 mail.example.test.' },
    { name: 'example.test.', type: 'MX', ttl: 3600, data: '20 mail2.example.net.' },
  ]);
  assert.equal(body.server, knot.server4);
  assert.equal(body.transport, 'udp');
  assert.equal(typeof body.rttMs, 'number');
});

test('netprobe dns prints like dig, accepts @server, and exits 1 on NXDOMAIN', async () => {
  const ok = await runCli(['dns', 'www.example.test', `@${knot.server4}`, '--nsid']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /;; ->>HEADER<<- opcode: QUERY, status: NOERROR/);
  assert.match(ok.stdout, /;; ANSWER SECTION:\nwww\.example\.test\.\s+3600\s+IN\s+CNAME\s+example\.test\.\nexample\.test\.\s+3600\s+IN\s+A\s+192\.0\.2\.1/);
  assert.match(ok.stdout, /NSID: .*netprobe-knot/);
  const nx = await runCli(['dns', 'nope.example.test', '--server', knot.server4, '--json']);
  assert.equal(nx.code, 1);
  assert.equal(json<DnsJson>(nx).rcode, 'NXDOMAIN');
  assert.equal(json<DnsJson>(nx).authority[0]?.type, 'SOA');
});

test('netprobe dns --short, -x, --tcp, --dnssec and the TC retry', async () => {
  const short = await runCli(['dns', '-x', '127.0.0.1', '--server', knot.server4, '--short']);
  assert.equal(short.stdout.trim(), 'localhost.');
  const big = await runCli(['dns', 'big.example.test', 'TXT', '--server', knot.server6, '--json']);
  assert.equal(json<DnsJson>(big).transport, 'tcp');
  assert.equal(json<DnsJson>(big).retriedOverTcp, true);
  const sig = await runCli(['dns', 'signed.test', 'A', '--server', knot.server4, '--dnssec', '--tcp', '--json']);
  const body = json<DnsJson>(sig);
  assert.equal(body.transport, 'tcp');
  assert.ok(body.answers.some(a => a.type === 'RRSIG'));
});

test('netprobe dns bad input exits 2 with one line', async () => {
  for (const args of [
    ['dns'],
    ['dns', 'example.test', 'BOGUS'],
    ['dns', 'example.test', '--server', '127.0.0.1:99999'],
    ['dns', 'a..b', '--server', knot.server4],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});

test('netprobe axfr lists the zone and counts; a refused transfer exits 1 with a clear reason', async () => {
  const r = await runCli(['axfr', 'example.test', '--server', knot.server4, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const body = json<{ recordCount: number; records: Array<{ type: string }> }>(r);
  assert.equal(body.records.length, body.recordCount);
  assert.equal(body.records[0]?.type, 'SOA');
  const text = await runCli(['axfr', 'example.test', '--server', knot.server4]);
  assert.match(text.stdout, /;; XFR size: \d+ records \(messages \d+, bytes \d+\), serial 2024010101/);
  const refused = await runCli(['axfr', 'noxfr.test', '--server', knot.server4]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /refused the zone transfer of noxfr\.test\./);
  const missing = await runCli(['axfr', 'example.test']);
  assert.equal(missing.code, 2);
});
