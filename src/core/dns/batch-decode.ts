import { MalformedMessage } from './name';
import { presentRdata } from './present';

/** What a batch keeps of an answer: its rcode, the TC bit, and the data of the asked type's answer records. */
export interface BatchAnswer {
  /** The 4-bit header rcode (no EDNS extension: the batch does not read the additional section). */
  rcodeCode: number;
  truncated: boolean;
  values: string[];
}

/** Offset just after the question of a query built by NetProbe (its name is never compressed). */
export function questionEnd(query: Uint8Array): number {
  let p = 12;
  while (p < query.length && (query[p] ?? 0) !== 0) p += (query[p] ?? 0) + 1;
  return p + 5;
}

/**
 * True when the answer has exactly one question and its bytes equal the query's up to `end` (from
 * {@link questionEnd}), ASCII letters compared case-insensitively (servers may echo 0x20-mixed case).
 */
export function sameQuestion(answer: Buffer, query: Uint8Array, end: number): boolean {
  if (answer.length < end || answer.readUInt16BE(4) !== 1) return false;
  for (let i = 12; i < end; i++) {
    const a = answer[i] ?? 0;
    const b = query[i] ?? 0;
    if (a === b) continue;
    const lower = a | 0x20;
    if (lower !== (b | 0x20) || lower < 0x61 || lower > 0x7a) return false;
  }
  return true;
}

/** The end of the name at `offset`, checked like `decodeName` (bounds, label types, length) but not built. */
function skipName(buf: Buffer, offset: number): number {
  let pos = offset;
  let length = 1;
  for (;;) {
    if (pos >= buf.length) throw new MalformedMessage('a name runs past the end of the message');
    const len = buf[pos] ?? 0;
    if (len === 0) return pos + 1;
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= buf.length) throw new MalformedMessage('a compression pointer runs past the end of the message');
      if ((((len & 0x3f) << 8) | (buf[pos + 1] ?? 0)) >= pos) throw new MalformedMessage('a compression pointer points forward or loops');
      return pos + 2;
    }
    if ((len & 0xc0) !== 0) throw new MalformedMessage(`a name has an unsupported label type (0x${len.toString(16)})`);
    if (pos + 1 + len > buf.length) throw new MalformedMessage('a label runs past the end of the message');
    length += len + 1;
    if (length > 255) throw new MalformedMessage('a name is longer than 255 bytes');
    pos += 1 + len;
  }
}

/**
 * Decodes only what a batch needs from an answer whose header and question (ending at `questionEnd`) were
 * already matched: the answer section is walked, owner names skipped, and only records of `type` presented.
 * Throws MalformedMessage for a malformed answer section.
 */
export function decodeBatchAnswer(buf: Buffer, questionEnd: number, type: number): BatchAnswer {
  const word = buf.readUInt16BE(2);
  const rcodeCode = word & 0x0f;
  if ((word & 0x0200) !== 0) return { rcodeCode, truncated: true, values: [] };
  const count = buf.readUInt16BE(6);
  const values: string[] = [];
  let pos = questionEnd;
  for (let i = 0; i < count; i++) {
    const end = skipName(buf, pos);
    if (end + 10 > buf.length) throw new MalformedMessage('a record header is cut short');
    const rrType = buf.readUInt16BE(end);
    const rdLength = buf.readUInt16BE(end + 8);
    const start = end + 10;
    if (start + rdLength > buf.length) throw new MalformedMessage("a record's data runs past the end of the message");
    if (rrType === type) values.push(presentRdata(buf, rrType, start, rdLength, buf.readUInt16BE(end + 2)));
    pos = start + rdLength;
  }
  return { rcodeCode, truncated: false, values };
}
