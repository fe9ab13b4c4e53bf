// The HTTP panel's messages, imported by the host (panel.ts) and the webview (src/webview/http): no vscode here.
import type { CurlTimings, HttpTimings } from '../../../core/http/types';
import type { TlsDetails } from '../../../core/tls/info';
import type { BodyKind } from '../../../core/http/decode';
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
  /** Where the request went (`host:port`, TLS, proxy), known even when it failed before any exchange. */
  target?: { label: string; via?: string };
  /** History's form: no bodies or wire bytes (the Copy buttons that need them are left out). */
  kept?: boolean;
}

/** The panel's tabs. */
export type HttpTab = 'response' | 'wire' | 'timing' | 'tls';
export const HTTP_TABS: readonly HttpTab[] = ['response', 'wire', 'timing', 'tls'];

/** Messages from the extension to the HTTP webview (`tab`: the tab to show, else the one the user chose). */
export type ToHttpWebview = { type: 'show'; view: HttpView; tab?: HttpTab };

export type CopyFormat = 'curl' | 'raw' | 'python' | 'json' | 'response';
const COPY_FORMATS: readonly string[] = ['curl', 'raw', 'python', 'json', 'response'] satisfies readonly CopyFormat[];

/** What the HTTP webview's buttons ask of the extension (`exchange`: index of the exchange shown). */
export type HttpAction =
  | { type: 'copy'; format: CopyFormat; exchange: number }
  | { type: 'openBody'; exchange: number }
  | { type: 'resend' };

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
    case 'resend': return true;
    case 'copy': return typeof m.format === 'string' && COPY_FORMATS.includes(m.format) && typeof m.exchange === 'number';
    case 'openBody': return typeof m.exchange === 'number';
    default: return false;
  }
}
