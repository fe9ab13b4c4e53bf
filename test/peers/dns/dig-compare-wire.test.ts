import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'child_process';
import * as dgram from 'dgram';
import { once } from 'events';
import { encodeName } from '../../../src/core/dns/name';
import { typeName } from '../../../src/core/dns/rrtypes';
import { COMMANDS } from '../../../src/cli/registry';
import { runCli } from '../../../src/cli/run';

// Record data knot will not serve (types it does not load, classes other than IN, edge values), answered by a
// scripted nameserver: NetProbe's --short output must still equal dig +short, byte for byte.

const name = (text: string): Buffer => encodeName(text);
const u16 = (v: number): Buffer => Buffer.from([v >> 8, v & 255]);
const u32 = (v: number): Buffer => Buffer.from([v >>> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255]);
const str = (s: string | Buffer): Buffer => {
  const b = Buffer.isBuffer(s) ? s : Buffer.from(s, 'latin1');
  return Buffer.concat([Buffer.from([b.length]), b]);
};
const HOSTILE = Buffer.from('\x1b[2J\x9b31m"\\ ;@', 'latin1');

interface Case {
  owner: string;
  type: number;
  class?: number;
  rdata: Buffer[];
}

const CASES: Case[] = [
  { owner: 'md', type: 3, rdata: [name('a\\046b.example')] },
  { owner: 'mf', type: 4, rdata: [name('mf.example')] },
  { owner: 'mb', type: 7, rdata: [name('mb.example')] },
  { owner: 'mg', type: 8, rdata: [name('mg.example')] },
  { owner: 'mr', type: 9, rdata: [name('\\027\\155.example')] },
  { owner: 'x25', type: 19, rdata: [str('311061700956')] },
  { owner: 'isdn', type: 20, rdata: [str('150862028003217'), Buffer.concat([str('150862028003217'), str(HOSTILE)])] },
  { owner: 'gpos', type: 27, rdata: [Buffer.concat([str('-32.6882'), str('116.8652'), str('10.0')])] },
  { owner: 'px', type: 26, rdata: [Buffer.concat([u16(10), name('net2.it'), name('prmd-net2.admd-p400.c-it')])] },
  { owner: 'ta', type: 32768, rdata: [Buffer.concat([u16(20326), Buffer.from([8, 2]), Buffer.alloc(32, 0xab)])] },
  { owner: 'dlv', type: 32769, rdata: [Buffer.concat([u16(1), Buffer.from([5, 1]), Buffer.alloc(20, 0x11)])] },
  { owner: 'rkey', type: 57, rdata: [Buffer.concat([u16(0), Buffer.from([3, 8]), Buffer.alloc(70, 0x5a)])] },
  { owner: 'key', type: 25, rdata: [Buffer.concat([u16(0xc000), Buffer.from([3, 8])]), Buffer.concat([u16(256), Buffer.from([3, 8]), Buffer.alloc(10, 1)])] },
  {
    owner: 'sig',
    type: 24,
    rdata: [
      Buffer.concat([u16(1), Buffer.from([8, 2]), u32(300), u32(2000000000), u32(1900000000), u16(7), name('sig.test'), Buffer.alloc(64, 9)]),
      Buffer.concat([u16(65280), Buffer.from([8, 2]), u32(300), u32(0xffffffff), u32(0), u16(7), name('sig.test'), Buffer.alloc(5, 9)]),
    ],
  },
  {
    owner: 'hip',
    type: 55,
    rdata: [Buffer.concat([Buffer.from([16, 2]), u16(10), Buffer.alloc(16, 0x20), Buffer.alloc(10, 0x30), name('rvs1.example'), name('rvs2.example')])],
  },
  { owner: 'ninfo', type: 56, rdata: [Buffer.concat([str('info'), str(HOSTILE)])] },
  { owner: 'avc', type: 258, rdata: [str('app-name:WOLFGANG|app-class:OAM')] },
  { owner: 'resinfo', type: 261, rdata: [Buffer.concat([str('qnamemin'), str('exterr=15-17')])] },
  { owner: 'wallet', type: 262, rdata: [Buffer.concat([str('BTC'), str(HOSTILE)])] },
  { owner: 'talink', type: 58, rdata: [Buffer.concat([name('prev.example'), name('next.example')])] },
  { owner: 'chaos', type: 1, class: 3, rdata: [Buffer.concat([name('ch-addr.mit.edu'), u16(0o177001)])] },
  { owner: 'hesiod', type: 1, class: 4, rdata: [Buffer.from([192, 0, 2, 1])] },
  { owner: 'srvch', type: 33, class: 3, rdata: [Buffer.concat([u16(1), u16(2), u16(3), name('x.example')])] },
  {
    owner: 'loc1',
    type: 29,
    rdata: [
      Buffer.concat([Buffer.from([1, 0x12, 0x16, 0x13]), u32(0x80000000), u32(0x80000000), u32(10000000)]),
      Buffer.concat([Buffer.from([0, 0x00, 0x16, 0x13]), u32(0x80000000 - 1), u32(0x80000000 + 1), u32(0)]),
    ],
  },
  { owner: 'caa', type: 257, rdata: [Buffer.concat([Buffer.from([0]), str('issue')]), Buffer.concat([Buffer.from([128]), str('tbs'), HOSTILE])] },
  { owner: 'uri', type: 256, rdata: [Buffer.concat([u16(1), u16(2)]), Buffer.concat([u16(1), u16(3), HOSTILE])] },
  { owner: 'txt', type: 16, rdata: [str(''), Buffer.concat([str(''), str(HOSTILE), str(Buffer.from([0, 255, 127, 128]))])] },
  {
    owner: 'svcb',
    type: 64,
    rdata: [
      Buffer.concat([
        u16(1),
        name(''),
        u16(1),
        u16(7),
        Buffer.from([2, 0x68, 0x32, 3, 0x2c, 0x5c, 0x22]),
        u16(65000),
        u16(0),
        u16(65001),
        u16(HOSTILE.length),
        HOSTILE,
      ]),
    ],
  },
  {
    owner: 'apl',
    type: 42,
    rdata: [
      Buffer.concat([u16(1), Buffer.from([24, 3, 192, 0, 2]), u16(2), Buffer.from([64, 0x84, 0x20, 0x01, 0x0d, 0xb8])]),
      Buffer.concat([u16(3), Buffer.from([8, 1, 9])]),
    ],
  },
  {
    owner: 'ipseckey',
    type: 45,
    rdata: [Buffer.concat([Buffer.from([10, 3, 2]), name('gw.example'), Buffer.alloc(20, 7)]), Buffer.concat([Buffer.from([10, 0, 2]), Buffer.alloc(3, 1)])],
  },
  { owner: 'v'.repeat(32), type: 50, rdata: [Buffer.concat([Buffer.from([1, 1]), u16(0), str(''), str(Buffer.alloc(20, 0xff))])] },
  { owner: 'unknown', type: 65534, rdata: [Buffer.alloc(0), Buffer.alloc(100, 0xfe)] },
];

const ORIGIN = 'wire.test';
let server: dgram.Socket;
let port: number;

/** Answers every query for `OWNER.wire.test` with that case's records (owner compressed to the question). */
function answer(query: Buffer): Buffer | undefined {
  let p = 12;
  const labels: string[] = [];
  while ((query[p] ?? 0) !== 0 && p < query.length) {
    labels.push(
      query
        .subarray(p + 1, p + 1 + (query[p] ?? 0))
        .toString('latin1')
        .toLowerCase(),
    );
    p += (query[p] ?? 0) + 1;
  }
  const qEnd = p + 5;
  const c = CASES.find(x => `${x.owner}.${ORIGIN}` === labels.join('.'));
  const records = (c?.rdata ?? []).map(rd => Buffer.concat([u16(0xc00c), u16(c?.type ?? 0), u16(c?.class ?? 1), u32(300), u16(rd.length), rd]));
  const header = Buffer.concat([query.subarray(0, 2), u16(0x8400), u16(1), u16(records.length), u16(0), u16(0)]);
  return Buffer.concat([header, query.subarray(12, qEnd), ...records]);
}

before(async () => {
  server = dgram.createSocket('udp4');
  server.on('message', (q, rinfo) => {
    const a = answer(q);
    if (a) server.send(a, rinfo.port, rinfo.address);
  });
  server.bind(0, '127.0.0.1');
  await once(server, 'listening');
  port = server.address().port;
});
after(async () => {
  await new Promise<void>(r => server.close(() => r()));
});

const CLASS_NAMES: Record<number, string> = { 1: 'IN', 3: 'CH', 4: 'HS' };

function dig(c: Case): Promise<string> {
  const args = [
    '+short',
    '+tries=3',
    '+time=3',
    '@127.0.0.1',
    '-p',
    String(port),
    '-c',
    CLASS_NAMES[c.class ?? 1] ?? 'IN',
    '-t',
    typeName(c.type),
    `${c.owner}.${ORIGIN}`,
  ];
  return new Promise((resolve, reject) => {
    execFile('dig', args, { encoding: 'latin1' }, (e, out) => (e ? reject(new Error(`dig: ${e.message}`)) : resolve(out)));
  });
}

test(`records knot does not serve (${CASES.length} cases: other types, CH/HS classes, edge values) read as dig +short reads them`, async () => {
  const diffs: string[] = [];
  for (const c of CASES) {
    const want = await dig(c);
    assert.ok(!/^;;/m.test(want), `dig refused ${c.owner}: ${want}`);
    let out = '';
    const code = await runCli(
      ['dns', `${c.owner}.${ORIGIN}`, typeName(c.type), `@127.0.0.1:${port}`, '-c', CLASS_NAMES[c.class ?? 1] ?? 'IN', '--short'],
      COMMANDS,
      {
        stdout: t => {
          out += `${t}\n`;
        },
        stderr: () => undefined,
      },
      new AbortController().signal,
    );
    if (code !== 0 || out !== want) diffs.push(`${c.owner} ${typeName(c.type)}\n  dig:  ${want.trimEnd()}\n  ours: ${out.trimEnd()}`);
  }
  assert.ok(diffs.length === 0, diffs.join('\n'));
});
