// Bytes as the panels show them: base64 from the host, hex pairs, and a virtualised hex dump.
import { el } from './dom';
import { virtualList } from './virtual';

/** Two lowercase hex digits. */
export function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** The bytes of a base64 string (the host sends binary data as base64). */
export function fromBase64(b64: string | undefined): Uint8Array {
  const s = atob(b64 ?? '');
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** A printable ASCII character for a byte, `.` for anything else. */
export function asciiChar(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}

/** One line of a hex dump: offset, 16 bytes in two groups of 8, and their ASCII. */
function hexLine(bytes: Uint8Array, rowIndex: number): HTMLDivElement {
  const start = rowIndex * 16;
  const chunk = bytes.subarray(start, start + 16);
  let hex = '';
  let ascii = '';
  for (let i = 0; i < 16; i++) {
    const inChunk = i < chunk.length;
    hex += inChunk ? `${hex2(chunk[i])} ` : '   ';
    if (i === 7) hex += ' ';
    if (inChunk) ascii += asciiChar(chunk[i]);
  }
  return el(
    'div',
    { class: 'hex-row' },
    el('span', { class: 'off' }, start.toString(16).padStart(8, '0')),
    el('span', { class: 'bytes' }, hex),
    el('span', { class: 'ascii' }, ascii),
  );
}

/** A virtualised hex dump (`.hex-view`): only the rows in sight are in the DOM, whatever the size. */
export function hexView(bytes: Uint8Array): HTMLDivElement {
  return virtualList({ count: Math.ceil(bytes.length / 16), rowHeight: 18, maxHeight: 440, className: 'hex-view', row: r => hexLine(bytes, r) });
}
