import { decodeBatchAnswer, questionEnd, sameQuestion } from '../../../src/core/dns/batch-decode';
import { decodeMessage } from '../../../src/core/dns/message';
import { MalformedMessage } from '../../../src/core/dns/name';
import { isTerminalControl } from '../../../src/core/text/terminal';
import type { Random } from '../gen';
import { exactBytes, hex, int, mutateBytes, pick, randomBytes } from '../gen';
import type { FuzzTarget } from '../target';

/**
 * Builds a message byte by byte, remembering where names start so later names can point back at them. A clean
 * writer makes only well-formed names and bitmaps (the decoder then reaches every presenter); a dirty one also
 * writes forward pointers, bad label types and broken bitmaps.
 */
class Writer {
  readonly bytes: number[] = [];
  /** Where each name starts and its length on the wire once decompressed. */
  private readonly names: Array<{ at: number; length: number }> = [];
  constructor(
    readonly r: Random,
    readonly clean: boolean,
  ) {}

  u8(v: number): void {
    this.bytes.push(v & 0xff);
  }
  u16(v: number): void {
    this.u8(v >> 8);
    this.u8(v);
  }
  u32(v: number): void {
    this.u16(Math.floor(v / 65536));
    this.u16(v);
  }
  raw(b: Iterable<number>): void {
    for (const x of b) this.u8(x);
  }

  /** A name: 0–3 labels of arbitrary bytes, often ending in a pointer to an earlier name. */
  name(): void {
    const r = this.r;
    const at = this.bytes.length;
    let length = 1;
    for (let n = int(r, 0, 3); n > 0; n--) {
      const len = r() < 0.9 ? int(r, 1, 12) : int(r, 13, 63);
      this.u8(len);
      this.raw(exactBytes(r, len));
      length += len + 1;
    }
    const targets = this.names.filter(x => x.length + length <= 255);
    if (targets.length && r() < 0.4) {
      const t = !this.clean && r() < 0.1 ? int(r, 0, this.bytes.length + 20) : pick(r, targets).at;
      this.u16(0xc000 | t);
      length += (this.names.find(x => x.at === t)?.length ?? 1) - 1;
    } else if (!this.clean && r() < 0.03) {
      this.u8(pick(r, [0x40, 0x80, 0x41]));
    } else {
      this.u8(0);
    }
    this.names.push({ at, length });
  }

  /** A character-string of arbitrary bytes. */
  string(max = 40): void {
    const s = randomBytes(this.r, max).subarray(0, 255);
    this.u8(s.length);
    this.raw(s);
  }

  /** An NSEC-style type bitmap (windows in order, 1–32 bytes each unless dirty). */
  bitmap(): void {
    const r = this.r;
    let window = -1;
    for (let n = int(r, 0, 3); n > 0 && window < 255; n--) {
      window = this.clean || r() < 0.9 ? int(r, window + 1, Math.min(255, window + 3)) : int(r, 0, 255);
      const len = this.clean || r() < 0.9 ? int(r, 1, 32) : pick(r, [0, 33, 200]);
      this.u8(window);
      this.u8(len);
      this.raw(exactBytes(r, len));
    }
  }
}

const TYPES = [
  1, 2, 5, 6, 12, 13, 15, 16, 17, 18, 28, 29, 33, 35, 37, 39, 43, 44, 46, 47, 48, 50, 51, 52, 53, 59, 60, 61, 63, 64, 65, 99, 256, 257, 41, 10, 255, 65280,
];

/** Rdata that mostly fits its type (so the presenters get past the first field), written at the writer's end. */
function rdata(w: Writer, type: number): void {
  const rand = w.r;
  switch (type) {
    case 1:
      w.raw(exactBytes(rand, 4));
      break;
    case 28:
      w.raw(Array.from({ length: 16 }, () => (rand() < 0.5 ? 0 : int(rand, 0, 255))));
      break;
    case 2:
    case 5:
    case 12:
    case 39:
      w.name();
      break;
    case 6:
      w.name();
      w.name();
      for (let i = 0; i < 5; i++) w.u32(int(rand, 0, 0xffffffff));
      break;
    case 15:
    case 18:
      w.u16(int(rand, 0, 65535));
      w.name();
      break;
    case 16:
    case 99:
      for (let n = int(rand, 0, 4); n > 0; n--) w.string();
      break;
    case 13:
      w.string();
      w.string();
      break;
    case 17:
      w.name();
      w.name();
      break;
    case 29:
      w.u8(rand() < 0.9 ? 0 : 1);
      w.raw(exactBytes(rand, 3));
      for (let i = 0; i < 3; i++) w.u32(int(rand, 0, 0xffffffff));
      break;
    case 33:
      w.u16(1);
      w.u16(2);
      w.u16(int(rand, 0, 65535));
      w.name();
      break;
    case 35:
      w.u16(1);
      w.u16(2);
      w.string(8);
      w.string(8);
      w.string();
      w.name();
      break;
    case 37:
      w.u16(int(rand, 0, 65535));
      w.u16(1);
      w.u8(int(rand, 0, 255));
      w.raw(randomBytes(rand, 80));
      break;
    case 43:
    case 59:
    case 48:
    case 60:
      w.u16(int(rand, 0, 65535));
      w.u8(int(rand, 0, 255));
      w.u8(int(rand, 0, 255));
      w.raw(randomBytes(rand, 120));
      break;
    case 44:
    case 52:
    case 53:
      w.u8(1);
      w.u8(2);
      if (type !== 44) w.u8(3);
      w.raw(randomBytes(rand, 70));
      break;
    case 46:
      w.u16(pick(rand, TYPES));
      w.u8(13);
      w.u8(2);
      w.u32(int(rand, 0, 0xffffffff));
      w.u32(int(rand, 0, 0xffffffff));
      w.u32(int(rand, 0, 0xffffffff));
      w.u16(7);
      w.name();
      w.raw(randomBytes(rand, 100));
      break;
    case 47:
      w.name();
      w.bitmap();
      break;
    case 50:
      w.u8(1);
      w.u8(0);
      w.u16(int(rand, 0, 65535));
      w.string(20);
      w.string(32);
      w.bitmap();
      break;
    case 51:
      w.u8(1);
      w.u8(0);
      w.u16(int(rand, 0, 65535));
      w.string(20);
      break;
    case 61:
      w.raw(randomBytes(rand, 200));
      break;
    case 63:
      w.u32(int(rand, 0, 0xffffffff));
      w.u8(1);
      w.u8(int(rand, 0, 3));
      w.raw(randomBytes(rand, 70));
      break;
    case 64:
    case 65: {
      w.u16(int(rand, 0, 3));
      w.name();
      let key = 0;
      for (let n = int(rand, 0, 5); n > 0; n--) {
        key = rand() < 0.8 ? key + int(rand, 0, 3) : int(rand, 0, 65535);
        const sized = (unit: number, count: number): Buffer => exactBytes(rand, unit * count);
        const value =
          key === 3
            ? sized(1, w.clean ? 2 : int(rand, 1, 3))
            : key === 4
              ? sized(w.clean ? 4 : 1, int(rand, 0, 3))
              : key === 6
                ? sized(w.clean ? 16 : 1, int(rand, 0, 2))
                : key === 1
                  ? Buffer.from([3, 0x68, 0x32, 0x2c, ...(rand() < 0.5 ? [2, 0x68, 0x33] : [4, 0x5c, 0x22, 0x1b, 0x9b])])
                  : key === 2 && w.clean
                    ? Buffer.alloc(0)
                    : key === 0
                      ? sized(w.clean ? 2 : 1, int(rand, 0, 3))
                      : randomBytes(rand, 20);
        w.u16(key);
        w.u16(value.length);
        w.raw(value);
      }
      break;
    }
    case 256:
      w.u16(1);
      w.u16(2);
      w.raw(randomBytes(rand, 50));
      break;
    case 257:
      w.u8(int(rand, 0, 255));
      w.string(12);
      w.raw(randomBytes(rand, 40));
      break;
    case 41:
      for (let n = int(rand, 0, 3); n > 0; n--) {
        const code = pick(rand, [3, 8, 10, 15, int(rand, 0, 65535)]);
        const data = code === 8 ? Buffer.from([0, pick(rand, [1, 2, 3]), int(rand, 0, 140), 0, ...randomBytes(rand, 16)]) : randomBytes(rand, 30);
        w.u16(code);
        w.u16(data.length);
        w.raw(data);
      }
      break;
    default:
      w.raw(randomBytes(rand, 60));
  }
}

/** A DNS message with a header, questions and records of every presented type, often slightly wrong. */
function message(r: Random, clean: boolean): Buffer {
  const w = new Writer(r, clean);
  w.u16(int(r, 0, 65535));
  w.u16(r() < 0.8 ? 0x8180 | int(r, 0, 15) : int(r, 0, 65535));
  const counts = [clean || r() < 0.9 ? 1 : int(r, 0, 2), int(r, 0, 5), int(r, 0, 3), int(r, 0, 3)];
  const at = w.bytes.length;
  for (const c of counts) w.u16(c);
  for (let i = 0; i < (counts[0] ?? 0); i++) {
    w.name();
    w.u16(pick(r, TYPES));
    w.u16(r() < 0.9 ? 1 : int(r, 0, 65535));
  }
  for (let s = 1; s < 4; s++) {
    for (let i = 0; i < (counts[s] ?? 0); i++) {
      const type = s === 3 && i === 0 && r() < 0.6 ? 41 : pick(r, TYPES);
      if (type === 41 && (clean || r() < 0.9)) w.u8(0);
      else w.name();
      w.u16(type);
      w.u16(type === 41 ? int(r, 512, 4096) : r() < 0.85 ? 1 : pick(r, [3, 4, 254, 255, int(r, 0, 65535)]));
      w.u32(int(r, 0, 0xffffffff));
      const lengthAt = w.bytes.length;
      w.u16(0);
      const start = w.bytes.length;
      if (clean || r() < 0.8) rdata(w, type);
      else w.raw(randomBytes(r, 40));
      const len = w.bytes.length - start;
      const written = clean || r() < 0.92 ? len : int(r, 0, len + 8);
      w.bytes[lengthAt] = (written >> 8) & 0xff;
      w.bytes[lengthAt + 1] = written & 0xff;
    }
  }
  if (!clean && r() < 0.1) {
    w.bytes[at + int(r, 0, 7)] = int(r, 0, 255);
  }
  return Buffer.from(w.bytes);
}

/** True for a character a presentation string must never carry raw (it may go to a terminal). */
const unsafe = (s: string): boolean => [...s].some(c => c === '\n' || c === '\r' || isTerminalControl(c.codePointAt(0) ?? 0));

export const target: FuzzTarget<Buffer> = {
  name: 'dns-message',
  generate(r) {
    const k = r();
    if (k < 0.45) return message(r, true);
    if (k < 0.65) return message(r, false);
    if (k < 0.95) return mutateBytes(r, message(r, r() < 0.5));
    return randomBytes(r, 300);
  },
  check(buf) {
    for (const answersOnly of [false, true]) {
      let msg: ReturnType<typeof decodeMessage>;
      try {
        msg = decodeMessage(buf, answersOnly);
      } catch (e) {
        // The decoder wraps its own bugs as MalformedMessage with the original error as the cause: a finding.
        if (e instanceof MalformedMessage && e.cause !== undefined)
          throw e.cause instanceof Error ? e.cause : new Error(`a non-Error was thrown: ${JSON.stringify(e.cause)}`);
        throw e;
      }
      const texts = [
        msg.question?.name ?? '',
        ...[...msg.answers, ...msg.authority, ...msg.additional].flatMap(x => [x.name, x.type, x.class, x.data]),
        ...(msg.edns?.options.map(o => o.value) ?? []),
      ];
      const bad = texts.find(unsafe);
      if (bad !== undefined) throw new Error(`a presentation string carries a raw control character: ${JSON.stringify(bad)}`);
    }
    if (buf.length >= 12) {
      const end = questionEnd(buf);
      if (sameQuestion(buf, buf, end)) decodeBatchAnswer(buf, end, buf.readUInt16BE(end - 4));
    }
  },
  describe: buf => hex(buf),
};
