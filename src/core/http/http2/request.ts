import { NetProbeError } from '../../errors';
import type { PreparedRequest } from '../request-text';
import { hostHeaderValue } from '../request-text';
import type { HttpTarget } from '../target';

/** A raw request turned into what HTTP/2 sends: pseudo-headers, lower-case fields and the body for DATA frames. */
export interface Http2Request {
  method: string;
  /** Pseudo-headers first, then fields, in the order they go out. */
  headers: Array<[string, string]>;
  body: Buffer;
  /** What changed from the request as written, in plain language. */
  changes: string[];
  warnings: string[];
}

/** Fields that only mean something to one HTTP/1.1 connection; HTTP/2 forbids them (RFC 9113 §8.2.2). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-zA-Z-]+$/;
const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/**
 * Maps a prepared HTTP/1.1-style request onto HTTP/2 (RFC 9113 §8.3): the request line and Host become
 * `:method`, `:scheme`, `:authority` and `:path`; names go lower case; connection-specific fields are dropped
 * and each change is listed. Repeated fields are grouped by name (Node's HTTP/2 API takes one entry per name).
 */
export function toHttp2Request(req: PreparedRequest, target: HttpTarget): Http2Request {
  const changes: string[] = ['Sent as HTTP/2: the request line and Host became the :method, :scheme, :authority and :path pseudo-headers.'];
  const warnings: string[] = [];
  const method = req.method;
  let scheme = target.tls ? 'https' : 'http';
  let path = req.target;
  let authority = req.headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? hostHeaderValue(target.host, target.port, target.tls);
  if (/^https?:\/\//i.test(req.target)) {
    try {
      const u = new URL(req.target);
      scheme = u.protocol.slice(0, -1);
      authority = u.host;
      path = `${u.pathname || '/'}${u.search}`;
    } catch {
      throw new NetProbeError('invalid-input', `"${req.target}" is not a valid absolute URL.`);
    }
  }
  const pseudo: Array<[string, string]> =
    method.toUpperCase() === 'CONNECT'
      ? [
          [':method', method],
          [':authority', req.target],
        ]
      : [
          [':method', method],
          [':scheme', scheme],
          [':authority', authority],
          [':path', path],
        ];
  const fields: Array<[string, string]> = [];
  let lowered = false;
  for (const [name, value] of req.headers) {
    const lower = name.toLowerCase();
    if (lower === 'host') continue;
    if (name === '' || !TOKEN.test(name)) {
      throw new NetProbeError('invalid-input', `"${name.slice(0, 60)}" is not a valid header name; HTTP/2 cannot send it.`);
    }
    if (CONNECTION_SPECIFIC.has(lower)) {
      changes.push(`Dropped "${name}: ${value}" (connection-specific; HTTP/2 forbids it).`);
      if (lower === 'transfer-encoding' && req.bodyBytes > 0) warnings.push('The body is sent as written: chunk framing typed for HTTP/1.1 goes out as data.');
      continue;
    }
    if (lower === 'te' && value.trim().toLowerCase() !== 'trailers') {
      changes.push(`Dropped "${name}: ${value}" (HTTP/2 allows TE only as "trailers").`);
      continue;
    }
    if (name !== lower) lowered = true;
    fields.push([lower, value]);
  }
  if (lowered) changes.push('Header names are sent in lower case (HTTP/2 requires it).');
  const grouped = groupRepeats(fields);
  if (grouped.moved) changes.push('Repeated fields are sent next to each other, in the order written.');
  for (const c of req.changes) if (c.startsWith('Added "Content-Length')) changes.push(c);
  return { method, headers: [...pseudo, ...grouped.fields], body: req.bytes.subarray(req.headBytes), changes, warnings: [...req.warnings, ...warnings] };
}

function groupRepeats(fields: Array<[string, string]>): { fields: Array<[string, string]>; moved: boolean } {
  let repeated = false;
  for (let i = 1; i < fields.length && !repeated; i++) {
    const name = fields[i]?.[0];
    for (let j = 0; j < i; j++)
      if (fields[j]?.[0] === name) {
        repeated = true;
        break;
      }
  }
  if (!repeated) return { fields, moved: false };
  const order: string[] = [];
  const byName = new Map<string, string[]>();
  for (const [k, v] of fields) {
    const list = byName.get(k);
    if (list) list.push(v);
    else {
      byName.set(k, [v]);
      order.push(k);
    }
  }
  const out: Array<[string, string]> = [];
  for (const k of order) for (const v of byName.get(k) ?? []) out.push([k, v]);
  return { fields: out, moved: out.some(([k, v], i) => fields[i]?.[0] !== k || fields[i]?.[1] !== v) };
}

/** The headers object Node's `session.request()` takes (repeated names as arrays). */
export function nodeHeaders(headers: Array<[string, string]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of headers) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}
