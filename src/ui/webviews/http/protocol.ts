import type { CurlTimings, HttpTimings } from '../../../core/http/types';
import type { TlsDetails } from '../../../core/http/tls-info';
import type { BodyKind } from '../../../core/http/decode';

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
}

/** What the HTTP panel shows: every exchange of one send. */
export interface HttpView {
  id: string;
  title: string;
  status: 'ok' | 'warning' | 'error';
  summary: string;
  exchanges: ExchangeView[];
}

/** Messages from the extension to the HTTP webview. */
export type ToHttpWebview = { type: 'show'; view: HttpView; tab?: HttpTab } | { type: 'tab'; tab: HttpTab };

/** The panel's tabs. */
export type HttpTab = 'response' | 'wire' | 'timing' | 'tls';

export type CopyFormat = 'curl' | 'raw' | 'python' | 'json' | 'response';

/** Messages from the HTTP webview to the extension. */
export type FromHttpWebview =
  | { type: 'ready' }
  | { type: 'copy'; format: CopyFormat; exchange: number }
  | { type: 'openBody'; exchange: number }
  | { type: 'resend' }
  /** After rendering: the page's visible text and the tab shown (tests read the real DOM through it). */
  | { type: 'rendered'; id: string; tab: string; text: string };

const COPY_FORMATS = new Set(['curl', 'raw', 'python', 'json', 'response']);

/** Narrows an unknown webview message to a FromHttpWebview. */
export function isFromHttpWebview(m: unknown): m is FromHttpWebview {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready': case 'resend': return true;
    case 'copy': return typeof o.format === 'string' && COPY_FORMATS.has(o.format) && typeof o.exchange === 'number';
    case 'openBody': return typeof o.exchange === 'number';
    case 'rendered': return typeof o.id === 'string' && typeof o.tab === 'string' && typeof o.text === 'string';
    default: return false;
  }
}
