import { createHash } from 'crypto';
import type { NetProbeErrorCode } from '../errors';
import { NetProbeError } from '../errors';
import { quotedText } from '../text/terminal';
import type { UpgradeExchange, WebSocketStage } from './types';

const STAGE_LABEL: Record<WebSocketStage, string> = {
  url: 'URL',
  tcp: 'TCP connect',
  proxy: 'Proxy',
  tls: 'TLS handshake',
  upgrade: 'WebSocket upgrade',
  session: 'WebSocket',
  close: 'Closing handshake',
};

/**
 * A WebSocket failure: `stage` says where (TCP, proxy, TLS, upgrade, session, closing handshake) and the message
 * starts with it. `upgrade` has the exchange as far as it went (the server's answer to a refused upgrade).
 */
export class WebSocketError extends NetProbeError {
  constructor(
    readonly stage: WebSocketStage,
    code: NetProbeErrorCode,
    detail: string,
    readonly upgrade?: UpgradeExchange,
    options?: { cause?: unknown; errno?: string },
  ) {
    super(code, `${STAGE_LABEL[stage]}: ${detail}`, options?.errno, options?.cause !== undefined ? { cause: options.cause } : undefined);
  }
}

/** The GUID of RFC 6455 §1.3, hashed with the client's key into Sec-WebSocket-Accept. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The Sec-WebSocket-Accept a server must answer to `key`. */
export function expectedAccept(key: string): string {
  return createHash('sha1')
    .update(key + WEBSOCKET_GUID)
    .digest('base64');
}

/** The value of header `name` (first occurrence, case-insensitive) in an HTTP head, if present. */
export function headerValue(head: string | undefined, name: string): string | undefined {
  if (!head) return undefined;
  const wanted = name.toLowerCase();
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0 && line.slice(0, i).trim().toLowerCase() === wanted) return line.slice(i + 1).trim();
  }
  return undefined;
}

/**
 * Why the server's answer to the upgrade request is not an acceptable 101, in plain language, from the bytes:
 * another status, a 101 without `Upgrade: websocket`, or a Sec-WebSocket-Accept that does not match our key.
 * Undefined when the head is a valid WebSocket upgrade (a problem ws found elsewhere, e.g. an extension).
 */
export function upgradeProblem(ex: UpgradeExchange): string | undefined {
  const status = ex.status;
  if (status === undefined) return undefined;
  const line = `${status}${ex.statusText ? ` ${ex.statusText}` : ''}`;
  const upgrade = headerValue(ex.response, 'upgrade');
  if (status !== 101) {
    if (status >= 300 && status < 400) {
      const location = headerValue(ex.response, 'location');
      return `the server answered ${line}${location ? `, redirecting to ${quotedText(location, 200)}` : ''}; a WebSocket client does not follow redirects: connect to that URL instead.`;
    }
    if (status === 401 || status === 403)
      return `the server refused the upgrade with ${line}: it wants credentials or refuses this origin (send them with a header).`;
    if (status === 426) return `the server answered ${line}: it wants another WebSocket version or protocol.`;
    if (status >= 200 && status < 300)
      return `the server answered ${line} without Upgrade: this URL is not a WebSocket endpoint (or a proxy in front of it dropped the Upgrade header).`;
    return `the server refused the upgrade with ${line}.`;
  }
  if (!upgrade || upgrade.toLowerCase() !== 'websocket') {
    return upgrade
      ? `the server answered 101 but upgraded to ${quotedText(upgrade, 80)}, not "websocket".`
      : 'the server answered 101 without an Upgrade: websocket header.';
  }
  const key = headerValue(ex.request, 'sec-websocket-key');
  const accept = headerValue(ex.response, 'sec-websocket-accept');
  const expected = key ? expectedAccept(key) : undefined;
  if (expected && accept !== expected) {
    return accept === undefined
      ? `the server answered 101 without Sec-WebSocket-Accept (expected ${expected} for our key ${key ?? ''}).`
      : `Sec-WebSocket-Accept does not match: the server sent ${quotedText(accept, 60)}, expected ${expected} (SHA-1 of our key ${key ?? ''} and the RFC 6455 GUID). The server (or a proxy) does not speak WebSocket correctly.`;
  }
  return undefined;
}

/** Parses the status line and headers of a response head (latin1). */
export function parseResponseHead(head: string): Pick<UpgradeExchange, 'status' | 'statusText' | 'headers'> {
  const lines = head.split('\r\n');
  // Interim 1xx heads may come first: the last head is the answer.
  let start = 0;
  for (let i = 0; i < lines.length; i++) if (/^HTTP\/\d/.test(lines[i] ?? '')) start = i;
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(lines[start] ?? '');
  const headers: Array<[string, string]> = [];
  for (const line of lines.slice(start + 1)) {
    const i = line.indexOf(':');
    if (i > 0) headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
  }
  return { ...(m ? { status: Number(m[1]) } : {}), ...(m?.[2] ? { statusText: m[2] } : {}), headers };
}

/** RFC 6455 §7.4.1 names of close codes. */
const CLOSE_NAMES: Record<number, string> = {
  1000: 'normal closure',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no status received',
  1006: 'abnormal closure',
  1007: 'invalid payload data',
  1008: 'policy violation',
  1009: 'message too big',
  1010: 'mandatory extension',
  1011: 'internal error',
  1012: 'service restart',
  1013: 'try again later',
  1014: 'bad gateway',
  1015: 'TLS handshake',
};

/** The name of a close code (`application code` for 4000–4999, `registered code` for 3000–3999). */
export function closeCodeName(code: number): string {
  return CLOSE_NAMES[code] ?? (code >= 4000 && code <= 4999 ? 'application code' : code >= 3000 && code <= 3999 ? 'registered code' : 'unknown code');
}

/**
 * Why `code`/`reason` cannot be sent in a close frame, or undefined when they can: the code must be 1000, one of
 * 1001–1003 or 1007–1014, or 3000–4999 (RFC 6455 §7.4); the reason at most 123 bytes of UTF-8.
 */
export function closeArgumentsProblem(code: number | undefined, reason: string): string | undefined {
  if (code === undefined) return reason ? 'A close reason needs a close code.' : undefined;
  const valid = code === 1000 || (code >= 1001 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
  if (!Number.isInteger(code) || !valid) return `${code} cannot be sent as a close code: use 1000 (normal), 1001–1003, 1007–1014 or 3000–4999.`;
  if (Buffer.byteLength(reason) > 123) return `The close reason is ${Buffer.byteLength(reason)} bytes; a close frame allows at most 123.`;
  return undefined;
}
