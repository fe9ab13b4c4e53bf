import { formatHost, formatHostPort } from '../address/host-port';
import { NetProbeError } from '../errors';

/** A raw request ready to send, with what (if anything) NetProbe changed in the bytes given. */
export interface PreparedRequest {
  /** The exact bytes that go on the wire. */
  bytes: Buffer;
  method: string;
  /** The request target as written: origin form (`/path`) or absolute form (`http://host/path`). */
  target: string;
  httpVersion: string;
  /** Header lines as they will be sent. */
  headers: Array<[string, string]>;
  /** Byte length of the request line and headers (with the blank line). */
  headBytes: number;
  bodyBytes: number;
  /** Plain-language list of every change made to the bytes given (empty when sent as given). */
  changes: string[];
  /** Things that look wrong but were sent anyway. */
  warnings: string[];
}

export interface PrepareOptions {
  /** Host header value to add when the request has none (`host` or `host:port`). */
  host?: string;
  /** Add `Content-Length` when there is a body and neither Content-Length nor Transfer-Encoding. */
  addContentLength?: boolean;
}

const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) +(\S+)(?: +(HTTP\/\d(?:\.\d)?))? *$/;

/**
 * Finds the end of the head: the lines before the first empty line and where the body starts, with how the
 * head's lines ended (`crlf`: CR LF; `bareLf`: LF alone), counted up to the body.
 */
function splitHead(raw: Buffer): { lines: string[]; bodyStart: number; terminated: boolean; crlf: number; bareLf: number } {
  const lines: string[] = [];
  let pos = 0;
  let crlf = 0;
  let bareLf = 0;
  while (pos < raw.length) {
    const nl = raw.indexOf(0x0a, pos);
    const end = nl < 0 ? raw.length : nl;
    const cr = end > pos && raw[end - 1] === 0x0d;
    if (nl >= 0) {
      if (cr) crlf++;
      else bareLf++;
    }
    const lineEnd = cr ? end - 1 : end;
    const next = nl < 0 ? raw.length : nl + 1;
    if (lineEnd === pos && nl >= 0) return { lines, bodyStart: next, terminated: true, crlf, bareLf };
    if (lineEnd > pos || nl >= 0) lines.push(raw.toString('latin1', pos, lineEnd));
    pos = next;
  }
  return { lines, bodyStart: raw.length, terminated: false, crlf, bareLf };
}

/** True when the bytes are only CR, LF, tab and space (a body of blank lines is no body). */
function onlyWhitespace(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x0d && c !== 0x0a && c !== 0x09 && c !== 0x20) return false;
  }
  return true;
}

/** Default port for the scheme, for deciding whether Host carries a port. */
export function hostHeaderValue(host: string, port: number, tls: boolean): string {
  return port === (tls ? 443 : 80) ? formatHost(host) : formatHostPort(host, port);
}

/**
 * Turns raw request bytes (as typed in an editor) into what goes on the wire: line endings in the request
 * line and headers become CRLF, the head gets its terminating blank line, `Host` is added only if missing,
 * and nothing else is rewritten unless asked (`addContentLength`). The body is sent byte for byte.
 */
export function prepareRequest(raw: Buffer | string, opts: PrepareOptions = {}): PreparedRequest {
  const input = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const { lines, bodyStart, terminated, crlf, bareLf } = splitHead(input);
  const changes: string[] = [];
  const warnings: string[] = [];
  const first = lines[0];
  if (first === undefined) throw new NetProbeError('invalid-input', 'The request is empty: the first line must be a request line such as "GET / HTTP/1.1".');
  const m = REQUEST_LINE.exec(first);
  if (!m) throw new NetProbeError('invalid-input', `"${first.slice(0, 80)}" is not a request line: expected METHOD TARGET HTTP/1.1.`);
  const method = m[1] ?? '';
  const target = m[2] ?? '';
  let httpVersion = m[3]?.slice(5) ?? '';
  let requestLine = first;
  if (!httpVersion) {
    httpVersion = '1.1';
    requestLine = `${first.trimEnd()} HTTP/1.1`;
    changes.push('Added "HTTP/1.1" to the request line.');
  }
  const headers: Array<[string, string]> = [];
  let hasHost = false;
  let hasLength = false;
  let hasEncoding = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    if (colon <= 0) {
      if (/^[ \t]/.test(line)) warnings.push(`Obsolete folded header line sent as is: "${line.slice(0, 60)}".`);
      else warnings.push(`"${line.slice(0, 60)}" is not a header line (no colon); the server will probably reject the request.`);
      headers.push([line, '']);
      continue;
    }
    const name = line.slice(0, colon);
    headers.push([name, line.slice(colon + 1).trim()]);
    if (name.length === 4 && name.toLowerCase() === 'host') hasHost = true;
    else if (name.length === 14 && name.toLowerCase() === 'content-length') hasLength = true;
    else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') hasEncoding = true;
  }
  const outLines = lines;
  const firstLineChanged = requestLine !== first;
  if (firstLineChanged) outLines[0] = requestLine;
  let added = false;
  if (!hasHost && httpVersion === '1.1') {
    const host = opts.host ?? hostFromAbsoluteTarget(target);
    if (host) {
      outLines.splice(1, 0, `Host: ${host}`);
      headers.unshift(['Host', host]);
      added = true;
      changes.push(`Added "Host: ${host}" (the request had none; HTTP/1.1 requires it).`);
    } else {
      warnings.push('The request has no Host header; HTTP/1.1 servers answer 400 Bad Request.');
    }
  }
  let body = input.subarray(bodyStart);
  const blankBody = body.length > 0 && onlyWhitespace(body);
  if (blankBody) body = Buffer.alloc(0);
  if (body.length > 0 && !hasLength && !hasEncoding) {
    if (opts.addContentLength) {
      added = true;
      outLines.push(`Content-Length: ${body.length}`);
      headers.push(['Content-Length', String(body.length)]);
      changes.push(`Added "Content-Length: ${body.length}" for the body.`);
    } else {
      warnings.push(`The request has a ${body.length}-byte body but no Content-Length or Transfer-Encoding: the server will read it as the next request.`);
    }
  }
  const cl = headers.find(([k]) => k.toLowerCase() === 'content-length');
  if (cl && body.length > 0 && Number(cl[1]) !== body.length) {
    warnings.push(`Content-Length says ${cl[1]} but the body is ${body.length} bytes.`);
  }
  if (lines.length > 0 && crlf === 0) changes.push('Line endings of the request line and headers are sent as CRLF.');
  else if (bareLf > 0) changes.push('Bare LF line endings in the head are sent as CRLF.');
  if (!terminated) changes.push('Added the blank line that ends the headers.');
  // Written as CRLF lines and terminated, with nothing added: the bytes given are the bytes sent.
  if (terminated && bareLf === 0 && !firstLineChanged && !added && !blankBody) {
    return { bytes: input, method, target, httpVersion, headers, headBytes: bodyStart, bodyBytes: body.length, changes, warnings };
  }
  const head = Buffer.from(`${outLines.join('\r\n')}\r\n\r\n`, 'latin1');
  return {
    bytes: body.length ? Buffer.concat([head, body]) : head,
    method,
    target,
    httpVersion,
    headers,
    headBytes: head.length,
    bodyBytes: body.length,
    changes,
    warnings,
  };
}

/** `host[:port]` from an absolute-form target (`http://host:8080/x`), if it is one. */
function hostFromAbsoluteTarget(target: string): string | undefined {
  if (!/^https?:\/\//i.test(target)) return undefined;
  try {
    return new URL(target).host;
  } catch {
    return undefined;
  }
}
