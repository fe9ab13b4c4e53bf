import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as net from 'net';
import type { AddressToken } from '../../../src/core';
import {
  NetProbeError, addressTokenAt, canonicalIpv6, describeAddress, describeCidr, describeMac, inetNtop, inetPton, scanAddresses,
} from '../../../src/core';
import { CASES } from './cases';
import { rng } from '../../helpers/rng';


const ALPHABET = '0123456789abcdefABCDEFxX.:%/[]-_ lo\\b\'{},g';
const SEEDS = ['127.0.0.1', '::1', 'fe80::1%lo', '::ffff:1.2.3.4', '0xc000027b', '10.0.0.0/8', '00:11:32:3c:c3:0b', "b'\\x7f\\x00\\x00\\x01'", ...CASES.map(c => c.input)];

function mutate(r: () => number, s: string): string {
  const pick = (): string => ALPHABET[Math.floor(r() * ALPHABET.length)] ?? '';
  const chars = [...s];
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (chars.length + 1));
    const op = r();
    if (op < 0.33) chars.splice(at, 1);
    else if (op < 0.66) chars.splice(at, 0, pick());
    else chars[at] = pick();
  }
  return chars.join('');
}

function randomString(r: () => number): string {
  let s = '';
  const len = Math.floor(r() * 48);
  for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)] ?? '';
  return s;
}

function onlyTyped(fn: () => unknown, input: string): unknown {
  try {
    return fn();
  } catch (e) {
    assert.ok(e instanceof NetProbeError, `${JSON.stringify(input)} threw ${String(e)}`);
    assert.equal(e.code, 'invalid-input');
    assert.ok(e.message.length > 0);
    return undefined;
  }
}

test('fuzz: random and mutated inputs throw only NetProbeError, and valid parses round-trip', () => {
  const seed = Number(process.env.FUZZ_SEED ?? 20261127);
  const r = rng(seed);
  let valid = 0;
  for (let i = 0; i < 20000; i++) {
    const input = i % 2 ? randomString(r) : mutate(r, SEEDS[Math.floor(r() * SEEDS.length)] ?? '');
    const info = onlyTyped(() => describeAddress(input), input) as ReturnType<typeof describeAddress> | undefined;
    onlyTyped(() => describeCidr(input), input);
    onlyTyped(() => describeMac(input), input);
    scanAddresses(input, (t: AddressToken) => assert.ok(t.end <= input.length && t.start < t.end));
    if (input.length > 0) addressTokenAt(input, Math.floor(r() * input.length));
    if (!info) continue;
    valid++;
    const again = describeAddress(info.canonical);
    assert.equal(again.canonical, info.canonical, `seed ${seed}: ${JSON.stringify(input)}`);
    assert.equal(again.integer, info.integer);
    assert.equal(describeAddress(info.packedBytes).canonical, info.canonical);
    assert.equal(inetNtop(inetPton(info.family, info.canonical)), info.canonical);
    assert.equal(net.isIP(info.canonical), info.family, info.canonical);
    if (info.family === 6) assert.equal(info.canonical, canonicalIpv6(info.canonical));
  }
  assert.ok(valid > 500, `only ${valid} valid inputs were generated`);
});

test('fuzz: random 16-byte and 4-byte values round-trip through text', () => {
  const r = rng(7);
  for (let i = 0; i < 5000; i++) {
    const len = i % 2 ? 16 : 4;
    const bytes = Uint8Array.from({ length: len }, () => (r() < 0.4 ? 0 : Math.floor(r() * 256)));
    const text = inetNtop(bytes);
    assert.deepEqual(Array.from(inetPton(len === 4 ? 4 : 6, text)), Array.from(bytes), text);
    assert.equal(net.isIP(text), len === 4 ? 4 : 6, text);
    if (len === 16) assert.equal(text, canonicalIpv6(text));
  }
});
