/** One canned response a test server sends as is, and what NetProbe is expected to make of it. */
export interface CannedResponse {
  name: string;
  bytes: string;
  /** Violation codes NetProbe reports, in order of offset. */
  violations: string[];
  /** NetProbe ends with an error (after showing what it received). */
  error?: boolean;
  /** Why NetProbe deliberately shows something curl does not (unset: the two agree). */
  disagree?: string;
}

/** Edge-case responses, well-formed ones first: each is answered to one request, then the server closes. */
export const CANNED_RESPONSES: readonly CannedResponse[] = [
  { name: 'Content-Length body', bytes: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello', violations: [] },
  { name: 'chunked body', bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n', violations: [] },
  {
    name: 'bare LF line ends',
    bytes: 'HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 5\n\nhello',
    violations: ['bare-lf', 'bare-lf', 'bare-lf', 'bare-lf'],
  },
  { name: 'CRLF and LF mixed', bytes: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\nContent-Length: 5\r\n\r\nhello', violations: ['bare-lf'] },
  { name: 'obs-fold header', bytes: 'HTTP/1.1 200 OK\r\nX-Long: first\r\n  second\r\nContent-Length: 5\r\n\r\nhello', violations: ['obs-fold'] },
  {
    name: 'space before the colon',
    bytes: 'HTTP/1.1 200 OK\r\nContent-Type : text/plain\r\nContent-Length: 5\r\n\r\nhello',
    violations: ['space-before-colon'],
  },
  { name: 'space before the colon of Content-Length', bytes: 'HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhelloEXTRA', violations: ['space-before-colon'] },
  {
    name: 'two equal Content-Length',
    bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello',
    violations: ['duplicate-content-length'],
  },
  {
    name: 'two different Content-Length',
    bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 8\r\n\r\nhello123',
    violations: ['conflicting-content-length'],
  },
  { name: 'Content-Length list "5, 5"', bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello', violations: ['content-length-list'] },
  {
    name: 'Content-Length with chunked',
    bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    violations: ['content-length-with-transfer-encoding'],
  },
  {
    name: 'chunked not the final coding',
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    violations: ['chunked-not-final'],
  },
  {
    name: 'chunk extension and trailer',
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n',
    violations: [],
  },
  {
    name: 'space after the chunk size',
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n',
    violations: ['chunk-size-whitespace'],
  },
  {
    name: 'chunk lines with bare LF',
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\n0\n\n',
    violations: ['bare-lf', 'bare-lf', 'bare-lf', 'bare-lf'],
  },
  {
    name: 'chunk data without CRLF',
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello0\r\n\r\n',
    violations: ['unterminated-chunk'],
    error: true,
  },
  {
    name: 'invalid chunk size',
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
    violations: ['invalid-chunk-size'],
    error: true,
  },
  { name: 'body shorter than Content-Length', bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello', violations: ['incomplete-body'], error: true },
  {
    name: 'header line without colon',
    bytes: 'HTTP/1.1 200 OK\r\nX-Broken\r\nContent-Length: 5\r\n\r\nhello',
    violations: ['missing-colon'],
    disagree: 'curl refuses the response ("Header without colon"); NetProbe shows it, skips the line and flags it',
  },
  {
    name: 'NUL in a header value',
    bytes: 'HTTP/1.1 200 OK\r\nX-Nul: a\0b\r\nContent-Length: 5\r\n\r\nhello',
    violations: ['invalid-header-value'],
    disagree: 'curl refuses the response ("Nul byte in header"); NetProbe shows it and flags the byte',
  },
];
