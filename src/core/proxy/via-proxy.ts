import type { OperationOptions } from '../errors';
import { NetProbeError } from '../errors';
import type { ProxyDialed } from './dial-proxy';
import { dialViaProxy } from './dial-proxy';
import type { ProxyConfig, ProxyRoute } from './types';

/** A proxied connect that either got through (the socket already closed) or failed with a network error. */
export type ProxyAttempt = { ok: true; dialed: ProxyDialed } | { ok: false; error: NetProbeError };

/**
 * Connects to `host:port` through `proxy` and closes at once: the probe behind port checks and diagnoses
 * through a proxy. Network failures are returned; `aborted` and `invalid-input` are thrown.
 */
export async function attemptViaProxy(host: string, port: number, proxy: ProxyConfig, opts: OperationOptions & { family?: 4 | 6 }): Promise<ProxyAttempt> {
  try {
    const dialed = await dialViaProxy(host, port, proxy, opts);
    dialed.socket.destroy();
    return { ok: true, dialed };
  } catch (e) {
    if (!(e instanceof NetProbeError) || e.code === 'aborted' || e.code === 'invalid-input') throw e;
    return { ok: false, error: e };
  }
}

/** `; the proxy resolved the name` / `; this machine resolved it to …`, or nothing for an address. */
export function resolvedText(route: ProxyRoute | undefined): string {
  if (!route || route.resolvedBy === 'none') return '';
  return route.resolvedBy === 'proxy' ? '; the proxy resolved the name' : `; this machine resolved it to ${route.requested.host}`;
}
