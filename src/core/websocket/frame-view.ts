import { closeCodeName } from './errors';
import { quotedText } from '../text/terminal';
import type { WebSocketFrame } from './types';

/** A frame as plain JSON (the preview as hex, and as text for text frames). */
export interface WebSocketFrameJson {
  dir: 'out' | 'in';
  atMs: number;
  type: WebSocketFrame['type'];
  opcode: number;
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  masked: boolean;
  maskKey?: string;
  length: number;
  headerLength: number;
  /** The first payload bytes (unmasked), hex. */
  preview: string;
  /** The same bytes as UTF-8 text, for text frames. */
  previewText?: string;
  closeCode?: number;
  closeReason?: string;
}

/** {@link WebSocketFrame} as JSON (CLI `--json`, Copy). */
export function webSocketFrameJson(f: WebSocketFrame): WebSocketFrameJson {
  return {
    dir: f.dir,
    atMs: f.atMs,
    type: f.type,
    opcode: f.opcode,
    fin: f.fin,
    rsv1: f.rsv1,
    rsv2: f.rsv2,
    rsv3: f.rsv3,
    masked: f.masked,
    ...(f.maskKey ? { maskKey: f.maskKey } : {}),
    length: f.length,
    headerLength: f.headerLength,
    preview: f.preview.toString('hex'),
    ...(f.type === 'text' && !f.rsv1 ? { previewText: f.preview.toString('utf8') } : {}),
    ...(f.closeCode !== undefined ? { closeCode: f.closeCode } : {}),
    ...(f.closeReason !== undefined ? { closeReason: f.closeReason } : {}),
  };
}

/** Up to `max` bytes as spaced hex, with `…` when there were more. */
export function hexPreview(data: Buffer, total: number, max = 16): string {
  const shown = [...data.subarray(0, max)].map(b => b.toString(16).padStart(2, '0')).join(' ');
  return total > Math.min(max, data.length) ? `${shown}…` : shown;
}

/**
 * One line per frame, the same in the terminal and the CLI: direction, opcode name, FIN, RSV bits, mask,
 * payload length and a preview (text quoted with controls escaped, other payloads as hex, close code and reason).
 * Example: `→ text   FIN rsv=000 mask=1a2b3c4d len=5 "hello"`.
 */
export function describeWebSocketFrame(f: WebSocketFrame): string {
  const arrow = f.dir === 'out' ? '→' : '←';
  const type = f.type === 'reserved' ? `op=0x${f.opcode.toString(16)}` : f.type;
  const rsv = `${f.rsv1 ? 1 : 0}${f.rsv2 ? 1 : 0}${f.rsv3 ? 1 : 0}`;
  const mask = f.masked ? `mask=${f.maskKey ?? ''}` : 'unmasked';
  let preview = '';
  if (f.type === 'close') {
    preview =
      f.closeCode !== undefined ? `${f.closeCode} (${closeCodeName(f.closeCode)})${f.closeReason ? ` ${quotedText(f.closeReason)}` : ''}` : 'no status code';
  } else if (f.length > 0) {
    const textual = (f.type === 'text' || f.type === 'ping' || f.type === 'pong') && !f.rsv1;
    const text = f.preview.toString('utf8');
    preview = textual ? quotedText(text.slice(0, 60), 60) + (text.length > 60 || f.length > f.preview.length ? '…' : '') : hexPreview(f.preview, f.length);
  }
  return `${arrow} ${type.padEnd(12)} ${f.fin ? 'FIN' : 'fin=0'} rsv=${rsv} ${mask} len=${f.length}${preview ? ` ${preview}` : ''}`;
}
