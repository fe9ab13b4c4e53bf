import { NetProbeError, nowMs, roundMs } from '../errors';
import type { OperationOptions } from '../errors';
import { dialViaProxy } from '../proxy/dial-proxy';
import { proxyForTarget } from '../proxy/no-proxy';
import type { ProxyConfig } from '../proxy/types';
import type { ResolvedAddress, ResolveResult } from '../resolve/resolve';
import { resolve } from '../resolve/resolve';
import type { Dialed } from '../route/dial';
import type { ConnectAttempt } from '../tcp/connect';
import { tcpConnect } from '../tcp/connect';
import type { DiagnosedAttempt, Diagnosis, DiagnosisCategory } from './diagnose-types';
import { proxyFailure, proxyOk } from './diagnose-via-proxy';
import { refusedAdvice } from './advice';
import { happyEyeballsOrder } from './order';
import { mixedAdvice, WORDS } from './words';
import { formatDuration } from '../text/units';

export interface ReachOptions extends OperationOptions {
  family?: 4 | 6;
  /** Reach the target through this proxy (SOCKS or HTTP, or a chain) unless its `noProxy` list sends the target direct. */
  proxy?: ProxyConfig;
  /** Keep the first connection that opened (the doctor goes on with TLS and HTTP on it). */
  keep?: boolean;
}

/**
 * How far a connection to `host:port` got: the diagnosis (Diagnose's JSON), each address with the resolved facts
 * the doctor lists, and with `keep` the open connection.
 */
export interface Reach extends Omit<Diagnosis, 'host' | 'port'> {
  /** `literal` when the host was an address (no lookup); absent through a proxy. */
  source?: ResolveResult['source'];
  /** Each attempt's resolved address (zone, scope id, IPv4-mapped), in the order of `attempts`. */
  tried: ResolvedAddress[];
  /** The connection that opened first, when `keep` was asked (the caller owns and closes it). */
  dialed?: Dialed;
}

function categorize(a: ConnectAttempt): DiagnosisCategory {
  if (a.outcome === 'open') return 'ok';
  if (a.outcome === 'refused') return 'refused';
  if (a.outcome === 'timeout') return 'timeout';
  if (a.errno === 'ENETUNREACH' || a.errno === 'ENETDOWN') return 'network-unreachable';
  if (a.errno === 'EHOSTUNREACH' || a.errno === 'EHOSTDOWN') return 'host-unreachable';
  return 'os-error';
}

/** One attempt in words: "127.0.0.1 accepted the connection in 0.3 ms (from 127.0.0.1:40000)." */
export function explainAttempt(category: DiagnosisCategory, a: ConnectAttempt): string {
  if (category === 'ok')
    return `${a.address} accepted the connection in ${formatDuration(a.elapsedMs)}${a.localAddress ? ` (from ${a.localAddress}:${a.localPort ?? '?'})` : ''}.`;
  return `${a.address} ${WORDS[category].what}${a.errno ? ` (${a.errno})` : ''}.`;
}

/**
 * The engine behind Diagnose and the connection doctor: resolves `host` (or lets the proxy reach it), tries each
 * address in happy-eyeballs order and names the outcome with one set of words (`words.ts`). Network failures are
 * verdicts; throws only for bad input or cancel.
 */
export async function reach(host: string, port: number, opts: ReachOptions = {}): Promise<Reach> {
  const start = nowMs();
  const proxy = proxyForTarget(opts.proxy, host, port);
  if (proxy) return reachViaProxy(host, port, proxy, opts, start);
  let resolved: ResolveResult;
  try {
    resolved = await resolve(host, opts);
  } catch (e) {
    if (!(e instanceof NetProbeError) || e.code === 'invalid-input' || e.code === 'aborted') throw e;
    const elapsedMs = roundMs(nowMs() - start);
    return {
      category: 'dns-error',
      summary: `${WORDS['dns-error'].summary} ${e.message}`,
      advice: WORDS['dns-error'].advice,
      resolve: { ok: false, elapsedMs, addresses: [], error: e.message },
      attempts: [],
      tried: [],
      elapsedMs,
    };
  }
  const attempts: DiagnosedAttempt[] = [];
  const tried: ResolvedAddress[] = [];
  let dialed: Dialed | undefined;
  for (const a of happyEyeballsOrder(resolved.addresses)) {
    const { socket, ...attempt } = await tcpConnect(a.address, a.family, port, { ...opts, scopeId: a.scopeId, keep: opts.keep === true && !dialed });
    if (attempt.outcome === 'aborted') {
      dialed?.socket.destroy();
      throw new NetProbeError('aborted', 'The diagnosis was cancelled.');
    }
    const category = categorize(attempt);
    attempts.push({ ...attempt, category, explanation: explainAttempt(category, attempt) });
    tried.push(a);
    if (socket) {
      dialed = {
        socket,
        remoteAddress: a.address,
        remotePort: port,
        ...(attempt.localAddress ? { localAddress: attempt.localAddress } : {}),
        ...(attempt.localPort ? { localPort: attempt.localPort } : {}),
        dnsMs: resolved.source === 'literal' ? 0 : resolved.elapsedMs,
        connectMs: attempt.elapsedMs,
        attempts: attempts.map(({ category: _c, explanation: _e, ...x }) => x),
        via: 'direct',
      };
    }
  }
  const success = attempts.find(a => a.category === 'ok');
  const failed = attempts.filter(a => a.category !== 'ok');
  const decisive = success ?? attempts[0];
  const category = decisive?.category ?? 'os-error';
  const summary = success
    ? `${host}:${port} is reachable: ${success.address} accepted the connection in ${formatDuration(success.elapsedMs)}.`
    : category === 'ok'
      ? ''
      : `${WORDS[category].summary}${decisive?.errno && category === 'os-error' ? ` (${decisive.errno})` : ''}`;
  // A refused loopback port: the machine's listening sockets say what is really there (core advice.ts).
  const advice =
    category === 'ok'
      ? failed.length
        ? mixedAdvice(failed.some(a => a.family === 6))
        : 'Nothing to fix.'
      : category === 'refused'
        ? await refusedAdvice(
            failed.filter(a => a.category === 'refused').map(a => a.address),
            port,
            opts,
          )
        : WORDS[category].advice;
  return {
    category,
    summary,
    advice,
    source: resolved.source,
    resolve: { ok: true, elapsedMs: resolved.elapsedMs, addresses: resolved.addresses },
    attempts,
    tried,
    elapsedMs: roundMs(nowMs() - start),
    ...(dialed ? { dialed } : {}),
  };
}

async function reachViaProxy(host: string, port: number, proxy: ProxyConfig, opts: ReachOptions, start: number): Promise<Reach> {
  try {
    const d = await dialViaProxy(host, port, proxy, opts);
    if (!opts.keep) d.socket.destroy();
    return { ...proxyOk(host, port, proxy, d, roundMs(nowMs() - start)), tried: [], ...(opts.keep ? { dialed: d } : {}) };
  } catch (e) {
    if (!(e instanceof NetProbeError) || e.code === 'aborted' || e.code === 'invalid-input') throw e;
    return { ...proxyFailure(proxy, e, roundMs(nowMs() - start)), tried: [] };
  }
}
