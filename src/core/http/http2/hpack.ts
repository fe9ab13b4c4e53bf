import { HuffmanError, huffmanDecodeLatin1 } from './huffman';

/** The HPACK static table (RFC 7541 Appendix A), index 1 to 61. */
const STATIC_TABLE: ReadonlyArray<readonly [string, string]> = [
  [':authority', ''],
  [':method', 'GET'],
  [':method', 'POST'],
  [':path', '/'],
  [':path', '/index.html'],
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '200'],
  [':status', '204'],
  [':status', '206'],
  [':status', '304'],
  [':status', '400'],
  [':status', '404'],
  [':status', '500'],
  ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'],
  ['accept-language', ''],
  ['accept-ranges', ''],
  ['accept', ''],
  ['access-control-allow-origin', ''],
  ['age', ''],
  ['allow', ''],
  ['authorization', ''],
  ['cache-control', ''],
  ['content-disposition', ''],
  ['content-encoding', ''],
  ['content-language', ''],
  ['content-length', ''],
  ['content-location', ''],
  ['content-range', ''],
  ['content-type', ''],
  ['cookie', ''],
  ['date', ''],
  ['etag', ''],
  ['expect', ''],
  ['expires', ''],
  ['from', ''],
  ['host', ''],
  ['if-match', ''],
  ['if-modified-since', ''],
  ['if-none-match', ''],
  ['if-range', ''],
  ['if-unmodified-since', ''],
  ['last-modified', ''],
  ['link', ''],
  ['location', ''],
  ['max-forwards', ''],
  ['proxy-authenticate', ''],
  ['proxy-authorization', ''],
  ['range', ''],
  ['referer', ''],
  ['refresh', ''],
  ['retry-after', ''],
  ['server', ''],
  ['set-cookie', ''],
  ['strict-transport-security', ''],
  ['transfer-encoding', ''],
  ['user-agent', ''],
  ['vary', ''],
  ['via', ''],
  ['www-authenticate', ''],
];

/** How one field was represented in the block (RFC 7541 §6). */
export type HpackRepresentation = 'indexed' | 'incremental' | 'without-indexing' | 'never-indexed';

/** One decoded header field. */
export interface HpackField {
  name: string;
  value: string;
  representation: HpackRepresentation;
  /** Encoded bytes of this field in the block. */
  encodedBytes: number;
}

/** A decoded header block. */
export interface HpackBlock {
  /** Fields in order, as [name, value] (values as latin1 text of the exact bytes). */
  headers: Array<[string, string]>;
  /** How each field was represented, parallel to `headers` (only when asked for). */
  fields?: HpackField[];
  /** Bytes of the block as encoded. */
  encodedBytes: number;
  /** Header list size as RFC 9113 counts it (name + value + 32 per field). */
  listSize: number;
  /** Dynamic table size updates found at the start of the block. */
  tableSizeUpdates: number[];
  /** Fields decoded but not kept because the list was over `maxListSize`. */
  dropped: number;
}

/** A header block that breaks RFC 7541; the decoder's table can no longer be trusted after it. */
export class HpackError extends Error {
  override readonly name = 'HpackError';
}

/**
 * An HPACK decoder (RFC 7541) with its own dynamic table: one per direction of a connection, fed every header
 * block of that direction in order. Memory is bounded: the table by `maxTableSize` (what the decoding side allowed,
 * capped), and each decoded list by `maxListSize` (fields beyond it are decoded to keep the table in step, not kept).
 */
export class HpackDecoder {
  private table: Array<[string, string]> = [];
  private tableSize = 0;
  private tableLimit: number;

  /** @param maxTableSize the largest table the encoder may ask for (the decoding side's SETTINGS_HEADER_TABLE_SIZE). */
  constructor(
    private maxTableSize = 4096,
    private readonly maxListSize = 256 * 1024,
  ) {
    this.tableLimit = maxTableSize;
  }

  /** The decoding side changed SETTINGS_HEADER_TABLE_SIZE (capped at 1 MiB to bound memory). */
  setMaxTableSize(size: number): void {
    this.maxTableSize = Math.min(size, 1 << 20);
    if (this.tableLimit > this.maxTableSize) this.resize(this.maxTableSize);
  }

  /** Current dynamic table, newest first (index 62 is the first entry). */
  get dynamicTable(): ReadonlyArray<readonly [string, string]> {
    return this.table;
  }

  /**
   * Decodes one complete header block (`block[start, end)`, all of it by default). Throws HpackError when the block
   * breaks RFC 7541. `withFields` also lists each field's representation.
   */
  decode(data: Uint8Array, withFields = false, start = 0, end = data.length): HpackBlock {
    const block = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.length);
    const headers: Array<[string, string]> = [];
    const fields: HpackField[] | undefined = withFields ? [] : undefined;
    const updates: number[] = [];
    let listSize = 0;
    let dropped = 0;
    let pos = start;
    let seenField = false;
    const integer = (prefixBits: number): number => {
      const mask = (1 << prefixBits) - 1;
      const firstByte = pos < end ? block[pos++] : undefined;
      if (firstByte === undefined) throw new HpackError('The header block ends inside an integer.');
      let value = firstByte & mask;
      if (value < mask) return value;
      let shift = 0;
      for (;;) {
        const b = pos < end ? block[pos++] : undefined;
        if (b === undefined) throw new HpackError('The header block ends inside an integer.');
        value += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (value > 0xffffffff) throw new HpackError('An integer in the header block is larger than 2^32.');
        if ((b & 0x80) === 0) return value;
      }
    };
    const string = (): string => {
      const first = pos < end ? block[pos] : undefined;
      if (first === undefined) throw new HpackError('The header block ends before a string.');
      const huffman = (first & 0x80) !== 0;
      const length = integer(7);
      if (pos + length > end) throw new HpackError('A string runs past the end of the header block.');
      const from = pos;
      pos += length;
      if (!huffman) return block.toString('latin1', from, pos);
      try {
        return huffmanDecodeLatin1(block, from, pos);
      } catch (e) {
        throw new HpackError(e instanceof HuffmanError ? e.message : String(e));
      }
    };
    const lookup = (index: number): readonly [string, string] => {
      if (index === 0) throw new HpackError('Index 0 is not a valid header table index.');
      const entry = index <= STATIC_TABLE.length ? STATIC_TABLE[index - 1] : this.table[index - STATIC_TABLE.length - 1];
      if (!entry) throw new HpackError(`Index ${index} is beyond the header tables (${STATIC_TABLE.length} static + ${this.table.length} dynamic entries).`);
      return entry;
    };
    while (pos < end) {
      const fieldStart = pos;
      const b = block[pos] ?? 0;
      if ((b & 0xe0) === 0x20) {
        if (seenField) throw new HpackError('A dynamic table size update comes after a header field (it must come first).');
        const size = integer(5);
        if (size > this.maxTableSize) throw new HpackError(`A dynamic table size update asks for ${size} bytes, more than the ${this.maxTableSize} allowed.`);
        this.resize(size);
        updates.push(size);
        continue;
      }
      seenField = true;
      let name: string;
      let value: string;
      let representation: HpackRepresentation;
      if (b & 0x80) {
        [name, value] = lookup(integer(7));
        representation = 'indexed';
      } else {
        const incremental = (b & 0xc0) === 0x40;
        const index = integer(incremental ? 6 : 4);
        name = index ? lookup(index)[0] : string();
        value = string();
        representation = incremental ? 'incremental' : b & 0x10 ? 'never-indexed' : 'without-indexing';
        if (incremental) this.add(name, value);
      }
      const size = name.length + value.length + 32;
      listSize += size;
      if (listSize > this.maxListSize) {
        dropped++;
        continue;
      }
      headers.push([name, value]);
      fields?.push({ name, value, representation, encodedBytes: pos - fieldStart });
    }
    return { headers, ...(fields ? { fields } : {}), encodedBytes: end - start, listSize, tableSizeUpdates: updates, dropped };
  }

  private add(name: string, value: string): void {
    const size = name.length + value.length + 32;
    if (size > this.tableLimit) {
      this.table = [];
      this.tableSize = 0;
      return;
    }
    this.table.unshift([name, value]);
    this.tableSize += size;
    this.evict(this.tableLimit);
  }

  private resize(size: number): void {
    this.tableLimit = size;
    this.evict(size);
  }

  private evict(limit: number): void {
    while (this.tableSize > limit) {
      const last = this.table.pop();
      if (!last) break;
      this.tableSize -= last[0].length + last[1].length + 32;
    }
  }
}
