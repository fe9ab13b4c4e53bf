import type { DnsQueryOptions } from './types';

/**
 * Whether a query goes over TCP from the start: when asked (`tcp`), and always through a proxy (a SOCKS
 * proxy carries TCP only; nothing may leave around it). Otherwise UDP, with TCP after a truncated answer.
 */
export function queryUsesTcp(opts: Pick<DnsQueryOptions, 'tcp' | 'proxy'>): boolean {
  return opts.tcp === true || opts.proxy !== undefined;
}
