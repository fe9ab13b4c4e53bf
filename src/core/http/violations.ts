/**
 * Where a response breaks HTTP/1.1 (RFC 9112). NetProbe reads such a response leniently, as curl and browsers
 * do, so it can be shown; each violation keeps the strict verdict, the byte it is at and why it matters.
 */
export type HttpViolationCode =
  // Shown anyway (the reader is lenient about these):
  | 'bare-lf'
  | 'bare-cr'
  | 'obs-fold'
  | 'whitespace-before-first-header'
  | 'space-before-colon'
  | 'invalid-header-name'
  | 'missing-colon'
  | 'empty-header-name'
  | 'invalid-header-value'
  | 'unknown-http-version'
  | 'invalid-status-code'
  | 'duplicate-content-length'
  | 'conflicting-content-length'
  | 'content-length-list'
  | 'invalid-content-length'
  | 'content-length-with-transfer-encoding'
  | 'chunked-not-final'
  | 'chunk-size-whitespace'
  | 'chunk-size-garbage'
  | 'invalid-chunk-extension'
  | 'data-after-response'
  // Reading stops here (the response ends with an error; what came before is kept):
  | 'not-http'
  | 'invalid-status-line'
  | 'headers-too-large'
  | 'invalid-chunk-size'
  | 'chunk-size-too-large'
  | 'chunk-line-too-long'
  | 'unterminated-chunk'
  | 'trailers-too-large'
  | 'incomplete-headers'
  | 'incomplete-body';

/** One place where a response breaks HTTP/1.1. */
export interface HttpViolation {
  code: HttpViolationCode;
  /** Byte offset in the bytes received for the exchange (the Wire view's "Received" bytes). */
  offset: number;
  /** Plain language: what is wrong, what NetProbe did with it, and what another reader would do. */
  message: string;
  /**
   * It changes where the response (or its head) ends: two readers can disagree about which bytes belong to it
   * (a request-smuggling / response-splitting risk). NetProbe then neither reuses the connection nor follows a
   * redirect.
   */
  framing: boolean;
}

/** At most this many violations are kept per exchange (a hostile response could have thousands). */
export const MAX_VIOLATIONS = 64;

/** `text` (bytes as latin-1) in double quotes, with every control or non-ASCII byte as `\xHH`: safe in any message. */
export function quoteBytes(text: string, max = 60): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  let out = '';
  for (let i = 0; i < cut.length; i++) {
    const c = cut.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) out += `\\${cut[i]}`;
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += cut[i];
  }
  return `"${out}${text.length > max ? '…' : ''}"`;
}

const STRICT = "strict parsers (Node's llhttp, many proxies) refuse the response";

/** The messages, one place for the wording. `at` is the byte offset; the rest describe the case. */
export const explain = {
  bareLf: (at: number, where: 'head' | 'chunk' | 'trailer') =>
    `Line ended by a bare LF without CR at byte ${at} (in the ${where === 'head' ? 'headers' : where === 'chunk' ? 'chunked framing' : 'trailers'}). NetProbe and curl accept it; ${STRICT}, ` +
    `and a reader that ends lines only at CRLF joins this line with the next: the two sides see different ${where === 'chunk' ? 'chunk sizes and body end' : 'header lines and a different end of the head'}.`,
  bareCr: (at: number) =>
    `A CR not followed by LF at byte ${at}. NetProbe and curl keep it as part of the line; ${STRICT}, and a reader that ends lines at a bare CR splits this line in two: the two sides see different headers.`,
  obsFold: (at: number, name: string, framingHeader: boolean) =>
    `Obsolete line folding at byte ${at}: a line starting with whitespace continues the header ${quoteBytes(name)}. NetProbe joins it with a space (RFC 9112 §5.2); ${STRICT}, ` +
    `and a reader that takes it as a line of its own sees a different value.${framingHeader ? ' This header decides where the body ends, so the two sides can frame the body differently (smuggling risk).' : ''}`,
  leadingWhitespace: (at: number, framingHeader: boolean) =>
    `The first header line starts with whitespace (byte ${at}). NetProbe ignores the line (RFC 9112 §2.2); curl refuses the response, and a lenient reader takes it as a header` +
    `${framingHeader ? ' — here one that decides where the body ends, so the two sides frame the body differently (smuggling risk)' : ''}.`,
  spaceBeforeColon: (at: number, name: string, framingHeader: boolean) =>
    `Whitespace between the header name ${quoteBytes(name)} and the colon at byte ${at} (forbidden by RFC 9112 §5.1). ` +
    `NetProbe and curl keep the name as written, so it is not ${quoteBytes(name.trim())}; ${STRICT}, and a proxy that strips the whitespace, as the RFC tells it to, uses it` +
    `${framingHeader ? ': it frames the body by this header while NetProbe and curl do not (smuggling risk)' : ''}.`,
  invalidHeaderName: (at: number, name: string) =>
    `The header name ${quoteBytes(name)} has a character not allowed in a name at byte ${at}. NetProbe and curl keep it; ${STRICT}.`,
  missingColon: (at: number, line: string) =>
    `The header line ${quoteBytes(line)} at byte ${at} has no colon. NetProbe skips it (as browsers do); curl and ${STRICT}.`,
  emptyHeaderName: (at: number) => `A header line at byte ${at} starts with a colon (no name). NetProbe skips it; ${STRICT}.`,
  invalidHeaderValue: (at: number, name: string, byte: number) =>
    `The value of ${quoteBytes(name)} has the control byte 0x${byte.toString(16).padStart(2, '0')} at byte ${at}. NetProbe keeps it (escaped when shown); ` +
    `${byte === 0 ? 'curl refuses a NUL and C code reading the value stops there' : 'curl keeps it'}; ${STRICT}.`,
  unknownVersion: (at: number, version: string) =>
    `The status line names ${quoteBytes(version)} at byte ${at}; only HTTP/1.0 and HTTP/1.1 exist in this syntax. NetProbe reads it as HTTP/1.1; curl and ${STRICT}.`,
  invalidStatusCode: (at: number, code: string, belowHundred: boolean) =>
    `The status code ${code} at byte ${at} is outside 100–599. NetProbe reads the response as a final one with the body its headers announce; ` +
    (belowHundred
      ? 'curl refuses it, and llhttp reads no body for it: the two sides frame the response differently.'
      : `curl refuses it; other readers treat it as an unknown ${code[0] ?? ''}xx.`),
  duplicateContentLength: (at: number, value: number, first: number) =>
    `Content-Length is given twice with the same value ${value} (bytes ${first} and ${at}). NetProbe and curl read ${value} bytes; RFC 9112 §6.3 allows accepting identical values, ` +
    `but ${STRICT}, and a hop that merges or rejects them differently can desynchronise a shared connection.`,
  conflictingContentLength: (values: Array<{ value: string; offset: number }>, used: number) =>
    `Content-Length is given with different values: ${values.map(v => `${quoteBytes(v.value)} at byte ${v.offset}`).join(', ')}. NetProbe reads ${used} bytes, as curl does (it takes the last); ` +
    `Node and browsers refuse the response, and a proxy that takes the first value ends the response elsewhere and reads the rest as the next response (response smuggling).`,
  contentLengthList: (at: number, value: string) =>
    `Content-Length ${quoteBytes(value)} at byte ${at} is a list. NetProbe and curl use the value; RFC 9112 §6.3 allows a list of identical values, but ${STRICT}.`,
  invalidContentLength: (at: number, value: string) =>
    `Content-Length ${quoteBytes(value)} at byte ${at} is not a decimal number. NetProbe ignores it and reads the body until the server closes; curl refuses the response, ` +
    `and a reader that parses a number out of it ends the body elsewhere (smuggling risk).`,
  contentLengthWithTransferEncoding: (at: number, length: string, coding: string, chunked: boolean) =>
    `Both Content-Length ${quoteBytes(length)} and Transfer-Encoding ${quoteBytes(coding)} (byte ${at}). NetProbe and curl frame the body by ` +
    `${chunked ? 'chunked' : 'the connection closing'} (Transfer-Encoding wins, RFC 9112 §6.3); a hop that honours Content-Length reads ${quoteBytes(length)} bytes and takes the rest ` +
    `as the next message: the classic CL.TE request-smuggling split. Node refuses the response.`,
  chunkedNotFinal: (at: number, coding: string) =>
    `Transfer-Encoding ${quoteBytes(coding)} at byte ${at} names chunked but not as the final coding. RFC 9112 §6.3 says such a response is read until the connection closes; ` +
    `NetProbe, curl and browsers decode the chunks anyway: readers disagree on where the body ends (smuggling risk).`,
  chunkSizeWhitespace: (at: number) =>
    `Whitespace after a chunk size at byte ${at}. NetProbe and curl ignore it; ${STRICT}, and a reader that parses the size differently frames the body differently.`,
  chunkSizeGarbage: (at: number, rest: string) =>
    `A chunk-size line continues with ${quoteBytes(rest)} at byte ${at}. NetProbe and curl use the hex digits before it and ignore the rest; ${STRICT}: readers can disagree about the chunk sizes.`,
  invalidChunkExtension: (at: number, ext: string) =>
    `The chunk extension ${quoteBytes(ext)} at byte ${at} is malformed. NetProbe and curl ignore chunk extensions; ${STRICT}.`,
  dataAfterResponse: (at: number, count: number) =>
    `${count} bytes arrived after the end of the response at byte ${at}. A reader that frames the response differently, or a client that reuses the connection, ` +
    `takes them as (the start of) the next response: a sign of a framing disagreement (response smuggling). NetProbe does not reuse the connection.`,
};
