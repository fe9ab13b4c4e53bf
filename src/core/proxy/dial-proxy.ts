import type { OperationOptions } from '../errors';
import { NetProbeError } from '../errors';
import type { Dialed } from '../tcp/dial';
import type { ProxyConfig } from './types';

/** Connects to `host:port` through a SOCKS proxy. (Implemented by the SOCKS feature.) */
export function dialViaProxy(host: string, port: number, proxy: ProxyConfig, _opts: OperationOptions): Promise<Dialed> {
  return Promise.reject(new NetProbeError('proxy', `SOCKS proxies are not supported yet (${proxy.protocol}://${proxy.host}:${proxy.port} for ${host}:${port}).`));
}
