/** A SOCKS proxy to route TCP connections through. */
export interface ProxyConfig {
  /** `socks4`, `socks4a`, `socks5` (client resolves names) or `socks5h` (proxy resolves names). */
  protocol: 'socks4' | 'socks4a' | 'socks5' | 'socks5h';
  host: string;
  port: number;
  username?: string;
  password?: string;
}
