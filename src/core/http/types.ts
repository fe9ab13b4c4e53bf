import type { Http2ConnectionInfo, Http2Negotiation, Http2StreamInfo } from './http2/types';
import type { ConnectAttempt } from '../tcp/connect';
import type { PreparedRequest } from './request-text';
import type { HttpTarget } from './target';
import type { TlsDetails } from '../tls/info';
import type { HttpViolation } from './violations';

/** Size limits for a response. */
export interface HttpLimits {
  /** Status line plus headers (default 64 KiB). */
  maxHeaderBytes?: number;
  /** Body bytes read before the rest is refused and the connection closed (default 1 GiB). */
  maxBodyBytes?: number;
  /** Body bytes kept in memory; beyond that the body spills to a temporary file (default 8 MiB). */
  memoryBodyBytes?: number;
  /** Bytes of each direction kept for the Wire view (default 1 MiB). */
  wireCaptureBytes?: number;
  /** HTTP/2 frames kept per connection; later ones are counted only (default 10,000). */
  maxFrames?: number;
}

/** How long each phase took, in ms (each phase's own duration, like a waterfall). */
export interface HttpTimings {
  dns: number;
  connect: number;
  tls: number;
  /** Writing the request until the kernel took all of it. */
  send: number;
  /** From request sent to the first response byte (server think time). */
  wait: number;
  /** From the first to the last response byte. */
  download: number;
  total: number;
}

/** curl's `-w` cumulative marks, in ms from the start of the exchange. */
export interface CurlTimings {
  namelookup: number;
  connect: number;
  appconnect: number;
  pretransfer: number;
  starttransfer: number;
  total: number;
}

/** Where the response body is: in memory (`data`) or in a file. */
export interface BodyInfo {
  size: number;
  /** The whole body, when it stayed within the in-memory limit. */
  data?: Buffer;
  /** The body's file (the requested `bodyFile`, or a temporary file when it spilled). */
  file?: string;
  /** The file is a temporary one NetProbe made; the caller deletes it when done. */
  temporary?: boolean;
  /** The first bytes, for display when the body is in a file. */
  preview?: Buffer;
  /** Reading stopped at `maxBodyBytes`. */
  truncated: boolean;
}

/** A body with its Content-Encoding removed. */
export interface DecodedContent {
  /** The codings removed, as the header named them (`gzip`, `br`, `deflate`, `gzip, br`). */
  encoding: string;
  /** The decoded body; `truncated` when decoding stopped at the cap. */
  body: BodyInfo;
  /** Size of the body as received (still encoded). */
  wireBytes: number;
  /** The cap that was applied, in bytes. */
  maxBytes: number;
  /** Why decoding stopped early or failed; what was decoded until then is in `body`. */
  error?: string;
}

/** An interim (1xx) response. */
export interface InformationalResponse {
  statusCode: number;
  statusText: string;
  headers: Array<[string, string]>;
}

/** How the body's end was marked (`end-stream`: HTTP/2's END_STREAM flag). */
export type BodyFraming = 'content-length' | 'chunked' | 'close' | 'none' | 'end-stream';

export interface HttpResponseInfo {
  statusCode: number;
  statusText: string;
  httpVersion: string;
  headers: Array<[string, string]>;
  informational: InformationalResponse[];
  body: BodyInfo;
  framing: BodyFraming;
  /** The server keeps the connection open for another request. */
  keepAlive: boolean;
  /** Bytes of status line and headers, as received. */
  headBytes: number;
  /** Trailer fields after a chunked body. */
  trailers?: Array<[string, string]>;
  /** The body with its Content-Encoding removed (streamed, capped), when the request asked for it. */
  decoded?: DecodedContent;
}

/** The TCP (and TLS) connection an exchange used. */
export interface ConnectionInfo {
  /** 1-based connection number within the operation. */
  id: number;
  target: HttpTarget;
  remoteAddress: string;
  remotePort: number;
  localAddress?: string;
  localPort?: number;
  /** `direct` or the proxy route. */
  via: string;
  attempts: ConnectAttempt[];
  tls?: TlsDetails;
  /** Set when HTTP/2 was asked for: what was negotiated (and why HTTP/1.1 was used, if it was). */
  negotiation?: Http2Negotiation;
  /** An HTTP/2 connection: its frames in both directions and both sides' settings. */
  http2?: Http2ConnectionInfo;
}

/** One request and its response. */
export interface HttpExchange {
  /** Request number (0-based) in the operation; redirects of it share it. */
  index: number;
  /** 0 for the request as given, 1.. for each redirect followed. */
  hop: number;
  url: string;
  connection: ConnectionInfo;
  /** The connection was already open (keep-alive) when this request was sent. */
  reused: boolean;
  request: PreparedRequest;
  response?: HttpResponseInfo;
  timings: HttpTimings;
  curl: CurlTimings;
  bytesSent: number;
  bytesReceived: number;
  wire: { sent: Buffer; received: Buffer; sentTruncated: boolean; receivedTruncated: boolean };
  /** Who ended the connection after this exchange, if it ended. */
  closed?: { by: 'server' | 'client'; how: 'fin' | 'rst' };
  warnings: string[];
  /**
   * Where the response breaks HTTP/1.1 (the strict verdict), in byte order; the response was read leniently as
   * curl would. A parse error that ended reading is here too (framing: true).
   */
  violations: HttpViolation[];
  /**
   * Set when the exchange failed; the rest holds what was received before. `phase`: where it failed; `unsent`: the
   * connection failed before the request went out (`wire.sent` holds the bytes it would have sent, `bytesSent` is 0).
   */
  error?: { code: string; message: string; errno?: string; phase?: HttpPhase; unsent?: boolean };
  /** An HTTP/2 exchange: its stream, per-stream timing and the header list sent. */
  http2?: Http2StreamInfo;
}

/** The outcome of {@link sendHttp}. */
export interface HttpResult {
  exchanges: HttpExchange[];
  /** The last exchange of the last request (after redirects): the answer. */
  final: HttpExchange;
  connections: number;
  totalMs: number;
}

/** The phases of an exchange, in order: the one a failure happened in is named by `HttpExchange.error.phase`. */
export type HttpPhase = 'dns' | 'connect' | 'tls' | 'send' | 'wait' | 'download';

/** What a failed send learned, decided once here for every front end. */
export interface HttpFailure {
  /** The phase that failed. */
  phase: HttpPhase;
  /** False when the connection failed before any byte of the request went out (`exchange` is then not in `partial`). */
  sent: boolean;
  /** The exchange that failed: timings up to the failure, the chain when TLS got that far, the bytes sent and received. */
  exchange: HttpExchange;
}
