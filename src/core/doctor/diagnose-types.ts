import type { ProxyRoute, ProxyStage } from '../proxy/types';
import type { ResolveResult } from '../resolve/resolve';
import type { ConnectAttempt } from '../tcp/connect';

/** The failure categories a diagnosis names. */
export type DiagnosisCategory = 'ok' | 'dns-error' | 'refused' | 'timeout' | 'network-unreachable' | 'host-unreachable' | 'os-error' | 'proxy';

/** One address's connection attempt with its own verdict. */
export interface DiagnosedAttempt extends ConnectAttempt {
  category: DiagnosisCategory;
  explanation: string;
}

export interface Diagnosis {
  host: string;
  port: number;
  category: DiagnosisCategory;
  /** One sentence: what happened. */
  summary: string;
  /** What a person can do about it. */
  advice: string;
  resolve: { ok: boolean; elapsedMs: number; addresses: ResolveResult['addresses']; error?: string };
  attempts: DiagnosedAttempt[];
  elapsedMs: number;
  /**
   * Set when the connection went through a proxy: the route on success, the failing stage otherwise (`reply`: the
   * SOCKS reply code or HTTP status; `statusLine`: an HTTP proxy's status line, quoted and escaped).
   */
  proxy?: { via: string; route?: ProxyRoute; failure?: { stage: ProxyStage; hop: number; reply?: number; statusLine?: string; message: string } };
}
