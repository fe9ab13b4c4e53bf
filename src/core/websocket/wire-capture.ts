import { FrameDecoder } from './frame-decoder';
import type { WebSocketFrame, WireDirection } from './types';

/** Most bytes of an HTTP head kept (Node's parser refuses heads over 16 KiB anyway). */
const HEAD_MAX = 64 * 1024;
/** Most bytes of a refused upgrade's body kept for the error message. */
const BODY_PREVIEW_MAX = 2048;
/** How many of the first bytes received are kept to show a server that does not speak HTTP. */
const FIRST_BYTES = 64;
const CRLFCRLF = Buffer.from('\r\n\r\n');

/** One direction: an HTTP head, then frames (or, for a response other than 101, a body preview). */
class DirectionCapture {
  private head = Buffer.alloc(0);
  /** Heads completed so far (the last is the one that counts; 1xx answers may come first). */
  heads: string[] = [];
  private mode: 'head' | 'frames' | 'body' | 'overflow' = 'head';
  bodyPreview = Buffer.alloc(0);
  bytes = 0;
  firstBytes = Buffer.alloc(0);
  readonly decoder: FrameDecoder;

  constructor(
    private readonly dir: WireDirection,
    onFrame: (f: WebSocketFrame) => void,
    clock: () => number,
    previewBytes: number,
    private readonly onHead: (dir: WireDirection, head: string) => void,
  ) {
    this.decoder = new FrameDecoder(dir, onFrame, clock, previewBytes);
  }

  feed(chunk: Buffer): void {
    if (this.firstBytes.length < FIRST_BYTES) this.firstBytes = Buffer.concat([this.firstBytes, chunk.subarray(0, FIRST_BYTES - this.firstBytes.length)]);
    this.bytes += chunk.length;
    let rest = chunk;
    while (rest.length > 0) {
      if (this.mode === 'frames') {
        this.decoder.feed(rest);
        return;
      }
      if (this.mode === 'body') {
        this.keepBody(rest);
        return;
      }
      if (this.mode === 'overflow') return;
      const from = Math.max(0, this.head.length - 3);
      this.head = Buffer.concat([this.head, rest]);
      const end = this.head.indexOf(CRLFCRLF, from);
      if (end < 0) {
        if (this.head.length > HEAD_MAX) {
          this.mode = 'overflow';
          this.head = Buffer.alloc(0);
        }
        return;
      }
      const headText = this.head.subarray(0, end + 4).toString('latin1');
      rest = this.head.subarray(end + 4);
      this.head = Buffer.alloc(0);
      this.heads.push(headText);
      this.mode = this.nextMode(headText);
      this.onHead(this.dir, headText);
    }
  }

  private nextMode(head: string): 'head' | 'frames' | 'body' {
    if (this.dir === 'out') return 'frames';
    const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head)?.[1] ?? 0);
    if (status === 101) return 'frames';
    return status >= 100 && status < 200 ? 'head' : 'body';
  }

  private keepBody(chunk: Buffer): void {
    const room = BODY_PREVIEW_MAX - this.bodyPreview.length;
    if (room > 0) this.bodyPreview = Buffer.concat([this.bodyPreview, chunk.subarray(0, room)]);
  }
}

/**
 * Everything that crosses a WebSocket's connection, seen from the bytes: the upgrade request and response
 * heads exactly as sent and received, then every frame in both directions (decoded with bounded previews).
 */
export class WireCapture {
  private readonly out: DirectionCapture;
  private readonly in: DirectionCapture;
  private requestAt: number | undefined;
  private responseAt: number | undefined;

  constructor(
    onFrame: (f: WebSocketFrame) => void,
    private readonly clock: () => number,
    previewBytes = 64,
  ) {
    const onHead = (dir: WireDirection): void => {
      if (dir === 'out') this.requestAt ??= this.clock();
      else this.responseAt = this.clock();
    };
    this.out = new DirectionCapture('out', onFrame, clock, previewBytes, onHead);
    this.in = new DirectionCapture('in', onFrame, clock, previewBytes, onHead);
  }

  /** Feeds bytes that went `dir`. */
  feed(dir: WireDirection, chunk: Buffer): void {
    (dir === 'out' ? this.out : this.in).feed(chunk);
  }

  get bytesOut(): number {
    return this.out.bytes;
  }

  get bytesIn(): number {
    return this.in.bytes;
  }

  /** The request head as sent. */
  get request(): string | undefined {
    return this.out.heads[0];
  }

  /** The response head(s) as received (interim 1xx heads included), if complete. */
  get response(): string | undefined {
    return this.in.heads.length ? this.in.heads.join('') : undefined;
  }

  /** The first bytes received (at most 64), as latin1: what a server that is not HTTP said. */
  get firstBytesIn(): string {
    return this.in.firstBytes.toString('latin1');
  }

  /** The first bytes of a non-101 response's body. */
  get bodyPreview(): string {
    return this.in.bodyPreview.toString('latin1');
  }

  /** ms from the request head written to the (last) response head read. */
  get upgradeMs(): number | undefined {
    return this.requestAt !== undefined && this.responseAt !== undefined ? this.responseAt - this.requestAt : undefined;
  }
}
