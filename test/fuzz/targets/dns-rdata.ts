import { presentRdata } from '../../../src/core/dns/present';
import { isTerminalControl } from '../../../src/core/text/terminal';
import type { Random } from '../gen';
import { exactBytes, hex, int, pick, randomBytes } from '../gen';
import type { FuzzTarget } from '../target';

/** Every type with a presenter, the class-specific A, and some without one. */
const TYPES = [1, 2, 5, 6, 12, 13, 15, 16, 17, 18, 28, 29, 33, 35, 37, 39, 43, 44, 46, 47, 48, 50, 51, 52, 53, 59, 60, 61, 63, 64, 65, 99, 256, 257, 10, 65280];

interface RdataCase {
  type: number;
  klass: number;
  prefix: Buffer;
  rdata: Buffer;
}

/** One record's data in a message: presented (any type, any class, any bytes) or refused as malformed, never a crash. */
export const target: FuzzTarget<RdataCase> = {
  name: 'dns-rdata',
  generate(r: Random) {
    const type = r() < 0.9 ? pick(r, TYPES) : int(r, 0, 65535);
    const klass = r() < 0.8 ? 1 : pick(r, [3, 4, 254, 255, int(r, 0, 65535)]);
    // A message prefix the rdata's compression pointers may point into: a header and a name or two.
    const prefix = Buffer.concat([
      exactBytes(r, 12),
      Buffer.from([3, 0x77, 0x77, 0x77, 7, ...Buffer.from('example'), 3, 0x63, 0x6f, 0x6d, 0]),
      randomBytes(r, 8),
    ]);
    const size = pick(r, [0, 1, 2, 3, 4, 5, 6, 16, 18, 22, int(r, 0, 80), int(r, 0, 300)]);
    const rdata =
      r() < 0.5 ? exactBytes(r, size) : Buffer.from(Array.from({ length: size }, (_, i) => (i % 7 === 0 ? pick(r, [0, 1, 0xc0, 0x3f, 0x40]) : int(r, 0, 255))));
    return { type, klass, prefix, rdata };
  },
  check(c) {
    const buf = Buffer.concat([c.prefix, c.rdata, Buffer.from([0xde, 0xad])]);
    const text = presentRdata(buf, c.type, c.prefix.length, c.rdata.length, c.klass);
    if ([...text].some(ch => ch === '\n' || ch === '\r' || isTerminalControl(ch.codePointAt(0) ?? 0)))
      throw new Error(`raw control character in ${JSON.stringify(text)}`);
  },
  describe: c => JSON.stringify({ type: c.type, class: c.klass, prefix: hex(c.prefix), rdata: hex(c.rdata) }),
};
