import { NetProbeError, nowMs, roundMs } from '../../errors';
import type { ProxyConfig } from '../../proxy/types';
import { encodeQuery } from '../message';
import { buildQuery, cookieAfterBadcookie, toResponse } from '../question';
import type { DnsQueryOptions, DnsResponse, Nameserver } from '../types';
import type { Exchange } from '../udp';
import { acceptAnswer } from '../udp';
import type { SecureOpenOptions } from './connect';
import { SecureDnsError, transportLabel } from './connect';
import type { SecureConnection, SecureOutcome } from './connection';
import { connectionKey, openSecureConnection } from './open';
import type { DnsConnectionPool } from './pool';
import type { SecureDnsOptions } from './types';

type Answer = Extract<SecureOutcome, { raw: Buffer }>;

/** The connection settings among a query's options. */
export function secureOpenOptions(opts: SecureDnsOptions & { signal?: AbortSignal; proxy?: ProxyConfig }, timeout: number): SecureOpenOptions {
  return {
    timeout,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.proxy ? { proxy: opts.proxy } : {}),
    ...(opts.tlsHostname ? { tlsHostname: opts.tlsHostname } : {}),
    ...(opts.caFile ? { caFile: opts.caFile } : {}),
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.insecure ? { insecure: true } : {}),
    ...(opts.pin !== undefined ? { pin: opts.pin } : {}),
    ...(opts.dohMethod ? { dohMethod: opts.dohMethod } : {}),
    ...(opts.clientCert ? { clientCert: opts.clientCert } : {}),
    ...(opts.clientCertificates ? { clientCertificates: opts.clientCertificates } : {}),
    ...(opts.keylog ? { keylog: opts.keylog } : {}),
  };
}

/** A connection for some queries: from the pool (kept open, maybe reused), or a fresh one that `release` closes. */
export async function connectionFor(
  ns: Nameserver,
  open: SecureOpenOptions,
  pool?: DnsConnectionPool,
): Promise<{ conn: SecureConnection; reused: boolean; release: () => void }> {
  if (!pool) {
    const conn = await openSecureConnection(ns, open);
    return { conn, reused: false, release: () => conn.close() };
  }
  const key = connectionKey(ns, open);
  let got: { conn: SecureConnection; reused: boolean };
  try {
    got = await pool.acquire(key, () => openSecureConnection(ns, open));
  } catch (e) {
    // The connection this query waited for was being opened for another query, which was cancelled: open our own.
    if (!(e instanceof NetProbeError && e.code === 'aborted') || open.signal?.aborted) throw e;
    got = await pool.acquire(key, () => openSecureConnection(ns, open));
  }
  const { conn, reused } = got;
  return { conn, reused, release: () => pool.release(key, conn) };
}

/** Sends one query on `conn` and waits for its answer; `signal` cancels only this query. */
export function sendQuery(conn: SecureConnection, query: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new NetProbeError('aborted', 'The DNS query was cancelled.'));
      return;
    }
    let settled = false;
    const onAbort = (): void => cancel();
    const cancel = conn.send(query, timeoutMs, outcome => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome);
    });
    if (!settled) signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** True when a query failed because the (kept-open) connection went away, so a fresh connection may answer it. */
function lostConnection(e: unknown, conn: SecureConnection): boolean {
  return e instanceof SecureDnsError && (e.stage === 'dns' || e.stage === 'http') && e.code !== 'timeout' && !conn.usable;
}

/**
 * Asks one question over DNS over TLS or DNS over HTTPS (`ns.protocol`), with EDNS padding unless `padding` is
 * false. With `opts.pool` the connection is taken from (and left in) the pool; a kept-open connection the server
 * closed meanwhile is replaced once. The answer carries the TLS session, the phases and, for DoH, the HTTP exchange.
 * Throws a {@link SecureDnsError} naming the stage that failed.
 */
export async function askSecure(name: string, ns: Nameserver, opts: DnsQueryOptions, deadline: number): Promise<DnsResponse> {
  const started = nowMs();
  const left = (): number => Math.max(1, deadline - nowMs());
  const protocol = ns.protocol === 'https' ? 'https' : 'tls';
  const ask = async (o: DnsQueryOptions, mayRetry: boolean): Promise<{ ex: Exchange; answer: Answer; conn: SecureConnection; reused: boolean }> => {
    const { message, expected } = buildQuery(name, o, o.padding !== false);
    // RFC 8484 §4.1: DoH queries use id 0 (the stream identifies the answer); DoT picks a free id per connection.
    if (protocol === 'https') {
      message.id = 0;
      expected.id = 0;
    }
    const wire = encodeQuery(message);
    const { conn, reused, release } = await connectionFor(ns, secureOpenOptions(o, left()), o.pool);
    let answer: Answer | undefined;
    try {
      answer = await sendQuery(conn, wire, left(), o.signal);
    } catch (e) {
      if (!(reused && mayRetry && lostConnection(e, conn))) throw e;
    } finally {
      release();
    }
    // The kept-open connection was gone: once more on a new one.
    if (!answer) return ask(o, false);
    // DoT: the connection matched the answer to its own id for the query.
    if (protocol === 'tls' && answer.raw.length >= 2) expected.id = answer.raw.readUInt16BE(0);
    const decoded = acceptAnswer(answer.raw, expected);
    if (typeof decoded === 'string') {
      const label = `${transportLabel(protocol)} to ${protocol === 'https' ? (answer.url ?? conn.info.where) : conn.info.where}`;
      throw new SecureDnsError(
        'protocol',
        'dns',
        protocol === 'https'
          ? `${label}: malformed DNS in the HTTP ${answer.status ?? 200} answer: it is ${decoded}.`
          : `${label}: the server sent ${decoded}.`,
      );
    }
    return { ex: { message: decoded, raw: answer.raw, rttMs: answer.rttMs, ignored: 0 }, answer, conn, reused };
  };
  let r = await ask(opts, true);
  const cookie = cookieAfterBadcookie(r.ex, opts);
  if (cookie) r = await ask({ ...opts, cookie }, true);
  const { ex, answer, conn, reused } = r;
  const info = conn.info;
  const response: DnsResponse = {
    ...toResponse(ex, ns, { address: info.address, port: info.port }, protocol),
    tls: info.tls,
    timings: {
      connectMs: reused ? 0 : roundMs(info.resolveMs + info.connectMs),
      tlsMs: reused ? 0 : info.tlsMs,
      queryMs: answer.rttMs,
      totalMs: roundMs(nowMs() - started),
    },
    connectionReused: reused,
  };
  if (cookie) response.retriedWithServerCookie = true;
  if (protocol === 'https') {
    response.http = {
      method: opts.dohMethod ?? ns.method ?? 'POST',
      url: answer.url ?? '',
      status: answer.status ?? 200,
      ...(answer.contentType ? { contentType: answer.contentType } : {}),
      ...(answer.streamId !== undefined ? { streamId: answer.streamId } : {}),
    };
  }
  return response;
}
