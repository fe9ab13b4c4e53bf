import { MalformedMessage } from './name';
import { IN_ONLY, PRESENTERS } from './presenters';
import { RdataReader } from './rdata-reader';
import { genericRdata } from './rdata-text';
import { typeName } from './rrtypes';

/** Types whose data may be empty (a TXT-like record of no strings, an APL of no items). */
const MAY_BE_EMPTY = new Set([16, 42, 56, 99, 258, 261, 262]);

/**
 * Presentation form of one record's data, built from its bytes exactly as `dig +short` prints it (names and
 * character-strings byte for byte with `\DDD` escapes, never decoded as UTF-8; see `presenters.ts`). Types dig
 * has no format for are in RFC 3597 form (`\# LEN HEX`). `buf` is the whole message (names in rdata may be
 * compressed); `klass` the record's class (default IN). Throws MalformedMessage when the data does not fit its type.
 */
export function presentRdata(buf: Buffer, type: number, start: number, length: number, klass = 1): string {
  const r = new RdataReader(buf, start, length, typeName(type));
  if (klass === 3 && type === 1) {
    const text = `${r.name()} ${r.u16().toString(8)}`;
    r.done();
    return text;
  }
  const inOnly = klass !== 1 && IN_ONLY.has(type) && !(klass === 4 && type === 1);
  const presenter = inOnly ? undefined : PRESENTERS[type];
  if (!presenter) return genericRdata(buf.subarray(start, start + length));
  if (length === 0 && !MAY_BE_EMPTY.has(type)) throw new MalformedMessage(`a ${typeName(type)} record has no data`);
  const text = presenter(r);
  if (text === undefined) return genericRdata(buf.subarray(start, start + length));
  r.done();
  return text;
}
