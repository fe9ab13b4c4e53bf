import type { OperationOptions } from '../errors';
import { errorMessage, NetProbeError, nowMs, roundMs } from '../errors';
import { dialViaProxy } from './dial-proxy';
import { ProxyError } from './errors';
import type { NameResolver, ProxyConfig, ProxyRoute, ProxyStage, ProxyStageTiming } from './types';
import { describeNameResolution, formatProxyUrl, nameResolverOf, proxyHops } from './url';

/** The outcome of {@link testProxy}. */
export interface ProxyTestResult {
  ok: boolean;
  /** The proxy (chain) with passwords redacted. */
  proxy: string;
  target: { host: string; port: number };
  /** Who resolves target names with this proxy, in one sentence. */
  resolution: string;
  resolvedBy: NameResolver;
  /** Completed stages with timings (on failure: those that succeeded before it). */
  stages: ProxyStageTiming[];
  /** Where and why it failed. */
  /** Where and why it failed; `reply` is the SOCKS reply code or the HTTP status, `statusLine` an HTTP proxy's (quoted, escaped). */
  failure?: { stage: ProxyStage; hop: number; code: string; message: string; reply?: number; statusLine?: string };
  bound?: ProxyRoute['bound'];
  elapsedMs: number;
}

/**
 * Connects through `proxy` to `host:port`, closes the connection, and reports each stage with its timing,
 * or the stage that failed and why. Network failures are in the result; throws only `aborted` and
 * `invalid-input` (e.g. an IPv6 target through SOCKS4).
 */
export async function testProxy(proxy: ProxyConfig, host: string, port: number, opts: OperationOptions = {}): Promise<ProxyTestResult> {
  const start = nowMs();
  const hops = proxyHops(proxy);
  const last = hops[hops.length - 1] ?? proxy;
  const base = {
    proxy: formatProxyUrl(proxy),
    target: { host, port },
    resolution: describeNameResolution(proxy),
  };
  try {
    const d = await dialViaProxy(host, port, proxy, opts);
    d.socket.destroy();
    const route = d.proxy;
    return {
      ok: true,
      ...base,
      resolvedBy: route?.resolvedBy ?? nameResolverOf(last.protocol),
      stages: route?.stages ?? [],
      ...(route?.bound ? { bound: route.bound } : {}),
      elapsedMs: roundMs(nowMs() - start),
    };
  } catch (e) {
    if (e instanceof NetProbeError && (e.code === 'aborted' || e.code === 'invalid-input')) throw e;
    const pe = e instanceof ProxyError ? e : undefined;
    const failure: NonNullable<ProxyTestResult['failure']> = {
      stage: pe?.stage ?? 'proxy-connect',
      hop: pe?.hop ?? 0,
      code: e instanceof NetProbeError ? e.code : 'os-error',
      message: errorMessage(e),
      ...(pe?.reply !== undefined ? { reply: pe.reply } : {}),
      ...(pe?.statusLine !== undefined ? { statusLine: pe.statusLine } : {}),
    };
    return {
      ok: false,
      ...base,
      resolvedBy: nameResolverOf(last.protocol),
      stages: pe?.completed ?? [],
      failure,
      elapsedMs: roundMs(nowMs() - start),
    };
  }
}
