import { NetProbeError } from '../../../src/core/errors';
import * as net from 'net';
import {
  addressFromInteger,
  addressTokenAt,
  byteOrder,
  canonicalIpv6,
  describeAddress,
  describeCidr,
  describeMac,
  inetNtop,
  inetPton,
  parseAddressLiteral,
  parseByteString,
  parseIpv4Aton,
  parseIpv6,
  parseMac,
  scanAddresses,
} from '../../../src/core';
import { CASES } from '../../unit/address/cases';
import type { Random } from '../gen';
import { int, mutateString, pick, randomString } from '../gen';
import type { FuzzTarget } from '../target';

const ALPHABET = [..."0123456789abcdefABCDEFxX.:%/[]-_ lo\\b'{},g", '٣', '１', '\u00a0', '\u0000', 'é', '𝟙'];
const SEEDS = [
  '127.0.0.1',
  '::1',
  'fe80::1%lo',
  '::ffff:1.2.3.4',
  '0xc000027b',
  '10.0.0.0/8',
  '2001:db8::/32',
  '00:11:32:3c:c3:0b',
  '0011.323c.c30b',
  "b'\\x7f\\x00\\x00\\x01'",
  '4294967295',
  '0x1234',
  '[::1]',
  '1.2.3.4/33',
  ...CASES.map(c => c.input),
];

function fail(what: string, input: string): never {
  throw new Error(`${what}: ${JSON.stringify(input)}`);
}

export const target: FuzzTarget<string> = {
  name: 'address',
  generate(r: Random) {
    const k = r();
    if (k < 0.5) return mutateString(r, pick(r, SEEDS), ALPHABET);
    if (k < 0.8) return randomString(r, ALPHABET, 48);
    if (k < 0.9) return inetNtop(Uint8Array.from({ length: r() < 0.5 ? 4 : 16 }, () => (r() < 0.4 ? 0 : int(r, 0, 255))));
    return `${int(r, 0, 2 ** 53)}${pick(r, ['', '0000000000', '/24', 'n'])}`;
  },
  check(input) {
    let refused: NetProbeError | undefined;
    const attempt = <T>(fn: () => T): T | undefined => {
      try {
        return fn();
      } catch (e) {
        if (!(e instanceof NetProbeError)) throw e;
        refused ??= e;
        return undefined;
      }
    };
    const info = attempt(() => describeAddress(input));
    attempt(() => describeCidr(input));
    attempt(() => describeMac(input));
    attempt(() => parseMac(input));
    attempt(() => parseIpv4Aton(input));
    attempt(() => parseIpv6(input));
    attempt(() => inetPton(4, input));
    attempt(() => inetPton(6, input));
    if (net.isIPv6(input) && !net.isIPv6(canonicalIpv6(input))) fail('canonicalIpv6 gives something that is not an IPv6 address', input);
    attempt(() => byteOrder(input));
    attempt(() => addressFromInteger(input));
    parseAddressLiteral(input);
    parseByteString(input);
    scanAddresses(input, t => {
      if (t.start < 0 || t.end > input.length || t.start >= t.end) fail('a token outside the text', input);
    });
    if (input.length > 0) addressTokenAt(input, input.length >> 1);
    if (!info) throw refused ?? new Error('describeAddress returned nothing');
    const again = describeAddress(info.canonical);
    if (again.canonical !== info.canonical || again.integer !== info.integer) fail('the canonical form does not read back the same', input);
    if (describeAddress(info.packedBytes).canonical !== info.canonical) fail('the packed bytes do not read back the same', input);
    if (inetNtop(inetPton(info.family, info.canonical)) !== info.canonical) fail('inet_pton/inet_ntop do not round-trip', input);
    if (net.isIP(info.canonical) !== info.family) fail('Node does not read the canonical form as the same family', input);
    if (info.family === 6 && canonicalIpv6(info.canonical) !== info.canonical) fail('canonicalIpv6 changes a canonical address', input);
  },
  describe: input => JSON.stringify(input),
};
