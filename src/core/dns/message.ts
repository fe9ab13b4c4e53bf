import { formatIpv6Ntop } from '../address/ipv6';
import { MalformedMessage, decodeName } from './name';
import { presentRdata } from './present';
import { characterString } from './rdata-text';
import { className, ednsOptionName, rcodeName, typeName } from './rrtypes';
import type { DnsRecord, EdnsInfo, EdnsOption } from './types';
import { errorMessage } from '../errors';

/** Everything needed to build one query message. */
export interface QueryMessage {
  id: number;
  /** Name in wire format (see `encodeName`). */
  qname: Buffer;
  qtype: number;
  qclass: number;
  rd: boolean;
  cd?: boolean;
  ad?: boolean;
  /** OPT record to add; absent for a plain RFC 1035 query. */
  edns?: { udpSize: number; do: boolean; options: Array<{ code: number; data: Buffer }> };
}

/** Builds the wire form of a query. */
export function encodeQuery(q: QueryMessage): Buffer {
  const opts = q.edns?.options ?? [];
  const optLen = q.edns ? 11 + opts.reduce((n, o) => n + 4 + o.data.length, 0) : 0;
  const buf = Buffer.alloc(12 + q.qname.length + 4 + optLen);
  buf.writeUInt16BE(q.id, 0);
  buf.writeUInt16BE((q.rd ? 0x0100 : 0) | (q.ad ? 0x0020 : 0) | (q.cd ? 0x0010 : 0), 2);
  buf.writeUInt16BE(1, 4);
  buf.writeUInt16BE(q.edns ? 1 : 0, 10);
  q.qname.copy(buf, 12);
  let pos = 12 + q.qname.length;
  buf.writeUInt16BE(q.qtype, pos);
  buf.writeUInt16BE(q.qclass, pos + 2);
  pos += 4;
  if (q.edns) {
    buf[pos] = 0;
    buf.writeUInt16BE(41, pos + 1);
    buf.writeUInt16BE(q.edns.udpSize, pos + 3);
    buf.writeUInt32BE(q.edns.do ? 0x8000 : 0, pos + 5);
    buf.writeUInt16BE(optLen - 11, pos + 9);
    pos += 11;
    for (const o of opts) {
      buf.writeUInt16BE(o.code, pos);
      buf.writeUInt16BE(o.data.length, pos + 2);
      o.data.copy(buf, pos + 4);
      pos += 4 + o.data.length;
    }
  }
  return buf;
}

/** A decoded message, before the transport adds where and how it came. */
export interface DecodedMessage {
  id: number;
  qr: boolean;
  opcode: string;
  rcode: string;
  rcodeCode: number;
  flags: string[];
  truncated: boolean;
  question?: { name: string; type: string; typeCode: number; class: string; classCode: number };
  answers: DnsRecord[];
  authority: DnsRecord[];
  additional: DnsRecord[];
  edns?: EdnsInfo;
}

const OPCODES = ['QUERY', 'IQUERY', 'STATUS', 'OPCODE3', 'NOTIFY', 'UPDATE', 'DSO'];
const FLAG_BITS: Array<[string, number]> = [
  ['qr', 0x8000],
  ['aa', 0x0400],
  ['tc', 0x0200],
  ['rd', 0x0100],
  ['ra', 0x0080],
  ['ad', 0x0020],
  ['cd', 0x0010],
];

const EDE_TEXT: Record<number, string> = {
  0: 'Other',
  1: 'Unsupported DNSKEY Algorithm',
  2: 'Unsupported DS Digest Type',
  3: 'Stale Answer',
  4: 'Forged Answer',
  5: 'DNSSEC Indeterminate',
  6: 'DNSSEC Bogus',
  7: 'Signature Expired',
  8: 'Signature Not Yet Valid',
  9: 'DNSKEY Missing',
  10: 'RRSIGs Missing',
  11: 'No Zone Key Bit Set',
  12: 'NSEC Missing',
  13: 'Cached Error',
  14: 'Not Ready',
  15: 'Blocked',
  16: 'Censored',
  17: 'Filtered',
  18: 'Prohibited',
  19: 'Stale NXDOMAIN Answer',
  20: 'Not Authoritative',
  21: 'Not Supported',
  22: 'No Reachable Authority',
  23: 'Network Error',
  24: 'Invalid Data',
};

function presentOption(code: number, data: Buffer): string {
  if (code === 3) {
    const printable = data.length > 0 && [...data].every(c => c >= 0x20 && c < 0x7f);
    return printable ? `${data.toString('hex')} (${characterString(data)})` : data.toString('hex');
  }
  if (code === 8 && data.length >= 4) {
    const family = data.readUInt16BE(0);
    const bytes = data.subarray(4);
    let addr = data.subarray(4).toString('hex');
    if (family === 1) addr = [0, 1, 2, 3].map(i => bytes[i] ?? 0).join('.');
    if (family === 2) {
      const full = Buffer.alloc(16);
      bytes.copy(full);
      addr = formatIpv6Ntop(full);
    }
    return `${addr}/${data[2]}/${data[3]}`;
  }
  if (code === 15 && data.length >= 2) {
    const info = data.readUInt16BE(0);
    const extra = data.length > 2 ? `: ${characterString(data.subarray(2))}` : '';
    return `${info} (${EDE_TEXT[info] ?? 'Unknown'})${extra}`;
  }
  return data.toString('hex');
}

function decodeOpt(buf: Buffer, classCode: number, ttl: number, start: number, length: number): EdnsInfo {
  const options: EdnsOption[] = [];
  let pos = start;
  const end = start + length;
  while (pos < end) {
    if (pos + 4 > end) throw new MalformedMessage('an EDNS option header is cut short');
    const code = buf.readUInt16BE(pos);
    const len = buf.readUInt16BE(pos + 2);
    if (pos + 4 + len > end) throw new MalformedMessage('an EDNS option runs past the OPT record');
    const data = buf.subarray(pos + 4, pos + 4 + len);
    options.push({ code, name: ednsOptionName(code), value: presentOption(code, data), hex: data.toString('hex') });
    pos += 4 + len;
  }
  return { version: (ttl >>> 16) & 0xff, udpSize: classCode, do: (ttl & 0x8000) !== 0, options };
}

/**
 * Decodes a DNS message. Throws MalformedMessage (never anything else) for bytes that are not a
 * well-formed message: short header, counts beyond the data, bad names, rdata not matching its length.
 * Any other failure inside the decoder (a bug) is also reported as MalformedMessage, with the original error
 * as its `cause` (the fuzzer looks for those). `answersOnly` stops after the answer section (batches: no
 * authority, additional or EDNS, so no extended rcode).
 */
export function decodeMessage(buf: Buffer, answersOnly = false): DecodedMessage {
  try {
    return decodeUnchecked(buf, answersOnly);
  } catch (e) {
    if (e instanceof MalformedMessage) throw e;
    throw new MalformedMessage(errorMessage(e), { cause: e });
  }
}

function decodeUnchecked(buf: Buffer, answersOnly: boolean): DecodedMessage {
  if (buf.length < 12) throw new MalformedMessage(`the message is ${buf.length} bytes, shorter than a DNS header`);
  const id = buf.readUInt16BE(0);
  const word = buf.readUInt16BE(2);
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
  const [qd = 0, an = 0, ns = 0, ar = 0] = counts;
  let pos = 12;
  let question: DecodedMessage['question'];
  for (let i = 0; i < qd; i++) {
    const { name, end } = decodeName(buf, pos);
    if (end + 4 > buf.length) throw new MalformedMessage('the question is cut short');
    const t = buf.readUInt16BE(end);
    const c = buf.readUInt16BE(end + 2);
    if (i === 0) question = { name, type: typeName(t), typeCode: t, class: className(c), classCode: c };
    pos = end + 4;
  }
  const sections: DnsRecord[][] = [[], [], []];
  let edns: EdnsInfo | undefined;
  let extRcode = 0;
  for (let s = 0; s < (answersOnly ? 1 : 3); s++) {
    const count = [an, ns, ar][s] ?? 0;
    const list = sections[s] ?? [];
    for (let i = 0; i < count; i++) {
      const { name, end } = decodeName(buf, pos);
      if (end + 10 > buf.length) throw new MalformedMessage('a record header is cut short');
      const type = buf.readUInt16BE(end);
      const klass = buf.readUInt16BE(end + 2);
      const ttl = buf.readUInt32BE(end + 4);
      const rdLength = buf.readUInt16BE(end + 8);
      const start = end + 10;
      if (start + rdLength > buf.length) throw new MalformedMessage("a record's data runs past the end of the message");
      if (type === 41 && s === 2) {
        if (edns) throw new MalformedMessage('the message has more than one OPT record');
        edns = decodeOpt(buf, klass, ttl, start, rdLength);
        extRcode = ttl >>> 24;
      } else {
        list.push({ name, type: typeName(type), typeCode: type, class: className(klass), ttl, data: presentRdata(buf, type, start, rdLength, klass) });
      }
      pos = start + rdLength;
    }
  }
  const rcodeCode = (extRcode << 4) | (word & 0x0f);
  const opcode = (word >> 11) & 0x0f;
  const msg: DecodedMessage = {
    id,
    qr: (word & 0x8000) !== 0,
    opcode: OPCODES[opcode] ?? `OPCODE${opcode}`,
    rcode: rcodeName(rcodeCode),
    rcodeCode,
    flags: FLAG_BITS.filter(([, bit]) => (word & bit) !== 0).map(([n]) => n),
    truncated: (word & 0x0200) !== 0,
    answers: sections[0] ?? [],
    authority: sections[1] ?? [],
    additional: sections[2] ?? [],
  };
  if (question) msg.question = question;
  if (edns) msg.edns = edns;
  return msg;
}
