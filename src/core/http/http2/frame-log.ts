import { nowMs } from '../../errors';
import {
  CLIENT_PREFACE,
  DEFAULT_HEADER_TABLE_SIZE,
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_WINDOW,
  FLAG_ACK,
  FLAG_END_HEADERS,
  FLAG_END_STREAM,
  FLAG_PADDED,
  FLAG_PRIORITY,
  FrameType,
  SETTINGS_HEADER_TABLE_SIZE,
  SETTINGS_INITIAL_WINDOW_SIZE,
  SETTINGS_MAX_FRAME_SIZE,
  errorCodeName,
  flagNames,
  frameTypeName,
  settingName,
} from './constants';
import { HpackDecoder, HpackError } from './hpack';
import type { FrameDirection, Http2Frame, Http2Setting } from './types';

/** Bounds of a {@link FrameLog}. */
export interface FrameLogLimits {
  /** Frames kept (later ones are counted, not kept). Default 10,000. */
  maxFrames?: number;
  /** Bytes kept of one frame, header included. Default 16,393 (a full default-size frame). */
  maxFrameBytes?: number;
  /** Bytes kept over all frames of one direction, and decoded header list bytes kept on them. Default 1 MiB. */
  captureBytes?: number;
  /** Decoded header list kept per block (RFC 9113 size). Default 64 KiB. */
  maxHeaderListSize?: number;
  /** Encoded header block decoded (HEADERS + CONTINUATION). Default 256 KiB. */
  maxHeaderBlockBytes?: number;
  /** SETTINGS frames (not ACKs) the server may send before it counts as a flood. Default 100. */
  maxSettingsFrames?: number;
  /** Frames on stream 0 (SETTINGS, PING, WINDOW_UPDATE…) the server may send. Default 10,000. */
  maxControlFrames?: number;
}

/** What the log learnt about one stream. Times are `nowMs()` values. */
export interface StreamRecord {
  id: number;
  headersSentAt?: number;
  firstByteAt?: number;
  lastByteAt?: number;
  requestHeaders?: Array<[string, string]>;
  requestHeaderBytes: number;
  /** Header blocks the server sent on the stream (1xx, final, trailers), decoded. */
  responseBlocks: Array<{ headers: Array<[string, string]>; encodedBytes: number; listSize: number }>;
  reset?: { by: 'server' | 'client'; errorCode: number };
  /** The server's END_STREAM arrived: its side of the stream is complete. */
  endedByServer: boolean;
  frames: Http2Frame[];
  framesSent: number;
  framesReceived: number;
  bytesSent: number;
  bytesReceived: number;
  /** Receive windows: the client's (NetProbe's) and the server's, for this stream. */
  clientWindow: number;
  serverWindow: number;
}

const MAX_STREAM_RECORDS = 20_000;
const { DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION } = FrameType;
const EMPTY: string[] = [];
/** Flag names per (type, flags): one shared, never-changed array for each combination seen. */
const flagNameCache = new Map<number, string[]>();

function cachedFlagNames(type: number, flags: number): string[] {
  if (flags === 0) return EMPTY;
  const key = (type << 8) | flags;
  let names = flagNameCache.get(key);
  if (!names) {
    names = flagNames(type, flags);
    if (flagNameCache.size < 4096) flagNameCache.set(key, names);
  }
  return names;
}

/** One direction's byte stream being cut into frames. */
class DirectionParser {
  prefaceLeft: number;
  private head = Buffer.alloc(9);
  private headFill = 0;
  /** The frame being read (after its 9-byte header). */
  private frame:
    | { type: number; flags: number; streamId: number; length: number; left: number; at: number; parts: Buffer[]; kept: number; keep: number; full: boolean }
    | undefined;
  /** A header block waiting for CONTINUATION frames. */
  block: { streamId: number; parts: Buffer[]; size: number; tooLarge: boolean } | undefined;
  readonly hpack: HpackDecoder;
  /** Why header blocks of this direction can no longer be decoded. */
  hpackBroken: string | undefined;
  /** Why this direction could not be cut into frames any more. */
  broken: string | undefined;
  captured = 0;
  /** Decoded header list bytes kept on this direction's frames (bounded by the capture budget). */
  private headersKept = 0;
  bytes = 0;
  /** Largest frame payload this direction may carry (the receiver's SETTINGS_MAX_FRAME_SIZE). */
  maxFrameSize = DEFAULT_MAX_FRAME_SIZE;

  constructor(
    readonly dir: FrameDirection,
    maxListSize: number,
    private readonly log: FrameLog,
  ) {
    this.prefaceLeft = dir === 'out' ? CLIENT_PREFACE.length : 0;
    this.hpack = new HpackDecoder(DEFAULT_HEADER_TABLE_SIZE, maxListSize);
  }

  feed(chunk: Buffer, at: number): void {
    if (this.dir === 'in' && this.bytes === 0 && chunk.subarray(0, 5).toString('latin1') === 'HTTP/') {
      const end = chunk.indexOf('\r\n');
      const line = printable(chunk.subarray(0, Math.min(end < 0 ? chunk.length : end, 120)));
      this.broken = `The server answered in HTTP/1.x ("${line}") instead of HTTP/2`;
      this.log.violate(`${this.broken}: it does not speak HTTP/2 with prior knowledge on this port.`);
    }
    this.bytes += chunk.length;
    if (this.broken) return;
    let pos = 0;
    if (this.prefaceLeft > 0) {
      const n = Math.min(this.prefaceLeft, chunk.length);
      const from = CLIENT_PREFACE.length - this.prefaceLeft;
      if (!chunk.subarray(0, n).equals(CLIENT_PREFACE.subarray(from, from + n))) this.broken = 'The connection does not start with the HTTP/2 client preface.';
      this.prefaceLeft -= n;
      pos = n;
    }
    const end = chunk.length;
    while (pos < end && !this.broken && !(this.dir === 'in' && this.log.violation)) {
      if (!this.frame && this.headFill === 0 && end - pos >= 9) {
        // The common case: the whole frame is in this chunk. One copy, no parts to join.
        const length = ((chunk[pos] ?? 0) << 16) | ((chunk[pos + 1] ?? 0) << 8) | (chunk[pos + 2] ?? 0);
        if (end - pos >= 9 + length && length <= this.maxFrameSize) {
          const type = chunk[pos + 3] ?? 0;
          const flags = chunk[pos + 4] ?? 0;
          const streamId = (((chunk[pos + 5] ?? 0) & 0x7f) << 24) | ((chunk[pos + 6] ?? 0) << 16) | ((chunk[pos + 7] ?? 0) << 8) | (chunk[pos + 8] ?? 0);
          const full = type <= CONTINUATION && type !== DATA;
          const shown = keepOf(length, this.log.limits.maxFrameBytes, this.log.limits.captureBytes - this.captured);
          const copied = full ? length : shown;
          const bytes = Buffer.allocUnsafe(9 + copied);
          chunk.copy(bytes, 0, pos, pos + 9 + copied);
          this.captured += 9 + shown;
          pos += 9 + length;
          this.complete(type, flags, streamId, length, at, bytes, shown);
          continue;
        }
      }
      if (!this.frame) {
        const n = Math.min(9 - this.headFill, chunk.length - pos);
        chunk.copy(this.head, this.headFill, pos, pos + n);
        this.headFill += n;
        pos += n;
        if (this.headFill < 9) return;
        this.headFill = 0;
        this.startFrame(at);
        if (this.frame === undefined) continue;
      }
      const f = this.frame;
      const n = Math.min(f.left, chunk.length - pos);
      const want = f.full ? n : Math.max(0, Math.min(n, f.keep - f.kept));
      if (want > 0) {
        f.parts.push(chunk.subarray(pos, pos + want));
        f.kept += want;
      }
      f.left -= n;
      pos += n;
      if (f.left === 0) this.endFrame();
    }
  }

  private startFrame(at: number): void {
    const h = this.head;
    const length = h.readUIntBE(0, 3);
    const type = h[3] ?? 0;
    const flags = h[4] ?? 0;
    const streamId = h.readUInt32BE(5) & 0x7fffffff;
    const limits = this.log.limits;
    const tooBig = length > this.maxFrameSize;
    // Control frames are decoded whole (bounded by MAX_FRAME_SIZE); DATA and unknown frames only keep their first bytes.
    const full = !tooBig && type !== DATA && type <= CONTINUATION;
    const keep = keepOf(length, limits.maxFrameBytes, limits.captureBytes - this.captured);
    this.frame = { type, flags, streamId, length, left: length, at, parts: [Buffer.from(h)], kept: 0, keep, full };
    if (length === 0) this.endFrame();
  }

  private endFrame(): void {
    const f = this.frame;
    if (!f) return;
    this.frame = undefined;
    const all = f.parts.length === 1 ? (f.parts[0] ?? Buffer.alloc(0)) : Buffer.concat(f.parts);
    this.captured += f.full ? 9 + f.keep : all.length;
    this.complete(f.type, f.flags, f.streamId, f.length, f.at, all, f.keep);
  }

  /** A whole frame: `bytes` is its header and payload (the whole payload for control frames; `kept` bytes of it are shown). */
  private complete(type: number, flags: number, streamId: number, length: number, at: number, bytes: Buffer, kept: number): void {
    const frame: Http2Frame = {
      dir: this.dir,
      atMs: at - this.log.startedAt,
      type: frameTypeName(type),
      typeCode: type,
      flags,
      flagNames: cachedFlagNames(type, flags),
      streamId,
      length,
      bytes: kept + 9 < bytes.length ? Buffer.from(bytes.subarray(0, 9 + kept)) : bytes,
    };
    if (kept < length) frame.bytesTruncated = true;
    if (length > this.maxFrameSize) frame.problem = `The frame is ${length} bytes, over the receiver's MAX_FRAME_SIZE of ${this.maxFrameSize}.`;
    else this.decode(frame, bytes.subarray(9));
    this.log.record(frame, at);
  }

  private decode(frame: Http2Frame, p: Buffer): void {
    const { typeCode: type, flags } = frame;
    if (type === DATA) {
      // Only the first bytes of a DATA frame are kept; the windows count the whole frame.
      if (flags & FLAG_PADDED && p[0] !== undefined) frame.padLength = p[0];
      this.log.dataFrame(frame);
      return;
    }
    let start = 0;
    let end = frame.length;
    const padded = (type === HEADERS || type === PUSH_PROMISE) && (flags & FLAG_PADDED) !== 0;
    if (padded) {
      const pad = p[0];
      if (pad === undefined) return;
      frame.padLength = pad;
      start = 1;
      end = frame.length - pad;
      if (end < start) {
        frame.problem = 'The padding is longer than the frame.';
        return;
      }
    }
    switch (type) {
      case HEADERS:
        if (flags & FLAG_PRIORITY) {
          if (end - start < 5) {
            frame.problem = 'HEADERS with PRIORITY is too short.';
            return;
          }
          frame.priority = priorityOf(p, start);
          start += 5;
        }
        this.headerFragment(frame, p.subarray(start, end), true);
        return;
      case PRIORITY:
        if (frame.length !== 5) {
          frame.problem = 'A PRIORITY frame must be 5 bytes.';
          return;
        }
        frame.priority = priorityOf(p, 0);
        return;
      case RST_STREAM:
        if (frame.length !== 4) {
          frame.problem = 'An RST_STREAM frame must be 4 bytes.';
          return;
        }
        frame.errorCode = p.readUInt32BE(0);
        frame.errorName = errorCodeName(frame.errorCode);
        return;
      case SETTINGS:
        if (flags & FLAG_ACK) {
          if (frame.length !== 0) frame.problem = 'A SETTINGS ACK must be empty.';
          return;
        }
        if (frame.length % 6 !== 0) {
          frame.problem = 'A SETTINGS frame must be a multiple of 6 bytes.';
          return;
        }
        frame.settings = [];
        for (let i = 0; i + 6 <= frame.length; i += 6) {
          const id = p.readUInt16BE(i);
          frame.settings.push({ id, name: settingName(id), value: p.readUInt32BE(i + 2) });
        }
        this.log.settingsFrame(frame, frame.settings);
        return;
      case PUSH_PROMISE:
        if (end - start < 4) {
          frame.problem = 'PUSH_PROMISE is too short.';
          return;
        }
        frame.promisedStreamId = p.readUInt32BE(start) & 0x7fffffff;
        this.headerFragment(frame, p.subarray(start + 4, end), true);
        return;
      case PING:
        if (frame.length !== 8) {
          frame.problem = 'A PING frame must be 8 bytes.';
          return;
        }
        frame.opaqueData = p.toString('hex');
        return;
      case GOAWAY:
        if (frame.length < 8) {
          frame.problem = 'A GOAWAY frame must be at least 8 bytes.';
          return;
        }
        frame.lastStreamId = p.readUInt32BE(0) & 0x7fffffff;
        frame.errorCode = p.readUInt32BE(4);
        frame.errorName = errorCodeName(frame.errorCode);
        if (frame.length > 8) frame.debugData = printable(p.subarray(8, Math.min(p.length, 8 + 1024)));
        this.log.goawayFrame(frame);
        return;
      case WINDOW_UPDATE:
        if (frame.length !== 4) {
          frame.problem = 'A WINDOW_UPDATE frame must be 4 bytes.';
          return;
        }
        frame.windowIncrement = p.readUInt32BE(0) & 0x7fffffff;
        if (frame.windowIncrement === 0) frame.problem = 'A window increment of 0 is a protocol error.';
        this.log.windowUpdate(frame);
        return;
      case CONTINUATION:
        this.headerFragment(frame, p, false);
        return;
      default:
        return;
    }
  }

  private headerFragment(frame: Http2Frame, fragment: Buffer, first: boolean): void {
    const limits = this.log.limits;
    const endsBlock = (frame.flags & FLAG_END_HEADERS) !== 0;
    if (first) {
      if (this.block) frame.problem = 'A new header block started before the previous one ended (CONTINUATION expected).';
      this.block = undefined;
      // The common case, a block in one frame: decoded in place.
      if (endsBlock) {
        this.decodeBlock(frame, fragment.length > limits.maxHeaderBlockBytes ? undefined : fragment, fragment.length);
        return;
      }
      this.block = { streamId: frame.streamId, parts: [], size: 0, tooLarge: false };
    } else if (!this.block || this.block.streamId !== frame.streamId) {
      frame.problem = 'CONTINUATION without a header block in progress on this stream.';
      return;
    }
    const b = this.block;
    b.size += fragment.length;
    if (b.size > limits.maxHeaderBlockBytes) b.tooLarge = true;
    else b.parts.push(Buffer.from(fragment));
    if (!endsBlock) return;
    this.block = undefined;
    this.decodeBlock(frame, b.tooLarge ? undefined : b.parts.length === 1 ? b.parts[0] : Buffer.concat(b.parts), b.size);
  }

  /** Decodes a complete header block onto the frame that ended it (`block` undefined: too large to decode). */
  private decodeBlock(frame: Http2Frame, block: Buffer | undefined, size: number): void {
    const limits = this.log.limits;
    frame.headerBlockBytes = size;
    if (this.hpackBroken) {
      frame.headersNote = this.hpackBroken;
      return;
    }
    if (!block) {
      this.hpackBroken = `A header block of ${size} bytes was over the ${limits.maxHeaderBlockBytes}-byte decode limit; later blocks of this direction cannot be decoded (HPACK state lost).`;
      frame.headersNote = this.hpackBroken;
      return;
    }
    try {
      const decoded = this.hpack.decode(block);
      frame.headerListSize = decoded.listSize;
      // HPACK references make a few bytes decode to a large list: the lists kept on frames share the capture budget.
      const size = Math.min(decoded.listSize, limits.maxHeaderListSize);
      if (this.headersKept + size > limits.captureBytes) {
        frame.headersNote = `The header list (${decoded.listSize} bytes) is not kept: the frames of this direction already keep ${this.headersKept} bytes of decoded headers, the ${limits.captureBytes}-byte capture limit.`;
      } else {
        this.headersKept += size;
        frame.headers = decoded.headers;
        if (decoded.dropped)
          frame.headersNote = `${decoded.dropped} more fields not kept: the header list is ${decoded.listSize} bytes, over the ${limits.maxHeaderListSize}-byte limit.`;
      }
      this.log.headerBlock(frame, decoded.headers, size, decoded.listSize);
    } catch (e) {
      this.hpackBroken = `HPACK decoding failed: ${e instanceof HpackError ? e.message : String(e)}`;
      frame.headersNote = this.hpackBroken;
      frame.problem = this.hpackBroken;
    }
  }
}

/** Payload bytes of a decoded (control) frame that are shown: the frame limit and the capture budget bound them. */
function keepOf(length: number, maxFrameBytes: number, room: number): number {
  return Math.max(0, Math.min(length, maxFrameBytes - 9, room));
}

function priorityOf(p: Buffer, at: number): { dependsOn: number; weight: number; exclusive: boolean } {
  const dep = p.readUInt32BE(at);
  return { dependsOn: dep & 0x7fffffff, exclusive: (dep & 0x80000000) !== 0, weight: (p[at + 4] ?? 0) + 1 };
}

/** Bytes as text with control and non-ASCII bytes escaped (`\xNN`), safe for a terminal. */
function printable(b: Buffer): string {
  let s = '';
  for (const c of b) s += c >= 0x20 && c < 0x7f && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  return s;
}

/**
 * Cuts both directions of an HTTP/2 connection into frames as the bytes pass (the client preface, then frames),
 * decodes each frame (SETTINGS by name, header blocks through HPACK, flow-control windows, error codes) and keeps
 * them within the given limits. `violation` is set (and `onViolation` called) when the server floods SETTINGS or
 * control frames or does not speak HTTP/2: the connection should then be closed.
 */
export class FrameLog {
  readonly startedAt: number;
  readonly limits: Required<FrameLogLimits>;
  readonly frames: Http2Frame[] = [];
  framesDropped = 0;
  framesIn = 0;
  framesOut = 0;
  violation: string | undefined;
  onViolation: ((message: string) => void) | undefined;
  localSettings: Http2Setting[] = [];
  remoteSettings: Http2Setting[] = [];
  goaway: { lastStreamId: number; errorCode: number; errorName: string; debugData?: string } | undefined;
  private readonly streams = new Map<number, StreamRecord>();
  private readonly out: DirectionParser;
  private readonly in: DirectionParser;
  private settingsIn = 0;
  private controlIn = 0;
  /** Receive windows of the connection: the client's and the server's, and what new streams start with. */
  private clientWindow = DEFAULT_WINDOW;
  private serverWindow = DEFAULT_WINDOW;
  private clientInitial = DEFAULT_WINDOW;
  private serverInitial = DEFAULT_WINDOW;

  constructor(limits: FrameLogLimits = {}, startedAt = nowMs()) {
    this.startedAt = startedAt;
    this.limits = {
      maxFrames: limits.maxFrames ?? 10_000,
      maxFrameBytes: limits.maxFrameBytes ?? DEFAULT_MAX_FRAME_SIZE + 9,
      captureBytes: limits.captureBytes ?? 1024 * 1024,
      maxHeaderListSize: limits.maxHeaderListSize ?? 64 * 1024,
      maxHeaderBlockBytes: limits.maxHeaderBlockBytes ?? 256 * 1024,
      maxSettingsFrames: limits.maxSettingsFrames ?? 100,
      maxControlFrames: limits.maxControlFrames ?? 10_000,
    };
    this.out = new DirectionParser('out', this.limits.maxHeaderListSize, this);
    this.in = new DirectionParser('in', this.limits.maxHeaderListSize, this);
  }

  /** Bytes NetProbe wrote (`out`) or read (`in`), in order, as they pass. */
  feed(dir: FrameDirection, chunk: Buffer, at = nowMs()): void {
    (dir === 'out' ? this.out : this.in).feed(chunk, at);
  }

  get bytesSent(): number {
    return this.out.bytes;
  }
  get bytesReceived(): number {
    return this.in.bytes;
  }

  /** Why a direction stopped being decoded, if it did. */
  get desync(): string | undefined {
    return this.in.broken ?? this.out.broken;
  }

  /** The record of a stream (created by its first HEADERS frame), if any. */
  stream(id: number): StreamRecord | undefined {
    return this.streams.get(id);
  }

  /** Forgets a stream once its exchange is built (keeps memory flat on long connections). */
  release(id: number): void {
    this.streams.delete(id);
  }

  /** @internal Ends the connection's usefulness: a flood or a server that does not speak HTTP/2. */
  violate(message: string): void {
    if (this.violation) return;
    this.violation = message;
    this.onViolation?.(message);
  }

  /** @internal */
  record(frame: Http2Frame, at: number): void {
    if (frame.dir === 'in') {
      this.framesIn++;
      if (frame.streamId === 0 && ++this.controlIn > this.limits.maxControlFrames) {
        this.violate(`The server sent more than ${this.limits.maxControlFrames} connection-level frames (a control-frame flood).`);
      }
    } else {
      this.framesOut++;
    }
    const kept = this.frames.length < this.limits.maxFrames;
    if (kept) this.frames.push(frame);
    else this.framesDropped++;
    if (frame.streamId === 0) return;
    const s = frame.typeCode === HEADERS ? this.open(frame.streamId) : this.streams.get(frame.streamId);
    if (!s) return;
    if (kept) s.frames.push(frame);
    const size = frame.length + 9;
    if (frame.dir === 'out') {
      s.framesSent++;
      s.bytesSent += size;
      if (frame.typeCode === HEADERS && s.headersSentAt === undefined) s.headersSentAt = at;
      if (frame.typeCode === RST_STREAM) s.reset ??= { by: 'client', errorCode: frame.errorCode ?? 0 };
      return;
    }
    s.framesReceived++;
    s.bytesReceived += size;
    s.firstByteAt ??= at;
    const ends = (frame.typeCode === DATA || frame.typeCode === HEADERS) && (frame.flags & FLAG_END_STREAM) !== 0;
    if (ends) s.endedByServer = true;
    if (ends || frame.typeCode === RST_STREAM) s.lastByteAt = at;
    if (frame.typeCode === RST_STREAM) s.reset ??= { by: 'server', errorCode: frame.errorCode ?? 0 };
  }

  private open(id: number): StreamRecord | undefined {
    let s = this.streams.get(id);
    if (s || this.streams.size >= MAX_STREAM_RECORDS) return s;
    s = {
      id,
      requestHeaderBytes: 0,
      responseBlocks: [],
      endedByServer: false,
      frames: [],
      framesSent: 0,
      framesReceived: 0,
      bytesSent: 0,
      bytesReceived: 0,
      clientWindow: this.clientInitial,
      serverWindow: this.serverInitial,
    };
    this.streams.set(id, s);
    return s;
  }

  /** @internal A header block completed on `frame`. */
  headerBlock(frame: Http2Frame, headers: Array<[string, string]>, encodedBytes: number, listSize: number): void {
    if (frame.typeCode === PUSH_PROMISE) return;
    const s = this.open(frame.streamId);
    if (!s) return;
    if (frame.dir === 'out') {
      if (!s.requestHeaders) {
        s.requestHeaders = headers;
        s.requestHeaderBytes = encodedBytes;
      }
    } else if (s.responseBlocks.length < 16) {
      s.responseBlocks.push({ headers, encodedBytes, listSize });
    }
  }

  /** @internal DATA uses the receiver's windows. */
  dataFrame(frame: Http2Frame): void {
    const s = this.streams.get(frame.streamId);
    if (frame.dir === 'in') {
      this.clientWindow -= frame.length;
      if (s) s.clientWindow -= frame.length;
      frame.window = { connection: this.clientWindow, ...(s ? { stream: s.clientWindow } : {}) };
    } else {
      this.serverWindow -= frame.length;
      if (s) s.serverWindow -= frame.length;
      frame.window = { connection: this.serverWindow, ...(s ? { stream: s.serverWindow } : {}) };
    }
  }

  /** @internal A WINDOW_UPDATE grows the sender's receive window. */
  windowUpdate(frame: Http2Frame): void {
    const inc = frame.windowIncrement ?? 0;
    const client = frame.dir === 'out';
    if (frame.streamId === 0) {
      if (client) this.clientWindow += inc;
      else this.serverWindow += inc;
      frame.window = { connection: client ? this.clientWindow : this.serverWindow };
      return;
    }
    const s = this.streams.get(frame.streamId);
    if (s) {
      if (client) s.clientWindow += inc;
      else s.serverWindow += inc;
    }
    frame.window = { connection: client ? this.clientWindow : this.serverWindow, ...(s ? { stream: client ? s.clientWindow : s.serverWindow } : {}) };
  }

  /** @internal SETTINGS change what the receiver of later frames allows. */
  settingsFrame(frame: Http2Frame, settings: Http2Setting[]): void {
    const client = frame.dir === 'out';
    if (!client && ++this.settingsIn > this.limits.maxSettingsFrames) {
      this.violate(`The server sent more than ${this.limits.maxSettingsFrames} SETTINGS frames (a SETTINGS flood).`);
    }
    const merged = client ? this.localSettings : this.remoteSettings;
    for (const st of settings) {
      const i = merged.findIndex(m => m.id === st.id);
      if (i >= 0) merged[i] = st;
      else if (merged.length < 64) merged.push(st);
      if (st.id === SETTINGS_HEADER_TABLE_SIZE) (client ? this.in : this.out).hpack.setMaxTableSize(st.value);
      if (st.id === SETTINGS_MAX_FRAME_SIZE) (client ? this.in : this.out).maxFrameSize = st.value;
      if (st.id === SETTINGS_INITIAL_WINDOW_SIZE) {
        const delta = st.value - (client ? this.clientInitial : this.serverInitial);
        if (client) this.clientInitial = st.value;
        else this.serverInitial = st.value;
        for (const s of this.streams.values()) {
          if (client) s.clientWindow += delta;
          else s.serverWindow += delta;
        }
      }
    }
  }

  /** @internal */
  goawayFrame(frame: Http2Frame): void {
    if (frame.dir !== 'in') return;
    this.goaway = {
      lastStreamId: frame.lastStreamId ?? 0,
      errorCode: frame.errorCode ?? 0,
      errorName: frame.errorName ?? '',
      ...(frame.debugData ? { debugData: frame.debugData } : {}),
    };
  }
}
