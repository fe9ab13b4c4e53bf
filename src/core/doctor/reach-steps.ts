import { formatHostPort } from '../address/host-port';
import { roundMs } from '../errors';
import type { Reach } from './reach';
import type { DoctorAddress, DoctorStep } from './types';
import { formatDuration } from '../text/units';

/** The resolve and connect steps of a reach, with each address tried and what the rest of the doctor needs. */
export interface ReachSteps {
  steps: DoctorStep[];
  addresses: DoctorAddress[];
  dnsMs: number;
  connectMs: number;
  /** The address connected to (direct). */
  used?: string;
  /** `direct` or the proxy chain. */
  via: string;
}

/** What reachSteps reads: a Reach, or a Diagnosis (Diagnose's JSON) with what it lacks left out. */
export type ReachLike = Pick<Reach, 'category' | 'summary' | 'advice' | 'resolve' | 'attempts' | 'elapsedMs' | 'proxy'> &
  Partial<Pick<Reach, 'source' | 'tried'>>;

/**
 * The resolve and connect steps of the connection doctor, in its words, from what {@link reach} found: the doctor
 * builds its report with them, and Diagnose's view shows the same steps. `proxyNote` says who resolves the name
 * when a proxy is used.
 */
export function reachSteps(host: string, port: number, r: ReachLike, proxyNote?: string): ReachSteps {
  const steps: DoctorStep[] = [];
  const step = (name: DoctorStep['name'], status: DoctorStep['status'], summary: string, advice: string, elapsedMs: number): void => {
    steps.push({ name, status, summary, advice, elapsedMs: roundMs(elapsedMs) });
  };
  if (r.proxy) {
    step('resolve', 'skipped', proxyNote ?? `Resolved through ${r.proxy.via}.`, '', 0);
    const connectMs = r.category === 'ok' ? (r.proxy.route?.stages.reduce((n, s) => n + s.elapsedMs, 0) ?? r.elapsedMs) : 0;
    if (r.category === 'ok')
      step('connect', 'ok', `Connected to ${formatHostPort(host, port)} through ${r.proxy.via} in ${formatDuration(roundMs(connectMs))}.`, '', connectMs);
    else step('connect', 'failed', r.summary, r.advice, r.elapsedMs);
    return { steps, addresses: [], dnsMs: 0, connectMs: roundMs(connectMs), via: r.proxy.via };
  }
  if (!r.resolve.ok) {
    step('resolve', 'failed', r.resolve.error ?? r.summary, r.advice, r.resolve.elapsedMs);
    return { steps, addresses: [], dnsMs: r.resolve.elapsedMs, connectMs: 0, via: 'direct' };
  }
  const resolved = r.resolve.addresses;
  const fams = new Set(resolved.map(a => a.family));
  const literal = r.source === 'literal' || (resolved.length === 1 && resolved[0]?.address === host);
  const only = fams.size === 1 && !literal ? ` (IPv${[...fams][0] ?? 4} only)` : '';
  step(
    'resolve',
    'ok',
    literal
      ? `${host} is an address: nothing to resolve.`
      : `"${host}" resolved to ${resolved.map(a => a.address).join(', ')}${only} in ${formatDuration(r.resolve.elapsedMs)}.`,
    '',
    r.resolve.elapsedMs,
  );
  const addresses: DoctorAddress[] = r.attempts.map((a, i) => ({
    ...(r.tried?.[i] ?? { address: a.address, family: a.family }),
    outcome: a.outcome,
    ...(a.errno ? { errno: a.errno } : {}),
    elapsedMs: a.elapsedMs,
    explanation: a.explanation,
    ...(a.localAddress ? { localAddress: a.localAddress } : {}),
    ...(a.localPort ? { localPort: a.localPort } : {}),
  }));
  const failed = addresses.filter(a => a.outcome !== 'open');
  const success = addresses.find(a => a.outcome === 'open');
  const elapsed = r.attempts.reduce((n, a) => n + a.elapsedMs, 0);
  const dnsMs = literal ? 0 : r.resolve.elapsedMs;
  if (!success) {
    step(
      'connect',
      'failed',
      `No address accepted the connection to port ${port}: ${failed.map(a => `${a.address} ${a.outcome}`).join(', ') || 'none to try'}.`,
      r.advice,
      elapsed,
    );
    return { steps, addresses, dnsMs, connectMs: 0, via: 'direct' };
  }
  const used = success.address;
  if (failed.length) {
    step(
      'connect',
      'warning',
      `Connected to ${used} in ${formatDuration(success.elapsedMs)}, but ${failed.map(a => `${a.address} ${a.outcome}`).join(', ')}.`,
      r.advice,
      elapsed,
    );
  } else {
    step(
      'connect',
      'ok',
      `${addresses.length === 1 ? used : `All ${addresses.length} addresses (${addresses.map(a => a.address).join(', ')})`} accepted the connection; using ${used} (${formatDuration(success.elapsedMs)}).`,
      '',
      elapsed,
    );
  }
  return { steps, addresses, dnsMs, connectMs: success.elapsedMs, used, via: 'direct' };
}
