import { formatHostPort } from '../../core/address/host-port';
import type { Diagnosis } from '../../core/doctor/diagnose-types';
import { reachSteps } from '../../core/doctor/reach-steps';
import type { DoctorAddress, DoctorReport, DoctorStep } from '../../core/doctor/types';
import { formatCount, formatDuration } from '../../core/text/units';
import { newView } from '../results/new-view';
import type { ResultSection, ResultView } from '../results/view-model';
import { proxyStagesSection } from './proxy-view';

const STATUS_MARK: Record<string, string> = { ok: '✔ ok', warning: '⚠ warning', failed: '✖ failed', skipped: '– skipped' };

function stepsSection(steps: readonly DoctorStep[]): ResultSection {
  return {
    type: 'table',
    heading: 'Steps',
    columns: ['Step', 'Result', 'Time', 'What happened', 'Advice'],
    rows: steps.map(s => [s.name, STATUS_MARK[s.status] ?? s.status, s.status === 'skipped' ? '' : formatDuration(s.elapsedMs), s.summary, s.advice]),
  };
}

function addressesSection(addresses: readonly DoctorAddress[]): ResultSection[] {
  if (!addresses.length) return [];
  return [
    {
      type: 'table',
      heading: 'Addresses (happy-eyeballs order)',
      columns: ['Address', 'Family', 'Connect', 'Time', 'Explanation'],
      rows: addresses.map(a => [
        a.address,
        `IPv${a.family}`,
        a.outcome + (a.errno && a.outcome !== 'open' ? ` (${a.errno})` : ''),
        formatDuration(a.elapsedMs),
        a.explanation,
      ]),
    },
  ];
}

function proxySection(proxy: Diagnosis['proxy']): ResultSection[] {
  return proxy ? [proxyStagesSection(proxy.via, proxy.route?.stages ?? [], proxy.failure)] : [];
}

/** The connection doctor's report: steps, addresses, proxy stages, TLS, HTTP and timings. */
export function doctorView(r: DoctorReport): ResultView {
  const sections: ResultSection[] = [stepsSection(r.steps), ...addressesSection(r.addresses), ...proxySection(r.proxy)];
  const t = r.tlsDetails;
  if (t) {
    sections.push({
      type: 'kv',
      heading: 'TLS',
      rows: [
        ['Protocol', t.protocol],
        ['Cipher', t.cipher],
        ['ALPN', t.alpn || '(none)'],
        ['Verified', t.authorized ? 'yes' : `no — ${t.authorizationError ?? ''}`],
      ],
    });
    // One table per certificate: a chain as one wide table runs off narrow views (issue 16 rule 7).
    t.chain.forEach((c, i) =>
      sections.push({
        type: 'kv',
        heading: `${i === 0 ? 'Leaf' : c.selfSigned ? 'Root' : 'Intermediate'} certificate [${i}]`,
        rows: [
          ['Subject', c.subject],
          ['SAN', c.subjectAltNames.join(', ')],
          ['Issuer', c.issuer],
          ['Valid until', c.validTo],
          ['Days left', c.daysLeft < 0 ? `expired ${formatCount(-c.daysLeft, 'day')} ago` : String(c.daysLeft)],
          ['Key', `${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ''}`],
          ['SHA-256', c.fingerprintSha256],
        ],
      }),
    );
  }
  if (r.http) {
    sections.push({
      type: 'kv',
      heading: 'HTTP',
      rows: [
        ['Status', `HTTP/${r.http.httpVersion} ${r.http.statusCode} ${r.http.statusText}`],
        ...r.http.headers.slice(0, 20).map(([k, v]): [string, string] => [k, v]),
      ],
    });
  }
  sections.push({ type: 'kv', heading: 'Timing', rows: Object.entries(r.timings).map(([k, v]): [string, string] => [k, formatDuration(v)]) });
  return newView({
    kind: 'doctor',
    title: `Connection doctor: ${r.input}`,
    summary: `${r.summary} ${r.verdict !== 'ok' ? `Advice: ${r.advice}` : ''}`.trim(),
    status: r.verdict === 'failed' ? 'error' : r.verdict,
    elapsedMs: r.elapsedMs,
    sections,
    data: r,
    rerun: { command: 'netprobe.connectionDoctor', args: [r.input] },
  });
}

/**
 * Diagnose's result in the doctor's layout and words: the resolve and connect steps (core's reachSteps), each
 * address, the proxy's stages. Its data stays the Diagnosis (`netprobe.diagnose`'s JSON) and its re-run the same
 * command and arguments.
 */
export function diagnoseView(d: Diagnosis): ResultView {
  const where = formatHostPort(d.host, d.port);
  const rs = reachSteps(d.host, d.port, d);
  const status = d.category !== 'ok' ? 'error' : rs.steps.some(s => s.status === 'warning') ? 'warning' : 'ok';
  return newView({
    kind: 'diagnose',
    title: `Connection doctor: ${where}`,
    summary: `${d.summary}${d.category !== 'ok' || status === 'warning' ? ` Advice: ${d.advice}` : ''}`,
    status,
    elapsedMs: d.elapsedMs,
    sections: [
      stepsSection(rs.steps),
      ...addressesSection(rs.addresses),
      ...proxySection(d.proxy),
      {
        type: 'kv',
        heading: 'Verdict',
        rows: [
          ['Category', d.category],
          ['Advice', d.advice],
        ],
      },
    ],
    data: d,
    rerun: { command: 'netprobe.diagnose', args: [d.host, d.port] },
  });
}
