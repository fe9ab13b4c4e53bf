import type { ConnectAttempt } from '../tcp/connect';
import { tcpConnect } from '../tcp/connect';
import type { ResolveOptions, ResolveResult } from '../resolve/resolve';
import { resolve } from '../resolve/resolve';
import { parsePort } from '../address/host-port';
import { NetProbeError, nowMs, roundMs } from '../errors';
import type { ProxyConfig } from '../proxy/types';
import { formatDuration } from '../text/units';
import type { DiagnosedAttempt, Diagnosis, DiagnosisCategory } from './diagnose-types';
import { diagnoseViaProxy } from './diagnose-via-proxy';

export type { DiagnosedAttempt, Diagnosis, DiagnosisCategory } from './diagnose-types';

export interface DiagnoseOptions extends ResolveOptions {
  /** Diagnose the connection through this SOCKS proxy. */
  proxy?: ProxyConfig;
}

const EXPLAIN: Record<Exclude<DiagnosisCategory, 'ok'>, { summary: string; advice: string }> = {
  'dns-error': {
    summary: 'The name could not be resolved (DNS error).',
    advice: 'Check the spelling, /etc/hosts, and that a nameserver is reachable (/etc/resolv.conf).',
  },
  refused: {
    summary: 'Connection refused: the host is up but no service is listening on that port.',
    advice: 'Start the service, or check the port number and that the service listens on this address (not only on 127.0.0.1).',
  },
  timeout: {
    summary: 'Timed out: no answer at all — the host is down or unreachable, or a firewall silently drops the packets.',
    advice: 'Check that the host is up, that firewalls (host and network) allow the port, and the route to it.',
  },
  'network-unreachable': {
    summary: 'Network unreachable: this machine has no route to that network.',
    advice: 'Check this machine\'s routes and default gateway (ip route), VPN, or whether IPv6 is configured.',
  },
  'host-unreachable': {
    summary: 'Host unreachable: the network is reachable but the host did not answer (ARP/neighbour discovery failed or a router said so).',
    advice: 'Check that the host is up and on the expected network; a router may be rejecting the traffic.',
  },
  proxy: {
    summary: 'The SOCKS proxy failed before the target was reached.',
    advice: 'Check the proxy URL (scheme socks4/socks4a/socks5/socks5h, host, port), that the proxy runs, and its credentials.',
  },
  'os-error': {
    summary: 'The operating system reported an error while connecting.',
    advice: 'See the error name; it often points to local configuration (address not available, too many open files).',
  },
};

function categorize(a: ConnectAttempt): DiagnosisCategory {
  if (a.outcome === 'open') return 'ok';
  if (a.outcome === 'refused') return 'refused';
  if (a.outcome === 'timeout') return 'timeout';
  if (a.errno === 'ENETUNREACH' || a.errno === 'ENETDOWN') return 'network-unreachable';
  if (a.errno === 'EHOSTUNREACH' || a.errno === 'EHOSTDOWN') return 'host-unreachable';
  return 'os-error';
}

function explain(category: DiagnosisCategory, a?: ConnectAttempt): string {
  if (category === 'ok') return `Connected from ${a?.localAddress ?? '?'}:${a?.localPort ?? '?'} in ${formatDuration(a?.elapsedMs ?? 0)}.`;
  const base = EXPLAIN[category].summary;
  return category === 'os-error' && a?.errno ? `${base} (${a.errno})` : base;
}

/**
 * Resolves `host`, tries each address in turn and names the failure in plain language with advice:
 * DNS error, refused (no service), timeout (down or filtered), network/host unreachable, other OS error.
 */
export async function diagnose(host: string, port: number, opts: DiagnoseOptions = {}): Promise<Diagnosis> {
  const start = nowMs();
  parsePort(port);
  if (opts.proxy) return diagnoseViaProxy(host, port, opts.proxy, opts);
  let resolved: ResolveResult;
  try {
    resolved = await resolve(host, opts);
  } catch (e) {
    if (!(e instanceof NetProbeError) || e.code === 'invalid-input' || e.code === 'aborted') throw e;
    return {
      host, port, category: 'dns-error', summary: `${EXPLAIN['dns-error'].summary} ${e.message}`, advice: EXPLAIN['dns-error'].advice,
      resolve: { ok: false, elapsedMs: roundMs(nowMs() - start), addresses: [], error: e.message }, attempts: [], elapsedMs: roundMs(nowMs() - start),
    };
  }
  const attempts: DiagnosedAttempt[] = [];
  for (const a of resolved.addresses) {
    const attempt = await tcpConnect(a.address, a.family, port, { ...opts, scopeId: a.scopeId });
    if (attempt.outcome === 'aborted') throw new NetProbeError('aborted', 'The diagnosis was cancelled.');
    const category = categorize(attempt);
    attempts.push({ ...attempt, category, explanation: explain(category, attempt) });
  }
  const success = attempts.find(a => a.category === 'ok');
  const decisive = success ?? attempts[0];
  const category = decisive?.category ?? 'os-error';
  const summary = success
    ? `${host}:${port} is reachable: ${success.address} accepted the connection in ${formatDuration(success.elapsedMs)}.`
    : explain(category, decisive);
  const advice = category === 'ok'
    ? attempts.length > 1 && attempts.some(a => a.category !== 'ok') ? 'Some addresses failed; clients that try them in order may be slow to connect.' : 'Nothing to fix.'
    : EXPLAIN[category].advice;
  return {
    host, port, category, summary, advice,
    resolve: { ok: true, elapsedMs: resolved.elapsedMs, addresses: resolved.addresses },
    attempts, elapsedMs: roundMs(nowMs() - start),
  };
}
