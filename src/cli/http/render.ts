import type { HttpExchange, HttpResult } from '../../core/http/types';
import type { TlsDetails } from '../../core/tls/info';
import { ms } from '../format';

/** `curl -v`-style lines for one exchange's connection, request and response head. */
export function verboseLines(ex: HttpExchange, showConnection: boolean): string[] {
  const out: string[] = [];
  const c = ex.connection;
  if (showConnection) {
    out.push(`* Connected to ${c.target.host} (${c.remoteAddress}) port ${c.remotePort}${c.via !== 'direct' ? ` via ${c.via}` : ''}, from ${c.localAddress ?? '?'}:${c.localPort ?? '?'}`);
    if (c.tls) out.push(...tlsLines(c.tls));
  } else {
    out.push(`* Re-using connection #${c.id} to ${c.target.host}:${c.target.port}`);
  }
  for (const ch of ex.request.changes) out.push(`* Changed: ${ch}`);
  for (const line of ex.request.bytes.subarray(0, ex.request.headBytes).toString('latin1').split('\r\n').slice(0, -1)) out.push(`> ${line}`);
  if (ex.request.bodyBytes) out.push(`* ${ex.request.bodyBytes} bytes of request body`);
  const r = ex.response;
  if (r) {
    for (const i of r.informational) out.push(`< HTTP/1.1 ${i.statusCode} ${i.statusText}`, ...i.headers.map(([k, v]) => `< ${k}: ${v}`), '<');
    out.push(`< HTTP/${r.httpVersion} ${r.statusCode} ${r.statusText}`, ...r.headers.map(([k, v]) => `< ${k}: ${v}`), '<');
  }
  for (const w of ex.warnings) out.push(`* Warning: ${w}`);
  const t = ex.timings;
  out.push(`* Timing: dns ${ms(t.dns)}, connect ${ms(t.connect)}, tls ${ms(t.tls)}, send ${ms(t.send)}, wait ${ms(t.wait)}, download ${ms(t.download)}, total ${ms(t.total)}`);
  out.push(`* ${ex.bytesSent} bytes sent, ${ex.bytesReceived} bytes received${ex.closed ? `; connection closed by the ${ex.closed.by} (${ex.closed.how.toUpperCase()})` : ''}`);
  return out;
}

/** The TLS session and certificate chain, one item per line. */
export function tlsLines(t: TlsDetails): string[] {
  const out = [`* TLS ${t.protocol}, ${t.cipher}${t.alpn ? `, ALPN ${t.alpn}` : ''}${t.servername ? `, SNI ${t.servername}` : ''}${t.keyExchange ? `, ${t.keyExchange}` : ''}`];
  out.push(`* Certificate ${t.authorized ? 'verified' : `NOT verified: ${t.authorizationError ?? 'unknown reason'}`}`);
  t.chain.forEach((c, i) => {
    out.push(`*  [${i}] subject: ${c.subject}`);
    if (c.subjectAltNames.length) out.push(`*      SAN: ${c.subjectAltNames.join(', ')}`);
    out.push(`*      issuer: ${c.issuer}`);
    out.push(`*      valid: ${c.validFrom} → ${c.validTo} (${c.daysLeft < 0 ? `expired ${-c.daysLeft} days ago` : `${c.daysLeft} days left`})`);
    out.push(`*      key: ${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ''}${c.curve ? ` (${c.curve})` : ''}, serial ${c.serialNumber}`);
    out.push(`*      SHA-256: ${c.fingerprintSha256}`);
  });
  return out;
}

/** The JSON shape of `netprobe http --json` (issue contract: status, headers, timings, tls, bytes, body). */
export function httpJson(result: HttpResult, includeBody: boolean): Record<string, unknown> {
  const f = result.final;
  const r = f.response;
  const body = r?.body;
  return {
    url: f.url,
    status: r?.statusCode,
    statusText: r?.statusText,
    httpVersion: r?.httpVersion,
    headers: r?.headers,
    timings: f.timings,
    curlTimings: f.curl,
    tls: f.connection.tls ?? null,
    remoteAddress: f.connection.remoteAddress,
    remotePort: f.connection.remotePort,
    bytesSent: f.bytesSent,
    bytesReceived: f.bytesReceived,
    ...(body?.file ? { bodyFile: body.file, bodySize: body.size } : includeBody && body?.data ? { bodyBase64: body.data.toString('base64'), bodySize: body.size } : { bodySize: body?.size ?? 0 }),
    bodyTruncated: body?.truncated ?? false,
    warnings: f.warnings,
    requestChanges: f.request.changes,
    connections: result.connections,
    exchanges: result.exchanges.map(e => ({
      index: e.index, hop: e.hop, url: e.url, method: e.request.method, status: e.response?.statusCode, reused: e.reused,
      connection: e.connection.id, bytesSent: e.bytesSent, bytesReceived: e.bytesReceived, timings: e.timings, ...(e.error ? { error: e.error } : {}),
    })),
    totalMs: result.totalMs,
  };
}
