import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as net from 'net';
import { NetProbeError, describeAddress, parseIpv6, formatIpv6 } from '../../../src/core';
import { CASES } from '../../unit/address/cases';
import { systemLookups } from './system-lookup';
import { skipOutsideCi } from '../../helpers/peers';

test('the table has at least 60 tricky cases', () => {
  assert.ok(CASES.length >= 60, `${CASES.length} cases`);
});

for (const c of CASES) {
  test(`address ${JSON.stringify(c.input)}`, () => {
    if (c.invalid) {
      assert.throws(
        () => describeAddress(c.input),
        (e: unknown) => {
          assert.ok(e instanceof NetProbeError, `not a NetProbeError: ${String(e)}`);
          assert.equal(e.code, 'invalid-input');
          assert.match(e.message, c.invalid ?? /./);
          return true;
        },
      );
      return;
    }
    const info = describeAddress(c.input);
    assert.equal(info.family, c.family);
    assert.equal(info.canonical, c.canonical);
    if (c.family === 4) {
      assert.equal(info.inetAton, c.canonical);
      assert.equal(info.strict, c.strict);
      assert.equal(info.differs, c.strict !== c.canonical || info.decimalReading !== undefined);
      if (c.strict === null) assert.ok(info.notes.length > 0, 'a legacy form is explained');
    }
    assert.equal(info.zone, c.zone);
  });
}

test('the leading-zero trap is spelled out: 0127.0.0.1 is 87.0.0.1 to inet_aton, 127.0.0.1 to decimal readers', () => {
  const info = describeAddress('0127.0.0.1');
  assert.equal(info.inetAton, '87.0.0.1');
  assert.equal(info.strict, null);
  assert.equal(info.decimalReading, '127.0.0.1');
  assert.equal(info.differs, true);
  assert.ok(info.notes.some(n => n.includes('87.0.0.1') && n.includes('127.0.0.1')));
});

test('net.isIP agrees with the strict reading of every case', () => {
  for (const c of CASES) {
    if (c.input.startsWith('[')) continue;
    const kind = net.isIP(c.input);
    const strictOk = c.invalid === undefined && (c.family === 6 || c.strict !== null);
    assert.equal(kind !== 0, strictOk, `net.isIP(${JSON.stringify(c.input)}) = ${kind}`);
    if (kind !== 0) assert.equal(kind, c.family, c.input);
  }
});

test('our IPv6 parser agrees with net.isIPv6 and with the URL parser on canonical text', () => {
  for (const c of CASES) {
    if (!c.input.includes(':') || c.input.startsWith('[')) continue;
    const bare = c.input.split('%')[0] ?? '';
    let ours: string | undefined;
    try {
      ours = formatIpv6(parseIpv6(bare).bytes);
    } catch {
      ours = undefined;
    }
    assert.equal(ours !== undefined, net.isIPv6(bare), c.input);
    if (ours !== undefined && !ours.startsWith('::ffff:')) assert.equal(ours, new URL(`http://[${bare}]/`).hostname.slice(1, -1), c.input);
  }
});

test('getaddrinfo (dns.lookup of the literal, in an empty network namespace) reads every case as we do', t => {
  const rows = CASES.filter(c => c.noSystem === undefined);
  const got = systemLookups(rows.map(c => c.input));
  if (typeof got === 'string') {
    t.skip(skipOutsideCi(got, 'the getaddrinfo comparison') || got);
    return;
  }
  rows.forEach((c, i) => {
    const r = got[i];
    assert.ok(r, c.input);
    if (c.invalid) {
      assert.ok('error' in r, `getaddrinfo accepted ${JSON.stringify(c.input)} as ${JSON.stringify(r)}, we reject it`);
      return;
    }
    assert.ok('addresses' in r, `getaddrinfo rejected ${JSON.stringify(c.input)} (${JSON.stringify(r)}), we read ${c.canonical}`);
    assert.equal(r.addresses.length, 1, c.input);
    const sys = r.addresses[0] ?? '';
    const [addr = '', zone] = sys.split('%');
    const sysCanonical = c.family === 6 ? formatIpv6(parseIpv6(addr).bytes) : addr;
    assert.equal(sysCanonical, c.canonical, c.input);
    if (c.zone !== undefined) assert.equal(zone, c.zone, c.input);
  });
});
