import type { OperationOptions } from '../errors';
import { nowMs, roundMs } from '../errors';
import { ProxyError } from '../proxy/errors';
import type { ProxyConfig } from '../proxy/types';
import { formatProxyUrl } from '../proxy/url';
import { attemptViaProxy, resolvedText } from '../proxy/via-proxy';
import type { CheckPortResult, PortOutcome } from './types';

/** {@link checkPort} through a SOCKS proxy: the proxy's reply says whether the target accepted. */
export async function checkPortViaProxy(host: string, port: number, proxy: ProxyConfig, opts: OperationOptions & { family?: 4 | 6 }): Promise<CheckPortResult> {
  const start = nowMs();
  const via = formatProxyUrl(proxy);
  const r = await attemptViaProxy(host, port, proxy, opts);
  const elapsedMs = roundMs(nowMs() - start);
  if (r.ok) {
    const route = r.dialed.proxy;
    return {
      host,
      port,
      open: true,
      outcome: 'open',
      attempts: [],
      elapsedMs,
      via,
      ...(route ? { proxy: route } : {}),
      message: `${host}:${port} accepts TCP connections (through ${via}${resolvedText(route)}).`,
    };
  }
  const byCode: Partial<Record<string, PortOutcome>> = { refused: 'refused', timeout: 'timeout', unreachable: 'unreachable', 'dns-error': 'dns-error' };
  const stage = r.error instanceof ProxyError ? r.error.stage : undefined;
  const outcome: PortOutcome = stage === 'request' || stage === 'resolve' ? (byCode[r.error.code] ?? 'error') : 'error';
  // Show what ran: the stages completed before the failure, then the one that failed.
  const proxyFailure =
    r.error instanceof ProxyError ? { stage: r.error.stage, hop: r.error.hop, message: r.error.message, completed: r.error.completed } : undefined;
  return { host, port, open: false, outcome, attempts: [], elapsedMs, via, message: r.error.message, ...(proxyFailure ? { proxyFailure } : {}) };
}
