import { formatHostPort } from '../address/host-port';

/** A connection as the dialer reports it: the target asked for, the socket's peer, and the route. */
export interface ConnectionEnds {
  host: string;
  port: number;
  remoteAddress: string;
  remotePort: number;
  /** `direct`, or the proxy (chain) URL with passwords redacted. */
  via: string;
}

/**
 * Where a connection really goes, in words: `host:port (address)` when direct; through a proxy the socket's peer
 * is the proxy, so `host:port via PROXY (the proxy at address:port)` — never the proxy's address as the target's.
 */
export function connectedTo(c: ConnectionEnds): string {
  const target = formatHostPort(c.host, c.port);
  if (c.via !== 'direct') return `${target} via ${c.via} (the proxy at ${formatHostPort(c.remoteAddress, c.remotePort)})`;
  return c.host === c.remoteAddress ? target : `${target} (${c.remoteAddress})`;
}
