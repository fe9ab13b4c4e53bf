import type { TlsOptions } from '../tls/connect';

/** SOCKS flavours: `socks4`/`socks5` resolve names on the client, `socks4a`/`socks5h` let the proxy resolve them. */
export type SocksProtocol = 'socks4' | 'socks4a' | 'socks5' | 'socks5h';

/** HTTP proxies spoken to with `CONNECT host:port` (the proxy resolves names): in plain text, or over TLS for `https`. */
export type HttpProxyProtocol = 'http' | 'https';

/** Every proxy scheme NetProbe speaks. */
export type ProxyProtocol = SocksProtocol | HttpProxyProtocol;

/** How to verify an `https://` proxy's certificate (by default as any TLS server: the system CAs, its host name). */
export type ProxyTlsOptions = Pick<TlsOptions, 'caFile' | 'ca' | 'insecure' | 'servername' | 'clientCert'>;

/** One proxy. */
export interface ProxyHop {
  /**
   * `socks4`, `socks4a`, `socks5` (client resolves names), `socks5h` (proxy resolves names), or `http`/`https`
   * (HTTP CONNECT, the proxy resolves names; `https` speaks TLS to the proxy).
   */
  protocol: ProxyProtocol;
  host: string;
  port: number;
  /** SOCKS5 user name, SOCKS4 user id, or the HTTP Basic user name. */
  username?: string;
  password?: string;
  /** TLS to an `https://` proxy (ignored for other schemes). */
  tls?: ProxyTlsOptions;
}

/** A proxy to route TCP connections through, optionally followed by more proxies (a chain). */
export interface ProxyConfig extends ProxyHop {
  /** Further proxies, in order: this proxy connects to the first, which connects to the next, …, the last to the target. */
  chain?: ProxyHop[];
  /**
   * Targets reached directly, as `NO_PROXY` writes them: `*`, domains (`example.com` and `.example.com` match it and
   * its subdomains), addresses, networks (`10.0.0.0/8`), each optionally `:PORT`. Set for a proxy from the environment.
   */
  noProxy?: string[];
}

/** The steps of a proxied connection, in order. */
export type ProxyStage =
  /** Resolving the target name on this machine (`socks4`, `socks5`). */
  | 'resolve'
  /** TCP connection to the (first) proxy. */
  | 'proxy-connect'
  /** SOCKS5 greeting: agreeing on an authentication method. */
  | 'greeting'
  /** TLS handshake with an `https://` proxy. */
  | 'proxy-tls'
  /** SOCKS5 username/password authentication; for HTTP proxies, a `407` answer to the CONNECT request. */
  | 'auth'
  /** CONNECT request (SOCKS or HTTP): the proxy connects to the next hop or the target. */
  | 'request';

/** Who turns the target name into an address. */
export type NameResolver = 'client' | 'proxy' | 'none';

/** One completed step with its duration. */
export interface ProxyStageTiming {
  stage: ProxyStage;
  /** 0-based index of the proxy in the chain this step talked to. */
  hop: number;
  elapsedMs: number;
  /** What happened, e.g. `method username/password`, `granted, bound 127.0.0.1:40122`. */
  detail?: string;
}

/** How a proxied connection was made (attached to `Dialed.proxy`). */
export interface ProxyRoute {
  /** The chain as URLs with passwords redacted. */
  urls: string[];
  /** Who resolved the target host name (`none` for an IP literal target). */
  resolvedBy: NameResolver;
  /** The address or name sent to the last proxy. */
  requested: { host: string; port: number };
  /** Address the last proxy reports it connected from (SOCKS5 BND.ADDR), when given. */
  bound?: { host: string; port: number };
  stages: ProxyStageTiming[];
}
