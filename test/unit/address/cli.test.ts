import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { COMMANDS } from '../../../src/cli/registry';
import { runCli } from '../../../src/cli/run';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    argv,
    COMMANDS,
    {
      stdout: t => {
        out += `${t}\n`;
      },
      stderr: t => {
        err += `${t}\n`;
      },
    },
    new AbortController().signal,
  );
  return { code, out, err };
}

test('netprobe ip --json has every documented field', async () => {
  const r = await cli('ip', '0127.0.0.1', '--json');
  assert.equal(r.code, 0);
  const j = JSON.parse(r.out);
  assert.equal(j.inetAton, '87.0.0.1');
  assert.equal(j.strict, null);
  assert.equal(j.differs, true);
  assert.equal(j.canonical, '87.0.0.1');
  assert.equal(j.integer, '1459617793');
  assert.equal(j.packedHex, '57000001');
  assert.equal(j.reversePointer, '1.0.0.87.in-addr.arpa');
  assert.equal(j.range, 'global');
});

test('netprobe ip text output and --int', async () => {
  assert.match((await cli('ip', '::ffff:192.0.2.128')).out, /Embedded IPv4 \(mapped\): +192\.0\.2\.128/);
  const j = JSON.parse((await cli('ip', '--int', '1', '-6', '--json')).out);
  assert.equal(j.canonical, '::1');
});

test('invalid input exits 2 with the reason on stderr', async () => {
  for (const argv of [
    ['ip', '10.0.0.256'],
    ['order', '70000', '--bits', '16'],
    ['order', '1', '--bits', '8'],
    ['mac', '00:11'],
    ['cidr', '10.0.0.0/33'],
    ['ip'],
  ]) {
    const r = await cli(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.out, '');
    assert.ok(r.err.trim().split('\n').length === 1 && r.err.length > 10, r.err);
  }
});

test('netprobe order, mac and cidr --json', async () => {
  const o = JSON.parse((await cli('order', '0x1234', '--json')).out);
  assert.equal(o.bits, 16);
  assert.deepEqual(o.networkBytes, ['12', '34']);
  const m = JSON.parse((await cli('mac', '00-11-32-3C-C3-0B', '--json')).out);
  assert.equal(m.vendor.name, 'Synology Incorporated');
  assert.equal(m.linkLocal, 'fe80::211:32ff:fe3c:c30b');
  const c = JSON.parse((await cli('cidr', '10.1.2.3/255.255.0.0', '--contains', '10.1.9.9', '--split', '/18', '--json')).out);
  assert.equal(c.cidr, '10.1.0.0/16');
  assert.equal(c.contains.inside, true);
  assert.equal(c.split.subnets.length, 4);
  const outside = await cli('cidr', '10.0.0.0/8', '--contains', '11.0.0.1');
  assert.equal(outside.code, 1);
  assert.match(outside.out, /NOT inside/);
});
