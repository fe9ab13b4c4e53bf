import { MalformedMessage, decodeName } from './name';

/**
 * Reads one record's rdata field by field, never past its RDLENGTH: names may point back into the
 * message (compression) but cannot run past the record. Every overrun throws MalformedMessage.
 */
export class RdataReader {
  private pos: number;
  readonly end: number;
  /** Where names may be read to: the end of the rdata (or of the message, if shorter). */
  private readonly limit: number;

  /** `msg` is the whole message (for compression pointers); the rdata is `length` bytes at `start`. */
  constructor(
    private readonly msg: Buffer,
    start: number,
    length: number,
    private readonly what: string,
  ) {
    this.pos = start;
    this.end = start + length;
    this.limit = Math.min(this.end, msg.length);
  }

  private short(): MalformedMessage {
    return new MalformedMessage(`a ${this.what} record's data does not match its length`);
  }

  /** Bytes left in the rdata. */
  get remaining(): number {
    return this.end - this.pos;
  }

  u8(): number {
    if (this.pos + 1 > this.end) throw this.short();
    return this.msg[this.pos++] ?? 0;
  }

  u16(): number {
    if (this.pos + 2 > this.end) throw this.short();
    const v = this.msg.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(): number {
    if (this.pos + 4 > this.end) throw this.short();
    const v = this.msg.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  bytes(n: number): Buffer {
    if (this.pos + n > this.end) throw this.short();
    const b = this.msg.subarray(this.pos, Math.min(this.pos + n, this.limit));
    this.pos += n;
    return b;
  }

  /** Everything left. */
  rest(): Buffer {
    return this.bytes(this.end - this.pos);
  }

  /** A domain name in presentation form (`\DDD` and `\.` escapes, trailing dot). */
  name(): string {
    const { name, end } = decodeName(this.msg, this.pos, this.limit);
    this.pos = end;
    return name;
  }

  /** One character-string: a length byte and that many bytes. */
  string(): Buffer {
    return this.bytes(this.u8());
  }

  /** Throws unless the whole rdata was read. */
  done(): void {
    if (this.pos !== this.end) throw this.short();
  }
}
