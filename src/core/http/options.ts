import type { OperationOptions } from '../errors';
import type { ProxyConfig } from '../proxy/types';
import type { HttpConnection } from './connection';
import type { HttpTarget } from './target';
import type { TlsOptions } from '../tls/connect';
import type { HttpLimits } from './types';

/** How {@link sendHttp} sends: where, with what TLS and proxy, timeouts, limits, redirects and HTTP version. */
export interface HttpRequestOptions extends OperationOptions {
  /** Where to send; by default taken from each request (absolute URL or Host header). */
  target?: HttpTarget;
  tls?: TlsOptions;
  proxy?: ProxyConfig;
  family?: 4 | 6;
  /** ms for connecting and the TLS handshake (default `timeout`). */
  connectTimeout?: number;
  /** ms from sending until the response headers are complete (default `timeout`). */
  headersTimeout?: number;
  /** ms of silence allowed in the middle of a body (default `timeout`). */
  idleTimeout?: number;
  /** ms for the whole operation, all requests and redirects included (default: no limit). */
  maxTime?: number;
  limits?: HttpLimits;
  /** Write the (last) response body to this file. */
  bodyFile?: string;
  /** Folder for bodies that spill out of memory. */
  tempDir?: string;
  /** Follow up to this many redirects, hop by hop (default 0: show the redirect). */
  followRedirects?: number;
  /** Add Content-Length to requests with a body but no length. */
  addContentLength?: boolean;
  /**
   * Values that must not leave for another origin (a plan's `secrets`, from `{{$processEnv}}`): a redirect across
   * origins drops every header holding one, as it drops credential headers.
   */
  secrets?: readonly string[];
  /**
   * Remove each body's Content-Encoding (streamed, off the event loop's critical path) into
   * `response.decoded`, producing at most `maxBytes` (default 64 MiB); decoded bytes beyond the in-memory
   * limit spill to a temporary file.
   */
  decode?: { maxBytes?: number };
  /**
   * Ask for HTTP/2 (default: HTTP/1.1 only, sent byte for byte, ALPN offering http/1.1). `alpn`: TLS offers h2
   * and http/1.1, and a server that does not choose h2 gets HTTP/1.1 (the connection's `negotiation` says so);
   * `prior-knowledge`: h2 from the first byte (h2c over plain TCP).
   */
  http2?: 'alpn' | 'prior-knowledge';
  /** HTTP/2 only: streams in flight at once (default 1: one request after another, in order). */
  concurrent?: number;
  /** An open connection the first request goes on (the HTTP/2 client's fallback after ALPN chose http/1.1). */
  connection?: HttpConnection;
}
