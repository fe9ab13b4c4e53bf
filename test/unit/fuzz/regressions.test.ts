import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { NetProbeError, canonicalIpv6, formatNameserver, parseHostPort, parseNameserver } from '../../../src/core';
import { decodeMessage } from '../../../src/core/dns/message';
import { MalformedMessage } from '../../../src/core/dns/name';
import { presentRdata } from '../../../src/core/dns/present';

// Inputs the fuzzers (test/fuzz) once crashed on, kept so the crash cannot come back.

test('address fuzz: canonicalIpv6 of an address with a zone (net.isIPv6 accepts it) threw TypeError: Invalid URL', () => {
  assert.equal(canonicalIpv6('fe80::1%5XD'), 'fe80::1%5XD');
  assert.equal(canonicalIpv6('FE80:0:0::0:1%eth0'), 'fe80::1%eth0');
  assert.equal(canonicalIpv6('::ffff:c000:0201%lo'), '::ffff:192.0.2.1%lo');
});

test('dns fuzz: a decoder bug surfaces as MalformedMessage with the original error as its cause', () => {
  // A truncated header is malformed in the decoder's own words: no cause.
  assert.throws(
    () => decodeMessage(Buffer.from('0001', 'hex')),
    (e: unknown) => e instanceof MalformedMessage && e.cause === undefined && e.code === 'protocol',
  );
});

test('dns fuzz: rdata at the very end of the message and names pointing back into the header are refused, never read past the end', () => {
  // A pointer into the header: a zero byte there is the root name; a label length there runs past the record.
  assert.equal(presentRdata(Buffer.concat([Buffer.alloc(12), Buffer.from([0xc0, 0x00])]), 2, 12, 2), '.');
  assert.throws(() => presentRdata(Buffer.concat([Buffer.from([0x3f]), Buffer.alloc(11), Buffer.from([0xc0, 0x00])]), 2, 12, 2), MalformedMessage);
  assert.throws(() => presentRdata(Buffer.from([0x00, 0x05]), 15, 0, 2), MalformedMessage, 'an MX with no exchange');
  assert.equal(presentRdata(Buffer.from([0x00, 0x05, 0x00]), 15, 0, 3), '5 .');
});

test('nameserver-spec fuzz: a host with "#" inside ("20.2.1#8#53") was taken as a name and read back as another server', () => {
  for (const spec of ['20.2.1#8#53', '192.\uff110.2.1#85#53', 'a#b', 'ns1.example/x', 'b\u00fccher.example#x']) {
    assert.throws(() => parseNameserver(spec), NetProbeError, spec);
  }
  assert.throws(() => parseHostPort('a#b:80'), NetProbeError);
  const ns = parseNameserver('b\u00fccher.example#5353');
  assert.deepEqual([ns.host, ns.port], ['b\u00fccher.example', 5353]);
  const again = parseNameserver(formatNameserver(ns.host, ns.port));
  assert.deepEqual([again.host, again.port], [ns.host, ns.port]);
});
