/** Which way a frame went: `out` from NetProbe (the client) to the server, `in` from the server. */
export type FrameDirection = 'out' | 'in';

/** One SETTINGS parameter. */
export interface Http2Setting {
  id: number;
  /** `MAX_CONCURRENT_STREAMS`, … (`UNKNOWN_0xNNNN` for others). */
  name: string;
  value: number;
}

/** A flow-control window after a frame, in bytes: the receiver's room for the connection and the stream. */
export interface FlowWindow {
  connection: number;
  stream?: number;
}

/** One HTTP/2 frame as it went over the wire, decoded. */
export interface Http2Frame {
  dir: FrameDirection;
  /** ms from the start of the connection's HTTP/2 traffic to the frame's first byte. */
  atMs: number;
  /** `DATA`, `HEADERS`, … (`UNKNOWN_0xNN` for extension types). */
  type: string;
  typeCode: number;
  flags: number;
  /** Names of the set flags (`END_STREAM`, `END_HEADERS`, `ACK`, …). */
  flagNames: string[];
  streamId: number;
  /** Payload length from the frame header (the frame is 9 bytes more). */
  length: number;
  /** The frame's exact bytes (9-byte header and payload), cut at the capture limits when `bytesTruncated`. */
  bytes: Buffer;
  bytesTruncated?: boolean;
  /** PADDED frames: bytes of padding. */
  padLength?: number;
  /** HEADERS with PRIORITY, and PRIORITY frames. */
  priority?: { dependsOn: number; weight: number; exclusive: boolean };
  /** SETTINGS: the parameters in order. */
  settings?: Http2Setting[];
  /**
   * HEADERS/PUSH_PROMISE/CONTINUATION that completes a header block: the header list decoded through HPACK
   * (pseudo-headers included), as [name, value] in order.
   */
  headers?: Array<[string, string]>;
  /** Encoded size of the whole header block (across CONTINUATION frames). */
  headerBlockBytes?: number;
  /** Header list size as RFC 9113 counts it (name + value + 32 per field). */
  headerListSize?: number;
  /** Fields of the block not kept (over the decode limit), or why the block could not be decoded. */
  headersNote?: string;
  /** DATA and WINDOW_UPDATE: the receiver's flow-control windows after this frame. */
  window?: FlowWindow;
  /** WINDOW_UPDATE: the increment. */
  windowIncrement?: number;
  /** RST_STREAM and GOAWAY: the error code and its name. */
  errorCode?: number;
  errorName?: string;
  /** GOAWAY: the last stream the sender processed, and its debug data (text with control characters escaped). */
  lastStreamId?: number;
  debugData?: string;
  /** PING: the 8 opaque bytes in hex. */
  opaqueData?: string;
  /** PUSH_PROMISE: the promised stream. */
  promisedStreamId?: number;
  /** What is wrong with this frame, in plain language. */
  problem?: string;
}

/** Timing and frames of one stream, in ms from the start of the connection's HTTP/2 traffic. */
export interface Http2StreamInfo {
  streamId: number;
  /** When the HEADERS frame that opened the stream was written. */
  headersSentMs?: number;
  /** When the stream's first byte from the server arrived. */
  firstByteMs?: number;
  /** When the stream's last byte from the server arrived (END_STREAM or RST_STREAM). */
  lastByteMs?: number;
  /** The header list sent (pseudo-headers first), decoded from the HEADERS frame NetProbe wrote. */
  requestHeaders: Array<[string, string]>;
  /** Encoded (HPACK) size of the request's header block. */
  requestHeaderBytes: number;
  /** Trailers the server sent after the body. */
  trailers?: Array<[string, string]>;
  /** The stream was reset: by whom and with which error code. */
  reset?: { by: 'server' | 'client'; errorCode: number; errorName: string };
  framesSent: number;
  framesReceived: number;
}

/** What NetProbe asked for and what the connection ended up speaking. */
export interface Http2Negotiation {
  /** `h2` (ALPN over TLS) or `h2c` (prior knowledge, cleartext or over TLS without needing ALPN). */
  asked: 'h2' | 'h2c';
  /** HTTP version used: `2`, or `1.1` after falling back. */
  used: '2' | '1.1';
  /** ALPN protocol the server chose (TLS only; absent when it chose none). */
  alpn?: string;
  /** Plain-language note when the server refused HTTP/2 or HTTP/2 could not be asked for. */
  note?: string;
}

/** One HTTP/2 connection: its frames in both directions and both sides' settings. */
export interface Http2ConnectionInfo {
  /** The connection's number (`ConnectionInfo.id`). */
  connection: number;
  negotiation: Http2Negotiation;
  /** Frames kept, in wire order per direction, merged by time. */
  frames: Http2Frame[];
  /** Frames seen but not kept (over `maxFrames`). */
  framesDropped: number;
  /** Settings NetProbe sent and the last ones the server sent. */
  localSettings: Http2Setting[];
  remoteSettings: Http2Setting[];
  /** GOAWAY received from the server. */
  goaway?: { lastStreamId: number; errorCode: number; errorName: string; debugData?: string };
  /** Bytes in each direction (preface and frames). */
  bytesSent: number;
  bytesReceived: number;
}
