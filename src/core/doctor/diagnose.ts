import { parsePort } from '../address/host-port';
import type { ResolveOptions } from '../resolve/resolve';
import type { ProxyConfig } from '../proxy/types';
import type { Diagnosis } from './diagnose-types';
import { reach } from './reach';

export type { DiagnosedAttempt, Diagnosis, DiagnosisCategory } from './diagnose-types';

export interface DiagnoseOptions extends ResolveOptions {
  /** Diagnose the connection through this SOCKS proxy. */
  proxy?: ProxyConfig;
}

/**
 * Resolves `host`, tries each address (happy-eyeballs order) and names the failure in plain language with advice:
 * DNS error, refused (no service), timeout (down or filtered), network/host unreachable, proxy stage, other OS
 * error. The connection doctor's first two steps ({@link reach}, the same engine and words) without TLS and HTTP.
 */
export async function diagnose(host: string, port: number, opts: DiagnoseOptions = {}): Promise<Diagnosis> {
  parsePort(port);
  const r = await reach(host, port, opts);
  return {
    host,
    port,
    category: r.category,
    summary: r.summary,
    advice: r.advice,
    resolve: r.resolve,
    attempts: r.attempts,
    elapsedMs: r.elapsedMs,
    ...(r.proxy ? { proxy: r.proxy } : {}),
  };
}
