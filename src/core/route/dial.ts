import { dialViaProxy } from '../proxy/dial-proxy';
import { noProxyMatch } from '../proxy/no-proxy';
import type { ProxyConfig, ProxyRoute } from '../proxy/types';
import type { DirectDialOptions, DirectDialed } from '../tcp/dial';
import { dialDirect } from '../tcp/dial';

export interface DialOptions extends DirectDialOptions {
  /** Route through a SOCKS proxy (chain) instead of connecting directly. */
  proxy?: ProxyConfig;
}

/** An open TCP connection with how it was made. The caller owns and must close `socket`. */
export interface Dialed extends DirectDialed {
  /** How the proxy (chain) was traversed: stages with timings, who resolved the name. Absent when direct. */
  proxy?: ProxyRoute;
}

/**
 * Opens a TCP connection to `host:port`, directly ({@link dialDirect}: getaddrinfo order, each address in
 * turn) or through `opts.proxy` ({@link dialViaProxy}) unless its `noProxy` list names the target (then direct,
 * `via` saying which entry). The one place that chooses: every TCP feature dials
 * through here, so proxies apply everywhere. Throws NetProbeError (`refused`, `timeout`, `unreachable`,
 * `dns-error`, `proxy`, …).
 */
export function dial(host: string, port: number, opts: DialOptions = {}): Promise<Dialed> {
  // Not async: the direct path (every benchmark's) returns dialDirect's promise without an extra turn.
  if (!opts.proxy) return dialDirect(host, port, opts);
  const bypass = noProxyMatch(host, port, opts.proxy.noProxy);
  if (bypass === undefined) {
    // The first bytes are the destination's: they never go to the proxy.
    const { onConnect: _onConnect, ...viaProxy } = opts;
    return dialViaProxy(host, port, opts.proxy, viaProxy);
  }
  return dialDirect(host, port, opts).then(direct => ({ ...direct, via: `direct (NO_PROXY "${bypass}")` }));
}
