import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as dgram from 'dgram';
import { once } from 'events';
import type { KnotServer } from '../../helpers/knot';
import { startKnot } from '../../helpers/knot';
import { CLI } from '../../helpers/cli';
import { rawControls } from '../../helpers/terminal';
import { rawServer } from '../http/raw-server';
import type { RawServer } from '../http/raw-server';

// Issue 13 item 4: hostile peers put terminal escapes in every field NetProbe prints; the CLI output of every
// command carries none of them raw.

const CLEAR = '\x1b[2J';
const OSC8 = '\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\';
const C1 = '\x9b31m';
const HOSTILE = Buffer.concat([
  Buffer.from(`${CLEAR}${OSC8}`, 'latin1'),
  Buffer.from([0x9b, 0x33, 0x31, 0x6d, 0xc2, 0x9d, 0x07, 0x00, 0x7f]),
  Buffer.from('\u202eevil'),
]);

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

function run(cmd: string, args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
    child.stdin.end(input);
  });
}

const netprobe = (args: string[]): Promise<Run> => run(process.execPath, [CLI, ...args]);

/** Asserts that both streams are valid UTF-8 with no control a terminal would act on; returns stdout + stderr. */
function assertSafe(r: Run, what: string): string {
  const text: string[] = [];
  for (const [name, bytes] of [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
  ] as const) {
    let decoded: string;
    try {
      decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      assert.fail(`${what}: ${name} is not valid UTF-8 (a raw C1 byte?): ${bytes.toString('hex')}`);
    }
    const found = rawControls(decoded);
    assert.deepEqual(found, [], `${what}: raw control characters on ${name}: ${JSON.stringify(decoded).slice(0, 600)}`);
    text.push(decoded);
  }
  return text.join('\n');
}

/** A zone-file name or string body with every byte outside [A-Za-z0-9-] written as \DDD. */
function zoneText(bytes: string | Buffer): string {
  return [...(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1'))]
    .map(b => (/[A-Za-z0-9-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`))
    .join('');
}

const EVIL = `${zoneText(CLEAR)}.${zoneText(OSC8)}.evil.`;
const ZONE = `$ORIGIN hostile.test.
$TTL 300
@ SOA ${EVIL} ${zoneText(OSC8)}.evil. 1 2 3 4 5
@ NS ns.example.
mx MX 10 ${EVIL}
srv SRV 1 2 3 ${EVIL}
naptr NAPTR 1 2 "${zoneText(C1)}" "${zoneText(CLEAR)}" "" ${EVIL}
rrsig RRSIG A 8 2 300 1 2 3 ${zoneText(CLEAR)}.hostile.test. AAAA
nsec NSEC ${EVIL} A MX
rp RP ${EVIL} ${zoneText(OSC8)}.evil.
caa CAA 0 issue "${zoneText(HOSTILE)}"
txt TXT "${zoneText(HOSTILE)}" "${zoneText(C1)}"
cname CNAME ${EVIL}
svcb SVCB 1 ${EVIL} alpn="${zoneText(CLEAR)}" key999="${zoneText(HOSTILE)}"
`;

let knot: KnotServer;
before(async () => {
  knot = await startKnot({ noDefaultZones: true, zones: { 'hostile.test': ZONE } });
});
after(async () => {
  await knot.close();
});

const DNS_CASES: Array<[string, string]> = [
  ['hostile.test', 'SOA'],
  ['mx.hostile.test', 'MX'],
  ['srv.hostile.test', 'SRV'],
  ['naptr.hostile.test', 'NAPTR'],
  ['rrsig.hostile.test', 'RRSIG'],
  ['nsec.hostile.test', 'NSEC'],
  ['rp.hostile.test', 'RP'],
  ['caa.hostile.test', 'CAA'],
  ['txt.hostile.test', 'TXT'],
  ['cname.hostile.test', 'CNAME'],
  ['svcb.hostile.test', 'SVCB'],
];

test("dns: names and strings with ESC[2J, OSC 8 and C1 bytes are printed in dig's \\DDD form, never raw", async () => {
  for (const [name, type] of DNS_CASES) {
    // Every type with --short; the full view and --json (the same strings) for a few.
    const modes = ['SOA', 'MX', 'NAPTR', 'SVCB'].includes(type) ? [['--short'], [], ['--json']] : [['--short']];
    for (const extra of modes) {
      const r = await netprobe(['dns', name, type, `@${knot.server4}`, ...extra]);
      assert.equal(r.code, 0, `${name} ${type} ${extra.join(' ')}: ${r.stderr.toString()}`);
      const text = assertSafe(r, `dns ${name} ${type} ${extra.join(' ')}`);
      if (extra[0] !== '--json') assert.match(text, /\\027/, `${name} ${type}: the escape byte is shown as \\027`);
    }
  }
  const x = await netprobe(['axfr', 'hostile.test', '--server', knot.server4]);
  assert.equal(x.code, 0, x.stderr.toString());
  assert.match(assertSafe(x, 'axfr'), /\\027\[2J/);
});

test('http: a reason phrase, headers and a body with ESC and C1 bytes are shown escaped (-v, -I, --json)', async () => {
  const reason = Buffer.concat([Buffer.from(`OK ${CLEAR}`, 'latin1'), Buffer.from([0x9b, 0x33, 0x31, 0x6d, 0xc2, 0x9d, 0x7f])]);
  const body = Buffer.concat([Buffer.from('body '), HOSTILE, Buffer.from('\r\nline two\n')]);
  const responses: Record<string, Buffer> = {
    '/reason': Buffer.concat([Buffer.from('HTTP/1.1 200 '), reason, Buffer.from('\r\nContent-Length: 2\r\n\r\nok')]),
    '/header': Buffer.concat([
      Buffer.from('HTTP/1.1 200 OK\r\nX-Evil: '),
      Buffer.from(`a${OSC8}b`, 'latin1'),
      Buffer.from([0x9b]),
      Buffer.from('\r\nContent-Length: 2\r\n\r\nok'),
    ]),
    '/body': Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`), body]),
  };
  const server: RawServer = await rawServer((s, received) => {
    s.on('data', () => {
      const head = received().toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const path = /^[A-Z]+ (\S+)/.exec(head)?.[1] ?? '/';
      s.end(responses[path] ?? responses['/body']);
    });
  });
  try {
    let escapedSomewhere = false;
    for (const path of Object.keys(responses)) {
      for (const extra of [[], ['-v'], ['-I'], ['--json']]) {
        const r = await netprobe(['http', `http://127.0.0.1:${server.port}${path}`, ...extra]);
        const text = assertSafe(r, `http ${path} ${extra.join(' ')}`);
        if (/\\x1b/.test(text)) escapedSomewhere = true;
      }
    }
    assert.ok(escapedSomewhere, 'the hostile bytes reached the output, escaped');
    const doctor = await netprobe(['doctor', `http://127.0.0.1:${server.port}/reason`]);
    assertSafe(doctor, 'doctor');
  } finally {
    await server.close();
  }
});

test('udp send: a reply with escapes and C1 bytes is printed escaped (text and --json)', async () => {
  const peer = dgram.createSocket('udp4');
  peer.on('message', (_m, rinfo) => peer.send(HOSTILE, rinfo.port, rinfo.address));
  peer.bind(0, '127.0.0.1');
  await once(peer, 'listening');
  try {
    const port = String(peer.address().port);
    for (const extra of [[], ['--json']]) {
      const r = await netprobe(['udp', 'send', '127.0.0.1', port, '--text', 'ping', '--wait', '3000', '--replies', '1', ...extra]);
      assert.equal(r.code, 0, r.stderr.toString());
      assertSafe(r, `udp send ${extra.join(' ')}`);
    }
  } finally {
    await new Promise<void>(r => peer.close(() => r()));
  }
});

test('scan --banner and a SOCKS proxy answering garbage: peer bytes are escaped in tables and errors', async () => {
  const banner = await rawServer(s => {
    s.write(Buffer.concat([Buffer.from('SSH-2.0-'), HOSTILE, Buffer.from('\r\n')]));
  });
  const socks = await rawServer(s => {
    s.once('data', () => s.end(Buffer.concat([Buffer.from('HTTP/1.1 400 '), HOSTILE, Buffer.from('\r\n\r\n')])));
  });
  try {
    const scan = await netprobe(['scan', '127.0.0.1', '--ports', String(banner.port), '--banner']);
    assert.equal(scan.code, 0, scan.stderr.toString());
    assertSafe(scan, 'scan --banner');
    assertSafe(await netprobe(['scan', '127.0.0.1', '--ports', String(banner.port), '--banner', '--json']), 'scan --banner --json');
    const viaProxy = await netprobe(['http', 'http://127.0.0.1:9/', '--proxy', `socks5://127.0.0.1:${socks.port}`]);
    assert.equal(viaProxy.code, 1);
    assertSafe(viaProxy, 'http via a garbage SOCKS proxy');
  } finally {
    await banner.close();
    await socks.close();
  }
});

test('nc: on a terminal the reply is escaped; into a pipe it is passed byte for byte', async () => {
  const payload = Buffer.concat([Buffer.from('hello '), HOSTILE, Buffer.from('\r\nbye\n'), Buffer.from([0xff, 0xfe])]);
  const server = await rawServer(s => {
    s.end(payload);
  });
  try {
    const piped = await netprobe(['nc', '127.0.0.1', String(server.port)]);
    assert.equal(piped.code, 0, piped.stderr.toString());
    assert.deepEqual(piped.stdout, payload, 'a pipe gets the bytes as received');
    // `script` gives the command a pseudoterminal (stty -onlcr: the terminal adds no CR of its own).
    const shell = `stty -onlcr; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} nc 127.0.0.1 ${server.port}`;
    const tty = await run('script', ['-qec', shell, '/dev/null']);
    assert.equal(tty.code, 0, tty.stderr.toString());
    const text = assertSafe(tty, 'nc on a terminal');
    assert.ok(text.includes('hello \\x1b[2J\\x1b]8;;http://evil.example/\\x1b\\click'), text);
    assert.ok(text.includes('\\xc2\\x9d') && text.includes('\\xff\\xfe') && text.includes('\\u202e') === false && text.includes('\\xe2\\x80\\xae'), text);
  } finally {
    await server.close();
  }
});
