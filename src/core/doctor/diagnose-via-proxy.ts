import type { NetProbeError } from '../errors';
import type { ProxyDialed } from '../proxy/dial-proxy';
import { ProxyError } from '../proxy/errors';
import type { ProxyConfig, ProxyStage } from '../proxy/types';
import { describeNameResolution, formatProxyUrl, isHttpProxy, proxyHops } from '../proxy/url';
import { resolvedText } from '../proxy/via-proxy';
import type { Diagnosis, DiagnosisCategory } from './diagnose-types';
import { formatDuration } from '../text/units';

const STAGE_ADVICE: Record<ProxyStage, string> = {
  resolve: 'This machine could not resolve the target name; use socks5h://, socks4a:// or an http:// proxy to let the proxy resolve it, or fix local DNS.',
  'proxy-connect': 'Check the proxy host and port and that the proxy is running and reachable from here.',
  'proxy-tls': 'Check that the proxy speaks TLS on that port (https://; http:// otherwise) and that its certificate is trusted here.',
  greeting: 'Check the scheme (socks4 vs socks5 vs http) and whether the proxy needs a user name and password.',
  auth: "Check the user name and password (the profile's stored secret, or NETPROBE_PROXY_PASSWORD).",
  request: 'The proxy refused to connect to that target; its access rules may forbid it.',
};

function categoryOf(e: NetProbeError, proxy: ProxyConfig): DiagnosisCategory {
  const stage = e instanceof ProxyError ? e.stage : 'proxy-connect';
  if (stage === 'resolve') return 'dns-error';
  if (stage !== 'request') return 'proxy';
  const reply = e instanceof ProxyError ? e.reply : undefined;
  const hop = proxyHops(proxy)[e instanceof ProxyError ? e.hop : 0];
  const http = hop !== undefined && isHttpProxy(hop.protocol);
  if (e.code === 'refused' && (reply === 5 || http)) return 'refused';
  if (e.code === 'timeout') return 'timeout';
  if (http && e.code === 'unreachable') return 'host-unreachable';
  if (!http && reply === 3) return 'network-unreachable';
  if (!http && reply === 4) return 'host-unreachable';
  return 'proxy';
}

const TARGET_ADVICE: Partial<Record<DiagnosisCategory, string>> = {
  refused: 'The proxy reached the target host but nothing listens on that port: start the service or check the port.',
  timeout: "The proxy did not get an answer from the target in time: the target is down or filtered from the proxy's network.",
  'network-unreachable': 'The proxy has no route to the target network; the target may only be reachable from elsewhere.',
  'host-unreachable': 'The proxy could not reach (or, with remote DNS, resolve) the target host.',
};

type ProxyVerdict = Omit<Diagnosis, 'host' | 'port'>;

/** The verdict of a connection that got through `proxy` to `host:port`. */
export function proxyOk(host: string, port: number, proxy: ProxyConfig, d: ProxyDialed, elapsedMs: number): ProxyVerdict {
  const via = formatProxyUrl(proxy);
  const route = d.proxy;
  const resolveStage = route?.stages.find(s => s.stage === 'resolve');
  return {
    category: 'ok',
    summary: `${host}:${port} is reachable through ${via}: the connection was granted in ${formatDuration(d.connectMs)}${resolvedText(route)}.`,
    advice: `Nothing to fix. ${describeNameResolution(proxy)}`,
    resolve: { ok: true, elapsedMs: resolveStage?.elapsedMs ?? 0, addresses: [] },
    attempts: [],
    elapsedMs,
    proxy: { via, ...(route ? { route } : {}) },
  };
}

/** The verdict of a connection through `proxy` that failed with `e`: the failing stage (proxy, auth, target) with advice. */
export function proxyFailure(proxy: ProxyConfig, e: NetProbeError, elapsedMs: number): ProxyVerdict {
  const via = formatProxyUrl(proxy);
  const category = categoryOf(e, proxy);
  const pe = e instanceof ProxyError ? e : undefined;
  const stage = pe?.stage ?? 'proxy-connect';
  const advice = TARGET_ADVICE[category] ?? STAGE_ADVICE[stage];
  return {
    category,
    summary: e.message,
    advice: `${advice} ${describeNameResolution(proxy)}`,
    resolve: stage === 'resolve' ? { ok: false, elapsedMs, addresses: [], error: e.message } : { ok: true, elapsedMs: 0, addresses: [] },
    attempts: [],
    elapsedMs,
    proxy: {
      via,
      failure: {
        stage,
        hop: pe?.hop ?? 0,
        message: e.message,
        ...(pe?.reply !== undefined ? { reply: pe.reply } : {}),
        ...(pe?.statusLine !== undefined ? { statusLine: pe.statusLine } : {}),
      },
    },
  };
}
