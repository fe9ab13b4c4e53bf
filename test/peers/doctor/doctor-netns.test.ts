import { test } from 'node:test';
import type { TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import * as readline from 'readline';
import type { DoctorReport } from '../../../src/core/doctor/types';
import { CLI } from '../../helpers/cli';
import type { Netns } from '../../helpers/netns';
import { netnsSkipReason, withNetns } from '../../helpers/netns';

// The doctor in a namespace of its own: its /etc/hosts gives a dual-stack name, its /etc/resolv.conf points at
// a DNS server this test runs inside the namespace, so no query ever leaves it.
const WEB_PORT = 8080;
const ETC = {
  hosts: '127.0.0.1 localhost\n::1 dual.netprobe.test\n127.0.0.1 dual.netprobe.test\n',
  'resolv.conf': 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n',
};

/** A web server on 127.0.0.1 only (IPv6 refused) and a DNS server answering NXDOMAIN to every query, which it prints. */
function peersScript(): string {
  return `
    const dgram = require('dgram');
    const http = require('http');
    const packet = require(${JSON.stringify(require.resolve('dns-packet'))});
    const dns = dgram.createSocket('udp4');
    dns.on('message', (msg, rinfo) => {
      const q = packet.decode(msg);
      const name = q.questions[0] ? q.questions[0].name : '';
      console.log('query ' + name);
      const reply = packet.encode({ id: q.id, type: 'response', flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE, rcode: 'NXDOMAIN', questions: q.questions });
      dns.send(reply, rinfo.port, rinfo.address);
    });
    const web = http.createServer((req, res) => res.end('hello'));
    let left = 2;
    const ready = () => { if (--left === 0) console.log('ready'); };
    dns.bind(53, '127.0.0.1', ready);
    web.listen(${WEB_PORT}, '127.0.0.1', ready);`;
}

interface Peers {
  queries: string[];
  stop: () => Promise<void>;
}

async function startPeers(ns: Netns): Promise<Peers> {
  const { child, stop } = ns.spawn(process.execPath, ['-e', peersScript()]);
  if (!child.stdout) throw new Error('no stdout from the peers');
  const queries: string[] = [];
  const lines = readline.createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', code => reject(new Error(`peers exited with ${code}`)));
    lines.on('line', line => {
      if (line === 'ready') resolve();
      else if (line.startsWith('query ')) queries.push(line.slice(6));
    });
  });
  return { queries, stop };
}

async function doctorIn(ns: Netns, target: string): Promise<{ code: number | null; report: DoctorReport }> {
  const r = await ns.exec(process.execPath, [CLI, 'doctor', target, '--json', '--timeout', '5000']);
  return { code: r.code, report: JSON.parse(r.stdout) as DoctorReport };
}

/**
 * Runs `fn` in a fresh namespace with this file's /etc and peers, stopped after it (a test may stop them earlier);
 * skipped with the reason where namespaces cannot run (outside CI).
 */
async function inNamespace(t: TestContext, fn: (ns: Netns, peers: Peers) => Promise<void>): Promise<void> {
  const why = await netnsSkipReason();
  if (why) {
    t.skip(why);
    return;
  }
  await withNetns(
    'doctor',
    async ns => {
      const peers = await startPeers(ns);
      try {
        await fn(ns, peers);
      } finally {
        await peers.stop();
      }
    },
    { etc: ETC },
  );
}

const stepStatus = (r: DoctorReport): string[][] => r.steps.map(s => [s.name, s.status]);

test('doctor: a dual-stack name whose service listens on IPv4 only connects after ::1 is refused, with IPv6 advice', async t => {
  await inNamespace(t, async (ns, peers) => {
    const { code, report } = await doctorIn(ns, `http://dual.netprobe.test:${WEB_PORT}/`);
    await peers.stop();
    assert.equal(code, 0, JSON.stringify(report.steps));
    assert.equal(report.verdict, 'warning');
    assert.deepEqual(stepStatus(report), [
      ['resolve', 'ok'],
      ['connect', 'warning'],
      ['tls', 'skipped'],
      ['http', 'ok'],
    ]);
    assert.deepEqual(report.addresses.map(a => [a.address, a.outcome]).sort(), [
      ['127.0.0.1', 'open'],
      ['::1', 'refused'],
    ]);
    assert.equal(report.usedAddress, '127.0.0.1');
    const connect = report.steps.find(s => s.name === 'connect');
    assert.match(connect?.summary ?? '', /::1 refused/);
    assert.match(connect?.advice ?? '', /does not answer on IPv6/);
    assert.equal(report.http?.statusCode, 200);
    assert.deepEqual(peers.queries, [], "the name came from the namespace's /etc/hosts, not DNS");
  });
});

test('doctor: a name the nameserver does not know fails at resolve (NXDOMAIN), and a dead nameserver is named', async t => {
  await inNamespace(t, async (ns, peers) => {
    const missing = await doctorIn(ns, `http://missing.netprobe.test:${WEB_PORT}/`);
    await peers.stop();
    assert.equal(missing.code, 1);
    assert.equal(missing.report.verdict, 'failed');
    assert.deepEqual(stepStatus(missing.report), [
      ['resolve', 'failed'],
      ['connect', 'skipped'],
      ['tls', 'skipped'],
      ['http', 'skipped'],
    ]);
    const resolveStep = missing.report.steps[0];
    assert.match(resolveStep?.summary ?? '', /"missing\.netprobe\.test" does not exist/);
    assert.match(resolveStep?.advice ?? '', /resolv\.conf/);
    assert.deepEqual(missing.report.addresses, []);
    assert.ok(peers.queries.includes('missing.netprobe.test'), `our DNS server was asked: ${peers.queries.join(', ')}`);

    // Nothing listens on the nameserver's port any more: a temporary failure, not "does not exist".
    const dead = await doctorIn(ns, `http://missing.netprobe.test:${WEB_PORT}/`);
    assert.equal(dead.code, 1);
    assert.equal(dead.report.steps[0]?.status, 'failed');
    assert.match(dead.report.steps[0]?.summary ?? '', /the nameserver did not answer/);
  });
});

test('port and diagnose: a name the nameserver does not know is a DNS error (asked of the namespace own nameserver)', async t => {
  await inNamespace(t, async (ns, peers) => {
    const port = await ns.exec(process.execPath, [CLI, 'port', 'missing.netprobe.test', '80', '--json', '--timeout', '2000']);
    const diag = await ns.exec(process.execPath, [CLI, 'diagnose', 'missing.netprobe.test', '80', '--json', '--timeout', '2000']);
    await peers.stop();
    const p = JSON.parse(port.stdout) as { outcome: string; open: boolean };
    assert.equal(p.outcome, 'dns-error', port.stdout);
    assert.equal(p.open, false);
    assert.equal(port.code, 1);
    const d = JSON.parse(diag.stdout) as { category: string };
    assert.equal(d.category, 'dns-error', diag.stdout);
    assert.ok(peers.queries.includes('missing.netprobe.test'), `our DNS server was asked: ${peers.queries.join(', ')}`);
  });
});
