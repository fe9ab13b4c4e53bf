// The HTTP panel's messages, imported by the host (panel.ts) and the webview (src/webview/http): no vscode here.
import type { CurlTimings, HttpTimings } from '../../../core/http/types';
import type { HttpPhase } from '../../../core/http/types';
import type { TlsDetails } from '../../../core/tls/info';
import type { BodyKind } from '../../../core/http/decode';
import type { Http2Frame, Http2Negotiation, Http2StreamInfo } from '../../../core/http/http2/types';
import type { IdGuard, ShellMessage } from '../protocol';
import { isMessage } from '../protocol';

/** A response body as the panel shows it. */
export interface BodyView {
  kind: BodyKind;
  size: number;
  /** Decoded text (json/text), possibly cut for display. */
  text?: string;
  /** Base64 of the bytes for images and the hex view (possibly cut). */
  base64?: string;
  mimeType?: string;
  /** Only part of the body is in the view (`text`/`base64` were cut). */
  partial: boolean;
  /** Where the full body is, when it is in a file. */
  file?: string;
  truncated: boolean;
  /** Bytes on the wire when `size` is the decoded (decompressed) size. */
  wireSize?: number;
  charset?: string;
  decompressed?: string;
  note?: string;
}

/** HTTP/2 facts of one exchange: its stream, the stream's timing and its connection's settings and frame counts. */
export interface Http2ExchangeView {
  streamId: number;
  /** ms from the start of the connection's HTTP/2 traffic (as the frames' `atMs`). */
  headersSentMs?: number;
  firstByteMs?: number;
  lastByteMs?: number;
  /** Encoded (HPACK) size of the request's header block, and of the final response header block. */
  requestHeaderBytes: number;
  responseHeaderBytes?: number;
  reset?: Http2StreamInfo['reset'];
  framesSent: number;
  framesReceived: number;
  /** Frames the connection kept in all, and those of this stream plus the connection's own (stream 0). */
  connectionFrames: number;
  streamFrames: number;
  /** Frames seen on the connection but not kept (over the frame limit). */
  framesDropped: number;
  localSettings: Array<[string, number]>;
  remoteSettings: Array<[string, number]>;
  goaway?: { lastStreamId: number; errorName: string; debugData?: string };
  /** Bytes of the whole connection in each direction (preface and frames). */
  connectionBytesSent: number;
  connectionBytesReceived: number;
}

/** Which frames the Wire tab lists: this exchange's stream with the connection's own frames, or every frame. */
export type FrameScope = 'stream' | 'connection';

/** One HTTP/2 frame as the Wire tab shows it (everything decoded is text; `bytes` is base64). */
export interface Http2FrameView extends Omit<Http2Frame, 'bytes' | 'typeCode'> {
  /** 1-based position of the frame on its connection. */
  n: number;
  /** The frame's exact bytes (9-byte header and payload) as base64, cut when `bytesTruncated`. */
  bytes: string;
  /** One line of the decoded details (settings by name, windows, error codes…), as the CLI prints them. */
  details: string;
}

/** What the webview asks for: one page of an exchange's frames. `frameType`: only frames of that type. */
export interface FrameQuery {
  exchange: number;
  scope: FrameScope;
  frameType?: string;
  offset: number;
}

/** One page of frames (at most {@link FRAME_PAGE} frames and a bounded amount of bytes). */
export interface FramePage extends FrameQuery {
  /** Frames matching the query in all (the page holds those from `offset`). */
  total: number;
  frames: Http2FrameView[];
  /** Frame types present in the scope, for the filter. */
  types: string[];
  /** Why there are no frames to show (the send is no longer the one kept), if so. */
  note?: string;
}

/** Most frames in one page sent to the webview. */
export const FRAME_PAGE = 100;

/** One request/response (one hop) as the panel shows it. */
export interface ExchangeView {
  label: string;
  url: string;
  method: string;
  hop: number;
  statusCode?: number;
  statusText?: string;
  httpVersion?: string;
  headers: Array<[string, string]>;
  requestHeaders: Array<[string, string]>;
  informational: Array<{ statusCode: number; statusText: string }>;
  body?: BodyView;
  wire: { sent: string; received: string; sentTruncated: boolean; receivedTruncated: boolean; bytesSent: number; bytesReceived: number };
  timings: HttpTimings;
  curl: CurlTimings;
  tls?: TlsDetails;
  connection: { id: number; remote: string; local: string; via: string; reused: boolean; closed?: string };
  warnings: string[];
  /** Where the response breaks HTTP/1.1 (offsets into `wire.received`); it was read leniently anyway. */
  violations: Array<{ code: string; offset: number; message: string; framing: boolean }>;
  changes: string[];
  error?: string;
  /** The phase the exchange failed in (its Timing stops there). */
  failedPhase?: HttpPhase;
  /** The connection failed before the request went out: `wire.sent` holds the bytes it would have sent. */
  unsent?: boolean;
  /** Set when HTTP/2 was asked for: what was asked, what was used, and why HTTP/1.1 was used if it was. */
  negotiation?: Http2Negotiation;
  /** An HTTP/2 exchange (its frames come in pages: the `frames` action). */
  http2?: Http2ExchangeView;
}

/** What the HTTP panel shows: every exchange of one send. */
export interface HttpView {
  id: string;
  title: string;
  status: 'ok' | 'warning' | 'error';
  summary: string;
  exchanges: ExchangeView[];
  /** Where the request went (`host:port`, TLS, proxy), known even when it failed before any exchange. */
  target?: { label: string; via?: string };
  /** Ways to send again that fit the failure (a certificate that did not verify: without verification, with a CA file). */
  retries?: RetryHow[];
  /** History's form: no bodies or wire bytes (the Copy buttons that need them are left out). */
  kept?: boolean;
}

/** The panel's tabs. */
export type HttpTab = 'response' | 'wire' | 'timing' | 'tls';
export const HTTP_TABS: readonly HttpTab[] = ['response', 'wire', 'timing', 'tls'];

/**
 * Messages from the extension to the HTTP webview: `show` a send (`tab`: the tab to show, else the one the user
 * chose), or one page of frames the webview asked for (`view`: the id of the send they belong to).
 */
export type ToHttpWebview = { type: 'show'; view: HttpView; tab?: HttpTab } | { type: 'frames'; view: string; page: FramePage };

/** How the panel sends a failed request again: without certificate verification, or trusting a CA file the user picks. */
export type RetryHow = 'insecure' | 'caFile';

/** A retry as it was sent: without verification, or trusting the CA file the user chose (History re-runs it so). */
export type RetryChoice = { how: 'insecure' } | { how: 'caFile'; caFile: string };
const RETRY_HOWS: readonly string[] = ['insecure', 'caFile'] satisfies readonly RetryHow[];

export type CopyFormat = 'curl' | 'raw' | 'python' | 'json' | 'response' | 'frames';
const COPY_FORMATS: readonly string[] = ['curl', 'raw', 'python', 'json', 'response', 'frames'] satisfies readonly CopyFormat[];

/** What the HTTP webview's buttons ask of the extension (`exchange`: index of the exchange shown). */
export type HttpAction =
  | { type: 'copy'; format: CopyFormat; exchange: number }
  | { type: 'openBody'; exchange: number }
  | { type: 'resend' }
  | { type: 'retry'; how: RetryHow }
  | ({ type: 'frames' } & FrameQuery);

/** The HTTP webview reports the view's id and the tab it rendered. */
export interface HttpRenderedId {
  id: string;
  tab: HttpTab;
}

export function isHttpTab(v: unknown): v is HttpTab {
  return typeof v === 'string' && (HTTP_TABS as readonly string[]).includes(v);
}

export const isHttpRenderedId: IdGuard<HttpRenderedId> = (v): v is HttpRenderedId =>
  typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string' && isHttpTab((v as { tab?: unknown }).tab);

/** Messages from the HTTP webview to the extension. */
export type FromHttpWebview = ShellMessage<HttpRenderedId> | HttpAction;

/** Narrows an unknown webview message to an HttpAction. */
export function isHttpAction(m: unknown): m is HttpAction {
  if (!isMessage(m)) return false;
  switch (m.type) {
    case 'resend':
      return true;
    case 'retry':
      return typeof m.how === 'string' && RETRY_HOWS.includes(m.how);
    case 'copy':
      return typeof m.format === 'string' && COPY_FORMATS.includes(m.format) && typeof m.exchange === 'number';
    case 'openBody':
      return typeof m.exchange === 'number';
    case 'frames':
      return isFrameQuery(m);
    default:
      return false;
  }
}

function isFrameQuery(m: Record<string, unknown>): boolean {
  return (
    Number.isInteger(m.exchange) &&
    (m.scope === 'stream' || m.scope === 'connection') &&
    Number.isInteger(m.offset) &&
    (m.offset as number) >= 0 &&
    (m.frameType === undefined || (typeof m.frameType === 'string' && m.frameType.length <= 40))
  );
}
