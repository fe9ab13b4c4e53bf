import type { NetProbeError, OperationOptions } from '../errors';
import { nowMs, roundMs } from '../errors';
import { ProxyError } from '../proxy/errors';
import { formatDuration } from '../text/units';
import type { ProxyConfig, ProxyStage } from '../proxy/types';
import { describeNameResolution, formatProxyUrl } from '../proxy/url';
import { attemptViaProxy, resolvedText } from '../proxy/via-proxy';
import type { Diagnosis, DiagnosisCategory } from './diagnose-types';

const STAGE_ADVICE: Record<ProxyStage, string> = {
  resolve: 'This machine could not resolve the target name; use socks5h:// or socks4a:// to let the proxy resolve it, or fix local DNS.',
  'proxy-connect': 'Check the proxy host and port and that the proxy is running and reachable from here.',
  greeting: 'Check the scheme (socks4 vs socks5) and whether the proxy needs a user name and password.',
  auth: 'Check the user name and password (the profile\'s stored secret, or NETPROBE_PROXY_PASSWORD).',
  request: 'The proxy refused to connect to that target; its access rules may forbid it.',
};

function categoryOf(e: NetProbeError): DiagnosisCategory {
  const stage = e instanceof ProxyError ? e.stage : 'proxy-connect';
  if (stage === 'resolve') return 'dns-error';
  if (stage !== 'request') return 'proxy';
  const reply = e instanceof ProxyError ? e.reply : undefined;
  if (e.code === 'refused' && reply === 5) return 'refused';
  if (e.code === 'timeout') return 'timeout';
  if (reply === 3) return 'network-unreachable';
  if (reply === 4) return 'host-unreachable';
  return 'proxy';
}

const TARGET_ADVICE: Partial<Record<DiagnosisCategory, string>> = {
  refused: 'The proxy reached the target host but nothing listens on that port: start the service or check the port.',
  timeout: 'The proxy did not get an answer from the target in time: the target is down or filtered from the proxy\'s network.',
  'network-unreachable': 'The proxy has no route to the target network; the target may only be reachable from elsewhere.',
  'host-unreachable': 'The proxy could not reach (or, with remote DNS, resolve) the target host.',
};

/** {@link diagnose} through a SOCKS proxy: names the failing stage (proxy, auth, target) with advice. */
export async function diagnoseViaProxy(host: string, port: number, proxy: ProxyConfig, opts: OperationOptions & { family?: 4 | 6 }): Promise<Diagnosis> {
  const start = nowMs();
  const via = formatProxyUrl(proxy);
  const r = await attemptViaProxy(host, port, proxy, opts);
  const elapsedMs = roundMs(nowMs() - start);
  const resolution = describeNameResolution(proxy);
  if (r.ok) {
    const route = r.dialed.proxy;
    const resolveStage = route?.stages.find(s => s.stage === 'resolve');
    return {
      host, port, category: 'ok',
      summary: `${host}:${port} is reachable through ${via}: the connection was granted in ${formatDuration(r.dialed.connectMs)}${resolvedText(route)}.`,
      advice: `Nothing to fix. ${resolution}`,
      resolve: { ok: true, elapsedMs: resolveStage?.elapsedMs ?? 0, addresses: [] },
      attempts: [], elapsedMs, proxy: { via, ...(route ? { route } : {}) },
    };
  }
  const e = r.error;
  const category = categoryOf(e);
  const pe = e instanceof ProxyError ? e : undefined;
  const stage = pe?.stage ?? 'proxy-connect';
  const advice = TARGET_ADVICE[category] ?? STAGE_ADVICE[stage];
  return {
    host, port, category, summary: e.message, advice: `${advice} ${resolution}`,
    resolve: stage === 'resolve' ? { ok: false, elapsedMs, addresses: [], error: e.message } : { ok: true, elapsedMs: 0, addresses: [] },
    attempts: [], elapsedMs,
    proxy: { via, failure: { stage, hop: pe?.hop ?? 0, message: e.message, ...(pe?.reply !== undefined ? { reply: pe.reply } : {}) } },
  };
}
