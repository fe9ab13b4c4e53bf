import { tcpConnect } from '../tcp/connect';
import type { ResolveOptions } from '../resolve/resolve';
import { resolve } from '../resolve/resolve';
import { parsePort } from '../address/host-port';
import { NetProbeError, nowMs, roundMs } from '../errors';
import type { ProxyConfig } from '../proxy/types';
import type { CheckPortResult, PortOutcome } from './types';
import { checkPortViaProxy } from './check-port-via-proxy';
import { proxyForTarget } from '../proxy/no-proxy';

export type { CheckPortResult, PortOutcome } from './types';

export interface CheckPortOptions extends ResolveOptions {
  /** Test the port through this SOCKS proxy (the proxy connects to the target). */
  proxy?: ProxyConfig;
}

const MESSAGES: Record<PortOutcome, (host: string, port: number) => string> = {
  open: (h, p) => `${h}:${p} accepts TCP connections.`,
  refused: (h, p) => `Connection refused: nothing is listening on ${h}:${p} (the host answered with a reset).`,
  timeout: (h, p) => `No answer from ${h}:${p}: the host is down or unreachable, or a firewall drops the packets.`,
  unreachable: (h, p) => `There is no route to ${h}:${p} from this machine (network or host unreachable).`,
  'dns-error': h => `"${h}" could not be resolved to an address.`,
  error: (h, p) => `Connecting to ${h}:${p} failed with an operating-system error.`,
};

/**
 * TCP connect test: resolves `host` and tries every address (IPv4 and IPv6) in parallel. Never throws for
 * network outcomes (they are in the result); throws `invalid-input` for a bad port and `aborted` on cancel.
 */
export async function checkPort(host: string, port: number, opts: CheckPortOptions = {}): Promise<CheckPortResult> {
  const start = nowMs();
  parsePort(port);
  const proxy = proxyForTarget(opts.proxy, host, port);
  if (proxy) return checkPortViaProxy(host, port, proxy, opts);
  let addresses;
  try {
    ({ addresses } = await resolve(host, opts));
  } catch (e) {
    if (e instanceof NetProbeError && (e.code === 'dns-error' || e.code === 'timeout')) {
      return { host, port, open: false, outcome: 'dns-error', attempts: [], message: e.message, elapsedMs: roundMs(nowMs() - start) };
    }
    throw e;
  }
  const attempts = await Promise.all(addresses.map(a => tcpConnect(a.address, a.family, port, { ...opts, scopeId: a.scopeId })));
  if (attempts.some(a => a.outcome === 'aborted')) throw new NetProbeError('aborted', 'The port check was cancelled.');
  const first = attempts[0];
  const outcome: PortOutcome = attempts.some(a => a.outcome === 'open') ? 'open' : ((first?.outcome as PortOutcome | undefined) ?? 'error');
  let message = MESSAGES[outcome](host, port);
  if (outcome === 'error' && first?.errno) message += ` (${first.errno})`;
  return { host, port, open: outcome === 'open', outcome, attempts, message, elapsedMs: roundMs(nowMs() - start) };
}
