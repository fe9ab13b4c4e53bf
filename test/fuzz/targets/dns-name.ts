import { NetProbeError } from '../../../src/core/errors';
import { classCode, decodeName, encodeName, typeCode } from '../../../src/core/dns/index';
import { ptrName } from '../../../src/core/dns/reverse-name';
import type { Random } from '../gen';
import { mutateString, pick, randomString } from '../gen';
import type { FuzzTarget } from '../target';

const ALPHABET = [...'abcxyzAZ09-_.\\@$"();*', '\\0', '\\255', '\\.', ' ', '\t', '\u0000', 'é', 'ü', 'ß', '日本', '\u200d', 'xn--', '..', '127', '::'];
const SEEDS = [
  'example.com',
  'www.Example.test.',
  'a\\.b.c',
  'x\\065\\255.test',
  '_sip._tcp.example.com',
  'bücher.example',
  '.',
  '192.0.2.1',
  '2001:db8::1',
  'TYPE65280',
  'in',
  'CLASS3',
];

/** Names as users type them (escapes, IDN, limits): encodeName either refuses in its own words or the wire name reads back the same. */
export const target: FuzzTarget<string> = {
  name: 'dns-name',
  generate(r: Random) {
    return r() < 0.6 ? mutateString(r, pick(r, SEEDS), ALPHABET) : randomString(r, ALPHABET, 80);
  },
  check(input) {
    for (const fn of [() => typeCode(input), () => classCode(input), () => ptrName(input)]) {
      try {
        fn();
      } catch (e) {
        if (!(e instanceof NetProbeError)) throw e;
      }
    }
    const wire = encodeName(input);
    const { name, end } = decodeName(wire, 0);
    if (end !== wire.length) throw new Error(`decodeName stopped at ${end} of ${wire.length}`);
    if (!encodeName(name).equals(wire)) throw new Error(`the presentation form ${JSON.stringify(name)} does not encode back to the same wire name`);
  },
  describe: input => JSON.stringify(input),
};
