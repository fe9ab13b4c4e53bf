import type { WebSocketFrame, WebSocketFrameType, WireDirection } from './types';

const TYPES: Record<number, WebSocketFrameType> = { 0x0: 'continuation', 0x1: 'text', 0x2: 'binary', 0x8: 'close', 0x9: 'ping', 0xa: 'pong' };

/** The RFC 6455 name of an opcode (`reserved` for the unassigned ones). */
export function frameTypeOf(opcode: number): WebSocketFrameType {
  return TYPES[opcode] ?? 'reserved';
}

/** Largest payload a control frame may carry (RFC 6455 §5.5). */
const CONTROL_MAX = 125;

interface PendingFrame {
  frame: Omit<WebSocketFrame, 'preview' | 'closeCode' | 'closeReason'>;
  mask: Buffer | undefined;
  /** Payload bytes still to come. */
  remaining: number;
  /** Payload bytes seen so far. */
  seen: number;
  /** How many payload bytes to keep. */
  keep: number;
  kept: Buffer[];
  keptLength: number;
  emitted: boolean;
}

/**
 * Decodes WebSocket frames from one direction's bytes as they pass, whatever the chunking. It keeps only a
 * frame's header and the first `previewBytes` of its payload (control frames whole, at most 125 bytes), so its
 * memory is bounded whatever the server sends. A frame is reported as soon as its preview is complete: an
 * oversized frame is seen before its payload arrives.
 */
export class FrameDecoder {
  private header: Buffer = Buffer.alloc(0);
  private pending: PendingFrame | undefined;

  constructor(
    private readonly dir: WireDirection,
    private readonly onFrame: (frame: WebSocketFrame) => void,
    private readonly clock: () => number,
    private readonly previewBytes = 64,
  ) {}

  /** Feeds the next bytes of this direction. */
  feed(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.pending) {
        const need = this.headerNeed();
        const take = Math.min(need - this.header.length, chunk.length - offset);
        this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + take)]);
        offset += take;
        if (this.header.length < this.headerNeed()) continue;
        this.startFrame();
        continue;
      }
      const p = this.pending;
      const take = Math.min(p.remaining, chunk.length - offset);
      const wanted = Math.max(0, Math.min(take, p.keep - p.keptLength));
      if (wanted > 0) {
        p.kept.push(Buffer.from(chunk.subarray(offset, offset + wanted)));
        p.keptLength += wanted;
      }
      p.seen += take;
      p.remaining -= take;
      offset += take;
      this.maybeEmit();
    }
  }

  /** Header length for what has arrived so far (2 until the length byte says more). */
  private headerNeed(): number {
    if (this.header.length < 2) return 2;
    const b1 = this.header[1] ?? 0;
    const len7 = b1 & 0x7f;
    return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (b1 & 0x80 ? 4 : 0);
  }

  private startFrame(): void {
    const h = this.header;
    this.header = Buffer.alloc(0);
    const b0 = h[0] ?? 0;
    const b1 = h[1] ?? 0;
    const len7 = b1 & 0x7f;
    let length = len7;
    let at = 2;
    if (len7 === 126) {
      length = h.readUInt16BE(2);
      at = 4;
    } else if (len7 === 127) {
      length = Number(h.readBigUInt64BE(2));
      at = 10;
    }
    const masked = (b1 & 0x80) !== 0;
    const mask = masked ? h.subarray(at, at + 4) : undefined;
    const opcode = b0 & 0x0f;
    const control = opcode >= 0x8;
    this.pending = {
      frame: {
        dir: this.dir,
        atMs: this.clock(),
        fin: (b0 & 0x80) !== 0,
        rsv1: (b0 & 0x40) !== 0,
        rsv2: (b0 & 0x20) !== 0,
        rsv3: (b0 & 0x10) !== 0,
        opcode,
        type: frameTypeOf(opcode),
        masked,
        ...(mask ? { maskKey: mask.toString('hex') } : {}),
        length,
        headerLength: h.length,
      },
      mask: mask ? Buffer.from(mask) : undefined,
      remaining: length,
      seen: 0,
      keep: Math.min(length, control ? Math.max(CONTROL_MAX, this.previewBytes) : this.previewBytes),
      kept: [],
      keptLength: 0,
      emitted: false,
    };
    this.maybeEmit();
  }

  private maybeEmit(): void {
    const p = this.pending;
    if (!p) return;
    if (!p.emitted && p.keptLength >= p.keep) {
      p.emitted = true;
      this.onFrame(this.finishFrame(p));
    }
    if (p.remaining === 0) this.pending = undefined;
  }

  private finishFrame(p: PendingFrame): WebSocketFrame {
    const preview = Buffer.concat(p.kept);
    if (p.mask) for (let i = 0; i < preview.length; i++) preview[i] = (preview[i] ?? 0) ^ (p.mask[i % 4] ?? 0);
    const frame: WebSocketFrame = { ...p.frame, preview };
    if (p.frame.type === 'close' && preview.length >= 2) {
      frame.closeCode = preview.readUInt16BE(0);
      frame.closeReason = preview.subarray(2).toString('utf8');
    } else if (p.frame.type === 'close') {
      frame.closeReason = '';
    }
    return frame;
  }
}
