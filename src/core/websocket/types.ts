import type { OperationOptions } from '../errors';
import type { TlsOptions } from '../tls/connect';
import type { TlsDetails } from '../tls/info';
import type { ProxyConfig, ProxyRoute } from '../proxy/types';

/** Which way bytes went: `out` from us to the server, `in` from the server. */
export type WireDirection = 'out' | 'in';

/** RFC 6455 opcode names; `reserved` for 0x3–0x7 and 0xB–0xF. */
export type WebSocketFrameType = 'continuation' | 'text' | 'binary' | 'close' | 'ping' | 'pong' | 'reserved';

/** One WebSocket frame as it crossed the wire, decoded from the captured bytes. */
export interface WebSocketFrame {
  dir: WireDirection;
  /** ms since the TCP connection was made. */
  atMs: number;
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  /** The 4-bit opcode as sent. */
  opcode: number;
  type: WebSocketFrameType;
  masked: boolean;
  /** The masking key (8 hex digits), when masked. */
  maskKey?: string;
  /** Payload length as the header declares it (7, 16 or 64-bit field). */
  length: number;
  /** Header size in bytes (2–14). */
  headerLength: number;
  /** The first bytes of the payload, unmasked (control frames whole, others at most `previewBytes`). */
  preview: Buffer;
  /** Close frames: the status code, when the payload has one. */
  closeCode?: number;
  /** Close frames: the reason text (UTF-8). */
  closeReason?: string;
}

/** The HTTP/1.1 upgrade exchange, byte for byte (latin1 strings: one character per byte). */
export interface UpgradeExchange {
  /** The request head as sent. */
  request: string;
  /** The response head as received (absent when the server never answered). */
  response?: string;
  status?: number;
  statusText?: string;
  /** Response headers in the order received. */
  headers?: Array<[string, string]>;
  /** The first bytes of a non-101 response's body (at most 2 KiB). */
  bodyPreview?: string;
  /** ms from the request written to the response head read. */
  elapsedMs?: number;
}

/** Options of {@link openWebSocket}. `timeout` bounds each opening stage (TCP, TLS, upgrade). */
export interface WebSocketOptions extends OperationOptions {
  /** TLS settings for `wss://` (CA file, insecure, SNI servername, versions). */
  tls?: TlsOptions;
  proxy?: ProxyConfig;
  family?: 4 | 6;
  /** Extra request headers (e.g. Origin, Authorization, Cookie). */
  headers?: Array<[string, string]>;
  /** Subprotocols to offer in Sec-WebSocket-Protocol. */
  protocols?: string[];
  /** Offer permessage-deflate (off by default so frames show their bytes uncompressed). */
  compression?: boolean;
  /** Largest message accepted from the server, in bytes (default 16 MiB); a larger frame closes with 1009. */
  maxPayload?: number;
  /** How many frames the session keeps in its log (default 1000; the newest are kept). */
  maxFrames?: number;
  /** How many payload bytes each frame record keeps (default 64; control frames keep all, at most 125). */
  previewBytes?: number;
  /** ms to wait for the server's close frame after ours (or for it to close TCP after the handshake); default 5000. */
  closeTimeout?: number;
}

/** A WebSocket connection's facts, once open. */
export interface WebSocketInfo {
  url: string;
  host: string;
  port: number;
  secure: boolean;
  remoteAddress: string;
  remotePort: number;
  localAddress?: string;
  localPort?: number;
  /** `direct` or the proxy chain (passwords redacted). */
  via: string;
  proxy?: ProxyRoute;
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  upgradeMs: number;
  tls?: TlsDetails;
  upgrade: UpgradeExchange;
  /** The subprotocol the server chose, if any. */
  protocol?: string;
  /** The extensions in force (e.g. `permessage-deflate`), if any. */
  extensions?: string;
}

/** A message received (reassembled from its frames). */
export interface WebSocketMessage {
  type: 'text' | 'binary';
  data: Buffer;
  atMs: number;
}

/** Counters of a session so far. */
export interface WebSocketStats {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  framesIn: number;
  framesOut: number;
  elapsedMs: number;
}

/** How a WebSocket session ended. */
export interface WebSocketCloseSummary extends WebSocketStats {
  /** Who sent the first close frame; `network` when the connection ended without one. */
  initiatedBy: 'local' | 'remote' | 'network';
  /** The close code and reason we sent, if we sent a close frame. */
  sent?: { code?: number; reason: string };
  /** The close code and reason the server sent, if it sent a close frame. */
  received?: { code?: number; reason: string };
  /** Both close frames were exchanged (the closing handshake completed). */
  handshakeComplete: boolean;
  /** `clean`: handshake complete with a normal code; `abnormal`: anything else. */
  outcome: 'clean' | 'abnormal';
  /** What went wrong, if something did. */
  error?: { stage: WebSocketStage; message: string };
  durationMs: number;
  /** Plain-language account, e.g. "We closed with 1000 (bye); the server answered 1000 (bye)." */
  description: string;
}

/** Where a WebSocket failed. */
export type WebSocketStage = 'url' | 'tcp' | 'proxy' | 'tls' | 'upgrade' | 'session' | 'close';
