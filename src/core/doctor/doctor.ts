import type * as net from 'net';
import { formatHostPort, parseHostPort } from '../address/host-port';
import type { OperationOptions } from '../errors';
import { DEFAULT_TIMEOUT_MS, errorMessage, NetProbeError, nowMs, roundMs } from '../errors';
import { wrapConnection } from '../http/connection';
import { runExchange } from '../http/exchange';
import { hostHeaderValue, prepareRequest } from '../http/request-text';
import { parseHttpUrl } from '../http/target';
import type { TlsOptions } from '../tls/connect';
import { startTls } from '../tls/connect';
import type { TlsDetails } from '../tls/info';
import type { ProxyConfig } from '../proxy/types';
import { proxyForTarget } from '../proxy/no-proxy';
import { nameResolverOf, proxyHops } from '../proxy/url';
import { reach } from './reach';
import { reachSteps } from './reach-steps';
import type { DoctorAddress, DoctorReport, DoctorStatus, DoctorStep } from './types';
import { STEP_NAMES } from './words';
import { formatDuration } from '../text/units';

export interface DoctorOptions extends OperationOptions {
  /** Force TLS on (or off) for HOST:PORT input (URLs say it with their scheme). */
  tls?: boolean;
  /** Force the HTTP step on (or off); by default it runs for URLs and the usual web ports. */
  http?: boolean;
  tlsOptions?: TlsOptions;
  proxy?: ProxyConfig;
  family?: 4 | 6;
}

const TLS_PORTS = new Set([443, 8443, 465, 993, 995, 636, 853, 5061]);
const HTTP_PORTS = new Set([80, 443, 8000, 8008, 8080, 8443, 8888, 3000, 5000]);

/** What the doctor checks: an endpoint, and for an http(s) URL the path it asks for. */
export interface DoctorTarget {
  host: string;
  port: number;
  tls: boolean;
  path?: string;
  url?: string;
}

/**
 * Reads what the doctor is given: an `http://`/`https://` URL, or anything {@link parseHostPort} reads (TLS
 * when `tls` says so, else on the usual TLS ports). Throws `invalid-input`.
 */
export function parseDoctorTarget(input: string, opts: Pick<DoctorOptions, 'tls'> = {}): DoctorTarget {
  if (/^https?:\/\//i.test(input)) {
    const { target, path, url } = parseHttpUrl(input);
    return { ...target, path, url: url.href };
  }
  const { host, port } = parseHostPort(input);
  return { host, port, tls: opts.tls ?? TLS_PORTS.has(port) };
}

/**
 * The connection doctor (extends `diagnose`): resolve → connect to each address in happy-eyeballs order
 * (IPv4 and IPv6) → TLS → one HTTP request, each step with a verdict, advice and timings. `input` is a
 * URL or HOST:PORT. Network failures are verdicts in the report; throws only for bad input or cancel.
 */
export async function connectionDoctor(input: string, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const p = parseDoctorTarget(input.trim(), opts);
  const doHttp = opts.http ?? (p.url !== undefined || HTTP_PORTS.has(p.port));
  const started = nowMs();
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const steps: DoctorStep[] = [];
  const addresses: DoctorAddress[] = [];
  const timings = { dns: 0, connect: 0, tls: 0, firstByte: 0, total: 0 };
  let tlsDetails: TlsDetails | undefined;
  const step = (name: DoctorStep['name'], status: DoctorStatus, summary: string, advice: string, elapsedMs: number): void => {
    steps.push({ name, status, summary, advice, elapsedMs: roundMs(elapsedMs) });
  };
  const skipRest = (from: DoctorStep['name'][], why: string): void => {
    for (const n of from) step(n, 'skipped', why, '', 0);
  };

  // 1–2. Resolve and connect to every address in happy-eyeballs order (the proxy's stages through one): the engine
  // and the words of Diagnose, keeping the first connection that opened.
  const viaProxy = proxyForTarget(opts.proxy, p.host, p.port);
  const reached = await reach(p.host, p.port, {
    timeout,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.family ? { family: opts.family } : {}),
    ...(viaProxy ? { proxy: viaProxy } : {}),
    keep: true,
  });
  const proxy = reached.proxy;
  const hops = viaProxy ? proxyHops(viaProxy) : [];
  const last = hops[hops.length - 1] ?? viaProxy;
  const proxyNote = last
    ? nameResolverOf(last.protocol) === 'proxy'
      ? `The proxy ${formatHostPort(last.host, last.port)} resolves "${p.host}".`
      : 'Resolved through the proxy dial.'
    : undefined;
  const rs = reachSteps(p.host, p.port, reached, proxyNote);
  steps.push(...rs.steps);
  addresses.push(...rs.addresses);
  timings.dns = rs.dnsMs;
  timings.connect = reached.dialed?.connectMs ?? rs.connectMs;
  const via = reached.dialed?.via ?? rs.via;
  const used = rs.used;
  const report = (http?: DoctorReport['http']): DoctorReport => ({
    ...finishReport(input, p, steps, addresses, timings, started, via, used, tlsDetails, http),
    ...(proxy ? { proxy } : {}),
  });
  if (!reached.dialed) {
    const connected = reached.proxy !== undefined || reached.resolve.ok;
    skipRest(connected ? ['tls', 'http'] : ['connect', 'tls', 'http'], connected ? 'Not tried: no connection.' : 'Not tried: the name did not resolve.');
    return report();
  }
  const dialed = reached.dialed;

  // 3. TLS.
  let socket: net.Socket = dialed.socket;
  if (!p.tls) {
    step('tls', 'skipped', 'Plain TCP (no TLS asked for).', '', 0);
  } else {
    try {
      const t = await startTls(dialed.socket, p.host, { ...opts.tlsOptions, insecure: true, timeout, ...(opts.signal ? { signal: opts.signal } : {}) });
      socket = t.socket;
      tlsDetails = t.details;
      timings.tls = t.handshakeMs;
      const leaf = t.details.chain[0];
      const base = `${t.details.protocol} with ${t.details.cipher} in ${formatDuration(t.handshakeMs)}${t.details.alpn ? `, ALPN ${t.details.alpn}` : ''}.`;
      if (!t.details.authorized && !opts.tlsOptions?.insecure) {
        step(
          'tls',
          'failed',
          `${t.details.authorizationError ?? 'The certificate is not trusted.'} (${base})`,
          certAdvice(t.details.authorizationCode),
          t.handshakeMs,
        );
        socket.destroy();
        skipRest(['http'], 'Not tried: the certificate is not trusted (use the insecure option to test HTTP anyway).');
        return report();
      }
      const warnings: string[] = [];
      if (!t.details.authorized) warnings.push(`${t.details.authorizationError ?? 'Untrusted certificate'} — accepted because "insecure" is set.`);
      if (leaf && leaf.daysLeft < 14 && leaf.daysLeft >= 0) warnings.push(`The certificate expires in ${leaf.daysLeft} days (${leaf.validTo}).`);
      if (/TLSv1(\.1)?$/.test(t.details.protocol)) warnings.push(`${t.details.protocol} is obsolete; enable TLS 1.2 or 1.3.`);
      step(
        'tls',
        warnings.length ? 'warning' : 'ok',
        warnings.length
          ? `${warnings.join(' ')} ${base}`
          : `Trusted certificate for ${leaf?.subjectAltNames.slice(0, 3).join(', ') || leaf?.subject || p.host}; ${base}`,
        warnings.length ? 'Renew or fix the certificate before clients start failing.' : '',
        t.handshakeMs,
      );
    } catch (e) {
      if (e instanceof NetProbeError && e.code === 'aborted') throw e;
      step('tls', 'failed', errorMessage(e), 'Check that this port speaks TLS, and the TLS versions and SNI name the server accepts.', 0);
      skipRest(['http'], 'Not tried: no TLS session.');
      return report();
    }
  }

  // 4. One HTTP request.
  if (!doHttp) {
    step('http', 'skipped', `Port ${p.port} is not a usual HTTP port; pass a URL (http:// or https://) to test HTTP too.`, '', 0);
    socket.destroy();
    return report();
  }
  const path = p.path ?? '/';
  const url = p.url ?? `${p.tls ? 'https' : 'http'}://${hostHeaderValue(p.host, p.port, p.tls)}${path}`;
  const req = prepareRequest(
    `GET ${path} HTTP/1.1\r\nHost: ${hostHeaderValue(p.host, p.port, p.tls)}\r\nUser-Agent: netprobe-doctor/0.1\r\nAccept: */*\r\nConnection: close\r\n\r\n`,
  );
  const conn = wrapConnection(
    {
      id: 1,
      target: { host: p.host, port: p.port, tls: p.tls },
      remoteAddress: dialed.remoteAddress,
      remotePort: dialed.remotePort,
      via,
      attempts: dialed.attempts,
    },
    socket,
    dialed.socket,
    { dnsMs: timings.dns, connectMs: timings.connect, tlsMs: timings.tls, maxHeaderBytes: 64 * 1024 },
  );
  const o = await runExchange(conn, req, {
    maxBodyBytes: 1024 * 1024,
    memoryBodyBytes: 1024 * 1024,
    wireCaptureBytes: 0,
    headersTimeout: timeout,
    idleTimeout: timeout,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  conn.close();
  if (o.error?.code === 'aborted') throw o.error;
  const sentAt = o.sentAt ?? o.startedAt;
  timings.firstByte = o.firstByteAt !== undefined ? roundMs(o.firstByteAt - sentAt) : 0;
  const elapsed = o.doneAt - o.startedAt;
  if (o.error || !o.response) {
    step(
      'http',
      'failed',
      o.error?.message ?? 'No response.',
      'The port accepts connections but the service does not answer HTTP correctly: check the service and its logs.',
      elapsed,
    );
    return { ...report(), url };
  }
  const r = o.response;
  const http: DoctorReport['http'] = {
    statusCode: r.statusCode,
    statusText: r.statusText,
    httpVersion: r.httpVersion,
    headers: r.headers,
    bytesReceived: o.bytesReceived,
    timings: {
      dns: timings.dns,
      connect: timings.connect,
      tls: timings.tls,
      send: roundMs(sentAt - o.startedAt),
      wait: timings.firstByte,
      download: o.firstByteAt !== undefined ? roundMs(o.doneAt - o.firstByteAt) : 0,
      total: roundMs(nowMs() - started),
    },
  };
  const loc = r.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
  const line = `HTTP/${r.httpVersion} ${r.statusCode} ${r.statusText} in ${formatDuration(roundMs(elapsed))} (first byte after ${formatDuration(timings.firstByte)})`;
  const broken = o.violations[0];
  if (broken && r.statusCode < 500) {
    const more = o.violations.length > 1 ? ` (and ${o.violations.length - 1} more)` : '';
    step(
      'http',
      'warning',
      `${line}, but the response breaks HTTP/1.1${more}: ${broken.message}`,
      broken.framing
        ? "Fix the server's framing: a proxy or client that reads it differently can desynchronise a shared connection (request smuggling)."
        : 'Fix the server: strict clients (Node, many proxies) refuse this response.',
      elapsed,
    );
  } else if (r.statusCode >= 500)
    step(
      'http',
      'failed',
      `${line}: the server failed to handle the request.`,
      'The service behind the server is failing: check its logs (a 502/504 means the upstream application is down or slow).',
      elapsed,
    );
  else if (r.statusCode >= 400)
    step(
      'http',
      'warning',
      `${line}: the server answers but refused this request.`,
      r.statusCode === 404 ? 'The path does not exist on this server: check the URL.' : 'Check the URL, the Host name and any required credentials.',
      elapsed,
    );
  else if (r.statusCode >= 300) step('http', 'ok', `${line}, redirecting to ${loc ?? '(no Location)'}.`, '', elapsed);
  else step('http', 'ok', `${line}.`, '', elapsed);
  return { ...report(http), url };
}

function certAdvice(code: string | undefined): string {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return 'Use the name the certificate was issued for, or reissue it with this name in its subject alternative names.';
  if (code === 'CERT_HAS_EXPIRED') return 'Renew the certificate.';
  if (code === 'CERT_NOT_YET_VALID') return 'Check the clocks of this machine and the server.';
  return 'Have the server send its full chain, or trust the issuing CA (CA file option); for a test server, use the insecure option.';
}

function finishReport(
  input: string,
  p: DoctorTarget,
  steps: DoctorStep[],
  addresses: DoctorAddress[],
  timings: DoctorReport['timings'],
  started: number,
  via: string,
  used: string | undefined,
  tlsDetails: TlsDetails | undefined,
  http: DoctorReport['http'],
): DoctorReport {
  const failed = steps.find(s => s.status === 'failed');
  const warning = steps.find(s => s.status === 'warning');
  const verdict = failed ? 'failed' : warning ? 'warning' : 'ok';
  const total = roundMs(nowMs() - started);
  const decisive = failed ?? warning;
  const where = `${hostHeaderValue(p.host, p.port, p.tls)}`;
  const stepName: Record<DoctorStep['name'], string> = STEP_NAMES;
  const summary = decisive
    ? `${stepName[decisive.name]} ${decisive.status === 'failed' ? 'failed' : 'has a problem'}: ${decisive.summary}`
    : `${where} is healthy: ${steps
        .filter(s => s.status === 'ok')
        .map(s => stepName[s.name])
        .join(' → ')} all fine in ${formatDuration(total)}.`;
  return {
    input,
    host: p.host,
    port: p.port,
    tls: p.tls,
    ...(p.url ? { url: p.url } : {}),
    verdict,
    summary,
    advice: decisive?.advice || 'Nothing to fix.',
    steps,
    addresses,
    ...(used ? { usedAddress: used } : {}),
    via,
    ...(tlsDetails ? { tlsDetails } : {}),
    ...(http ? { http } : {}),
    timings: { ...timings, total },
    elapsedMs: total,
  };
}
