import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hostNameProblem } from '../../../src/core/address/host-name';
import { parseHost, parseHostPort } from '../../../src/core/address/host-port';

test('one host-name rule: control characters, spaces and punctuation are refused with the reason; IDN, _srv and a final dot pass', () => {
  assert.match(hostNameProblem('a b') ?? '', /^"a b" is not a valid host name: it contains a space/);
  assert.match(hostNameProblem('x;y') ?? '', /it contains ";"/);
  assert.match(hostNameProblem('local\0host') ?? '', /^"local\\x00host" is not a valid host name: it contains the control character 0x00\.$/);
  assert.match(hostNameProblem('a\u0085b') ?? '', /control character 0x85/);
  assert.equal(hostNameProblem('bücher.example'), undefined);
  assert.equal(hostNameProblem('_sip._tcp.example.com.'), undefined);
  assert.match(hostNameProblem(`${'a'.repeat(64)}.example`) ?? '', /at most 63/);
  // The host:port reader uses the same rule.
  assert.throws(() => parseHost('x;y'), /"x;y" is not a valid host name: it contains ";"/);
  assert.throws(() => parseHostPort('a b:80'), /"a b" is not a valid host name: it contains a space/);
});
