import type { ProxyRoute } from '../proxy/types';
import type { ConnectAttempt } from '../tcp/connect';

/** Overall answer of {@link checkPort}. */
export type PortOutcome = 'open' | 'refused' | 'timeout' | 'unreachable' | 'dns-error' | 'error';

export interface CheckPortResult {
  host: string;
  port: number;
  open: boolean;
  /** `open` when any address accepted; otherwise the outcome of the first address tried. */
  outcome: PortOutcome;
  /** Every address tried, in resolution order. */
  attempts: ConnectAttempt[];
  /** Plain-language explanation of the outcome. */
  message: string;
  elapsedMs: number;
  /** The proxy (chain) used, passwords redacted; absent when direct. */
  via?: string;
  /** Stages and name resolution of the proxied connection. */
  proxy?: ProxyRoute;
}
