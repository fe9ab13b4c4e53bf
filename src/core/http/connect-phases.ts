import { NetProbeError, errorMessage, nowMs, roundMs } from '../errors';
import { noProxyMatch } from '../proxy/no-proxy';
import type { ProxyConfig } from '../proxy/types';
import { formatProxyUrl } from '../proxy/url';
import type { DialOptions, Dialed } from '../route/dial';
import { dial } from '../route/dial';
import { DialFailure } from '../tcp/dial';
import type { TlsConnected, TlsOptions } from '../tls/connect';
import { startTls } from '../tls/connect';
import type { OperationOptions } from '../errors';
import { ConnectionFailure } from './failure';
import type { HttpTarget } from './target';
import type { ConnectionInfo } from './types';

function asNetProbeError(e: unknown): NetProbeError {
  return e instanceof NetProbeError ? e : new NetProbeError('os-error', errorMessage(e), undefined, { cause: e });
}

/** The route a dial took or would have taken: the proxy, or direct (saying which NO_PROXY entry bypassed it). */
function routeOf(target: HttpTarget, proxy: ProxyConfig | undefined): string {
  const bypass = proxy ? noProxyMatch(target.host, target.port, proxy.noProxy) : undefined;
  if (bypass !== undefined) return `direct (NO_PROXY "${bypass}")`;
  return proxy ? formatProxyUrl(proxy) : 'direct';
}

/** `dial()` for HTTP (1.1 and 2): a failure becomes a {@link ConnectionFailure} in the name lookup or connect phase. */
export async function dialPhase(target: HttpTarget, opts: DialOptions): Promise<Dialed> {
  const started = nowMs();
  try {
    return await dial(target.host, target.port, opts);
  } catch (e) {
    const err = asNetProbeError(e);
    const ms = roundMs(nowMs() - started);
    const dns = err.code === 'dns-error';
    const attempts = e instanceof DialFailure ? { attempts: e.attempts } : {};
    throw new ConnectionFailure(
      err,
      dns ? 'dns' : 'connect',
      { dns: dns ? ms : 0, connect: dns ? 0 : ms, tls: 0 },
      { via: routeOf(target, opts.proxy), ...attempts },
    );
  }
}

/** `startTls()` on a dialed socket: a failure becomes a {@link ConnectionFailure} in the TLS phase, with the chain when there is one. */
export async function tlsPhase(dialed: Dialed, info: ConnectionInfo, opts: TlsOptions & OperationOptions): Promise<TlsConnected> {
  const started = nowMs();
  try {
    return await startTls(dialed.socket, info.target.host, opts);
  } catch (e) {
    const times = { dns: dialed.dnsMs, connect: roundMs(dialed.connectMs), tls: roundMs(nowMs() - started) };
    throw new ConnectionFailure(asNetProbeError(e), 'tls', times, info);
  }
}
