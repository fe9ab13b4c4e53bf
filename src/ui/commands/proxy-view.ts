import type { ProxyTestResult } from '../../core/proxy/test-proxy';
import type { ProxyStageTiming } from '../../core/proxy/types';
import { newView } from '../results/new-view';
import type { ResultSection, ResultView } from '../results/view-model';
import { formatHostPort } from '../../core/address/host-port';
import { formatDuration } from '../../core/text/units';

const ms = formatDuration;

/** A table of the stages of a proxied connection, for any feature's result view. */
export function proxyStagesSection(via: string, stages: ProxyStageTiming[], failure?: { stage: string; hop: number; message: string }): ResultSection {
  const rows = stages.map(s => [s.stage, String(s.hop + 1), 'ok', ms(s.elapsedMs), s.detail ?? '']);
  if (failure) rows.push([failure.stage, String(failure.hop + 1), 'FAILED', '', failure.message]);
  return { type: 'table', heading: `Through ${via}`, columns: ['Stage', 'Proxy', 'Result', 'Time', 'Detail'], rows };
}

/** What a proxy from the environment resolves to, for the test view. */
export interface EnvironmentNote {
  source: string;
  noProxy: string[];
  /** The NO_PROXY entry that sends the tested target direct (the test still went through the proxy). */
  bypass?: string;
}

/** The results-panel view of a proxy test: route, who resolves names, each stage with its time. */
export function proxyTestView(r: ProxyTestResult, profile?: string, environment?: EnvironmentNote): ResultView {
  const target = formatHostPort(r.target.host, r.target.port);
  const rows = r.stages.map(s => [s.stage, String(s.hop + 1), 'ok', ms(s.elapsedMs), s.detail ?? '']);
  if (r.failure) rows.push([r.failure.stage, String(r.failure.hop + 1), 'FAILED', '', r.failure.message]);
  return newView({
    kind: 'proxyTest',
    title: `Proxy test ${profile ?? r.proxy} → ${target}`,
    status: r.ok ? 'ok' : 'error',
    elapsedMs: r.elapsedMs,
    summary: r.ok ? `Connected to ${target} through the proxy in ${formatDuration(r.elapsedMs)}.` : (r.failure?.message ?? 'The proxy test failed.'),
    sections: [
      {
        type: 'kv',
        heading: 'Route',
        rows: [
          ...(profile ? [['Profile', profile] as [string, string]] : []),
          ['Proxy', r.proxy],
          ['Target', target],
          ['Name resolution', r.resolution],
          ...(environment
            ? [
                ['From', environment.source] as [string, string],
                ['NO_PROXY', environment.noProxy.length ? environment.noProxy.join(', ') : '(none)'] as [string, string],
                [
                  'This target',
                  environment.bypass !== undefined
                    ? `direct when used (NO_PROXY "${environment.bypass}"); tested through the proxy anyway`
                    : 'through the proxy',
                ] as [string, string],
              ]
            : []),
          ...(r.failure?.statusLine ? [['Proxy answered', r.failure.statusLine] as [string, string]] : []),
          ...(r.bound ? [['Bound address', `${r.bound.host}:${r.bound.port}`] as [string, string]] : []),
        ],
      },
      { type: 'table', heading: 'Stages', columns: ['Stage', 'Proxy', 'Result', 'Time', 'Detail'], rows },
    ],
    data: r,
    ...(profile || !r.proxy.includes(':****@') ? { rerun: { command: 'netprobe.testProxy', args: [profile ?? r.proxy, target] } } : {}),
  });
}
