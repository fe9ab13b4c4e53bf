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
  const hex = payload
    .subarray(0, max)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
  return payload.length > max ? `${hex} …` : hex;
}

/** True when the payload is printable UTF-8 text (tabs and newlines allowed). */
export function isPrintable(payload: Buffer): boolean {
  let ascii = true;
  for (const b of payload) {
    if (b >= 0x80) {
      ascii = false;
      break;
    }
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

/** What a datagram is, apart from its payload. */
function packetFacts(p: UdpPacket): Pick<PacketJson, 'seq' | 'time' | 'from' | 'port' | 'family' | 'size'> {
  return { seq: p.seq, time: p.time, from: p.from, port: p.port, family: p.family, size: p.size };
}

/** Converts a packet (whose payload is a Buffer) for JSON output, webviews and History. */
export function packetJson(p: UdpPacket, max = 4096): PacketJson {
  return {
    ...packetFacts(p),
    text: payloadText(p.payload, max),
    hex: payloadHex(p.payload, max),
    printable: isPrintable(p.payload),
  };
}

/** How much of a payload a live preview shows (the whole datagram is fetched on demand). */
export const PREVIEW_BYTES = 48;

/** A datagram as a live monitor lists it: its first {@link PREVIEW_BYTES} bytes as text and hex, not the whole payload. */
export type PacketPreview = PacketJson & {
  /** True when the payload is longer than the preview. */
  cut: boolean;
};

/** The first bytes of `payload` up to `max`, without a UTF-8 sequence cut in two at the end. */
function previewSlice(payload: Buffer, max: number): Buffer {
  if (payload.length <= max) return payload;
  let end = max;
  // Step back over continuation bytes to the lead byte; drop it if its sequence does not fit.
  let i = end - 1;
  while (i > end - 4 && i > 0 && ((payload[i] ?? 0) & 0xc0) === 0x80) i--;
  const lead = payload[i] ?? 0;
  const len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (i + len > end) end = i;
  return payload.subarray(0, end);
}

/**
 * A small preview of a datagram for a live list: at most `max` bytes (default {@link PREVIEW_BYTES}) as text and
 * hex, whatever its size, so the cost of listing a flood does not grow with the payloads.
 */
export function packetPreview(p: UdpPacket, max = PREVIEW_BYTES): PacketPreview {
  const slice = previewSlice(p.payload, max);
  const cut = slice.length < p.payload.length;
  const text = payloadText(slice, max);
  const hex = payloadHex(p.payload, max);
  return {
    ...packetFacts(p),
    text: cut ? `${text}…` : text,
    hex,
    printable: isPrintable(slice),
    cut,
  };
}
