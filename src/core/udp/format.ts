import type { UdpPacket } from './socket';

/** Payload as text for display: UTF-8, with control characters (other than tab and newline) shown as `·`. */
export function payloadText(payload: Buffer, max = 4096): string {
  const text = payload.subarray(0, max).toString('utf8');
  // eslint-disable-next-line no-control-regex
  const shown = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '·');
  return payload.length > max ? `${shown}…` : shown;
}

/** Payload as space-separated hex bytes (`48 65 6c 6c 6f`). */
export function payloadHex(payload: Buffer, max = 4096): string {
  const hex = payload.subarray(0, max).toString('hex').replace(/(..)(?!$)/g, '$1 ');
  return payload.length > max ? `${hex} …` : hex;
}

/** True when the payload is printable UTF-8 text (tabs and newlines allowed). */
export function isPrintable(payload: Buffer): boolean {
  let ascii = true;
  for (const b of payload) {
    if (b >= 0x80) { ascii = false; break; }
    if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13) || b === 0x7f) return false;
  }
  if (ascii) return true;
  const text = payload.toString('utf8');
  // eslint-disable-next-line no-control-regex
  return !text.includes('\ufffd') && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(text);
}

/** Classic hex dump: offset, 16 bytes in hex, and the printable ASCII column. */
export function hexDump(payload: Buffer, max = 4096): string {
  const lines: string[] = [];
  const end = Math.min(payload.length, max);
  for (let off = 0; off < end; off += 16) {
    const row = payload.subarray(off, Math.min(off + 16, end));
    const hex = [...row].map(b => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map(b => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  if (payload.length > max) lines.push(`… ${payload.length - max} more bytes`);
  return lines.join('\n');
}

/** A received datagram in JSON-friendly form: the payload as display text and as hex. */
export type PacketJson = Omit<UdpPacket, 'payload'> & {
  /** Payload as text (control characters shown as `·`). */
  text: string;
  hex: string;
  /** True when the payload is printable UTF-8. */
  printable: boolean;
};

/** Converts a packet (whose payload is a Buffer) for JSON output, webviews and History. */
export function packetJson(p: UdpPacket, max = 4096): PacketJson {
  return { seq: p.seq, time: p.time, from: p.from, port: p.port, family: p.family, size: p.size, text: payloadText(p.payload, max), hex: payloadHex(p.payload, max), printable: isPrintable(p.payload) };
}
