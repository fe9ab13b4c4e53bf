import type * as vscode from 'vscode';
import type { DoctorReport } from '../../core/doctor/types';
import { connectionDoctor, parseDoctorTarget } from '../../core/doctor/doctor';
import { problemOf } from '../../core/errors';
import { ask } from '../input';
import type { ResultSection, ResultView } from '../results/view-model';
import type { Services } from '../services';
import { registerCommand } from './command';
import { formatDuration } from '../../core/text/units';

function inputProblem(text: string): string | undefined {
  const problem = problemOf(() => parseDoctorTarget(text));
  return problem && `${problem} Enter a URL (https://host/path) or HOST:PORT.`;
}

const STATUS_MARK: Record<string, string> = { ok: '✔ ok', warning: '⚠ warning', failed: '✖ failed', skipped: '– skipped' };

/** The doctor's report as a results-panel view. */
export function doctorView(r: DoctorReport): ResultView {
  const sections: ResultSection[] = [
    { type: 'table', heading: 'Steps', columns: ['Step', 'Result', 'Time', 'What happened', 'Advice'],
      rows: r.steps.map(s => [s.name, STATUS_MARK[s.status] ?? s.status, s.status === 'skipped' ? '' : formatDuration(s.elapsedMs), s.summary, s.advice]) },
  ];
  if (r.addresses.length) {
    sections.push({ type: 'table', heading: 'Addresses (happy-eyeballs order)', columns: ['Address', 'Family', 'Connect', 'Time', 'Explanation'],
      rows: r.addresses.map(a => [a.address, `IPv${a.family}`, a.outcome + (a.errno && a.outcome !== 'open' ? ` (${a.errno})` : ''), formatDuration(a.elapsedMs), a.explanation]) });
  }
  const t = r.tlsDetails;
  if (t) {
    sections.push({ type: 'kv', heading: 'TLS', rows: [['Protocol', t.protocol], ['Cipher', t.cipher], ['ALPN', t.alpn || '(none)'], ['Verified', t.authorized ? 'yes' : `no — ${t.authorizationError ?? ''}`]] });
    t.chain.forEach((c, i) => sections.push({
      type: 'kv', heading: `${i === 0 ? 'Leaf' : c.selfSigned ? 'Root' : 'Intermediate'} certificate [${i}]`,
      rows: [['Subject', c.subject], ['SAN', c.subjectAltNames.join(', ')], ['Issuer', c.issuer], ['Valid until', c.validTo],
        ['Days left', c.daysLeft < 0 ? `expired ${-c.daysLeft} days ago` : String(c.daysLeft)], ['Key', `${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ''}`], ['SHA-256', c.fingerprintSha256]],
    }));
  }
  if (r.http) {
    sections.push({ type: 'kv', heading: 'HTTP', rows: [['Status', `HTTP/${r.http.httpVersion} ${r.http.statusCode} ${r.http.statusText}`], ...r.http.headers.slice(0, 20).map(([k, v]): [string, string] => [k, v])] });
  }
  sections.push({ type: 'kv', heading: 'Timing', rows: Object.entries(r.timings).map(([k, v]): [string, string] => [k, formatDuration(v)]) });
  return {
    id: `doctor-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, kind: 'doctor', title: `Connection doctor: ${r.input}`,
    summary: `${r.summary} ${r.verdict !== 'ok' ? `Advice: ${r.advice}` : ''}`.trim(),
    status: r.verdict === 'failed' ? 'error' : r.verdict, createdAt: Date.now(), elapsedMs: r.elapsedMs, sections, data: r,
    rerun: { command: 'netprobe.connectionDoctor', args: [r.input] },
  };
}

/** NetProbe: Connection Doctor… */
export function registerDoctorCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand<[string, { tls?: boolean; insecure?: boolean; proxy?: string }], DoctorReport>(services, 'netprobe.connectionDoctor', 'Connection doctor', async (inputArg, options = {}) => {
      const input = inputArg ?? await ask('URL or HOST:PORT to examine', 'https://localhost:8443/ or localhost:5432', inputProblem);
      if (!input) return undefined;
      const proxy = await services.proxies.forCommand(options.proxy);
      const caFile = services.settings.get('http.caFile');
      const insecure = options.insecure ?? services.settings.get('http.insecure');
      const r = await services.runWithProgress(`Examining ${input}`, signal => connectionDoctor(input, {
        timeout: services.timeout, signal, ...(options.tls !== undefined ? { tls: options.tls } : {}), ...(proxy ? { proxy } : {}),
        tlsOptions: { ...(insecure ? { insecure } : {}), ...(caFile ? { caFile } : {}) },
      }));
      services.show(doctorView(r));
      return r;
    }),
  ];
}
