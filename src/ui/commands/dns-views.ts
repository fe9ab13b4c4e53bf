import type { ZoneTransferResult } from '../../core/dns/axfr';
import type { BatchResult } from '../../core/dns/batch';
import type { ResolverComparison, ResolverView } from '../../core/dns/compare';
import { ADDRESSES } from '../../core/dns/compare';
import type { DnsRecord, DnsResponse } from '../../core/dns/types';
import { newView } from '../results/new-view';
import type { ResultSection, ResultView } from '../results/view-model';
import { formatByteCount, formatBytes, formatCount, formatDuration } from '../../core/text/units';
import type { DnsPanelState } from '../webviews/dns/protocol';
import { zoneSummary } from '../webviews/zone/listing';

const COLUMNS = ['Name', 'TTL', 'Class', 'Type', 'Data'];
const MAX_ROWS = 20000;
/** The most text of inputs a batch's re-run keeps (History's budget holds it). */
const BATCH_RERUN_CHARS = 16 * 1024;

function rows(list: DnsRecord[]): string[][] {
  return list.slice(0, MAX_ROWS).map(r => [r.name, String(r.ttl), r.class, r.type, r.data]);
}

/** Arguments that re-run a lookup: name, type, server, options. */
export type DnsLookupArgs = [string, string, string, Record<string, unknown>];

/** A lookup as the log keeps it (sections) and the DNS panel shows it, now and from History (`state`). */
export function dnsLookupView(r: DnsResponse, args: DnsLookupArgs, state?: DnsPanelState): ResultView {
  const [name, type, server] = args;
  const ok = r.rcode === 'NOERROR';
  const sections: ResultSection[] = [
    {
      type: 'kv',
      heading: 'Header',
      rows: [
        ['Status', r.rcode],
        ['Flags', r.flags.join(' ')],
        ['Server', `${r.server.address}#${r.server.port} (${server})`],
        ['Transport', `${r.transport.toUpperCase()}${r.retriedOverTcp ? ' (UDP answer truncated, retried)' : ''}`],
        ['Size', formatByteCount(r.sizeBytes)],
        ['Id', String(r.id)],
      ],
    },
    { type: 'table', heading: `Answer (${r.answers.length})`, columns: COLUMNS, rows: rows(r.answers) },
  ];
  if (r.authority.length) sections.push({ type: 'table', heading: `Authority (${r.authority.length})`, columns: COLUMNS, rows: rows(r.authority) });
  if (r.additional.length) sections.push({ type: 'table', heading: `Additional (${r.additional.length})`, columns: COLUMNS, rows: rows(r.additional) });
  if (r.edns?.options.length) sections.push({ type: 'kv', heading: 'EDNS options', rows: r.edns.options.map(o => [o.name, o.value]) });
  return newView({
    kind: 'dns',
    title: `DNS ${name} ${type}`,
    status: ok ? (r.answers.length ? 'ok' : 'warning') : 'error',
    elapsedMs: r.rttMs,
    summary: ok
      ? r.answers.length
        ? `${formatCount(r.answers.length, 'record')} from ${r.server.address}#${r.server.port}.`
        : `No ${type} records (NODATA).`
      : `${r.rcode} from ${r.server.address}#${r.server.port}.`,
    sections,
    data: r,
    rerun: { command: 'netprobe.dnsLookup', args },
    ...(state ? { model: { panel: 'dns' as const, state } } : {}),
  });
}

/**
 * A zone transfer: the log keeps its summary, the zone panel shows every record (History: a sample of them).
 * `proxy` is the proxy argument the transfer was given (its re-run passes it again).
 */
export function zoneTransferView(r: ZoneTransferResult, proxy?: string): ResultView {
  const summary = zoneSummary(r);
  return newView({
    kind: 'axfr',
    title: `Zone transfer ${r.zone}`,
    status: 'ok',
    elapsedMs: r.elapsedMs,
    summary: `${formatCount(r.recordCount, 'record')} in ${formatCount(r.messages, 'message')}, ${formatBytes(r.sizeBytes)}, from ${r.server.address}#${r.server.port}.`,
    sections: [
      {
        type: 'kv',
        rows: [
          ['Zone', r.zone],
          ['Serial', r.serial === undefined ? '—' : String(r.serial)],
          ['Records', String(r.recordCount)],
          ['Server', r.server.spec],
        ],
      },
      { type: 'kv', heading: 'Records by type', rows: summary.types.map(([t, n]): [string, string] => [t, String(n)]) },
    ],
    data: undefined,
    model: { panel: 'zone', state: { id: `axfr-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, summary, records: r.records } },
    rerun: { command: 'netprobe.zoneTransfer', args: proxy === undefined ? [r.zone, r.server.spec] : [r.zone, r.server.spec, proxy] },
  });
}

/** A resolver comparison; addresses some resolvers lack are marked with ≠. */
export function compareView(c: ResolverComparison, server: string | undefined, resolvers?: string[]): ResultView {
  const mark = (a: string): string => (c.differences.includes(a) ? `≠ ${a}` : a);
  const what = c.type === ADDRESSES ? 'addresses (A and AAAA)' : `${c.type} records`;
  const label = (v: ResolverView): string => `${v.label}${v.system ? ' — the system resolver' : ''}`;
  const system = c.views.filter(v => v.system).map(v => v.label);
  const verdict = c.agree ? 'All resolvers agree.' : c.differences.length ? `They disagree on ${c.differences.join(', ')}.` : 'A resolver failed.';
  return newView({
    kind: 'dnsCompare',
    title: `Compare resolvers for ${c.name} (${c.type === ADDRESSES ? 'A/AAAA' : c.type})`,
    status: c.agree ? 'ok' : 'warning',
    summary: `${verdict} Compared ${what} from ${c.views.length} resolver${c.views.length === 1 ? '' : 's'}${system.length ? `, the system's own among them (${system.join('; ')})` : ", none of them the system's own"}.`,
    sections: [
      {
        type: 'table',
        heading: 'Resolvers',
        columns: ['Resolver', c.type === ADDRESSES ? 'Addresses' : `${c.type} records`, 'CNAMEs', 'Status', 'Time'],
        rows: c.views.map(v => [label(v), v.addresses.map(mark).join('\n') || '—', v.cnames.join('\n'), v.error ?? v.rcode ?? 'ok', formatDuration(v.rttMs)]),
      },
      {
        type: 'kv',
        heading: 'Differences',
        rows: c.differences.length
          ? c.differences.map(a => [
              a,
              c.views
                .filter(v => v.addresses.includes(a))
                .map(v => v.label)
                .join(', '),
            ])
          : [['—', 'none']],
      },
      ...(c.notes.length ? [{ type: 'text' as const, heading: 'Notes', text: c.notes.join('\n') }] : []),
    ],
    data: c,
    rerun: { command: 'netprobe.compareResolvers', args: [c.name, server, { type: c.type, ...(resolvers ? { resolvers } : {}) }] },
  });
}

/** A batch resolution. */
export function batchView(r: BatchResult): ResultView {
  const inputs = r.items.map(i => i.input).join('\n');
  const failed = r.items.filter(i => i.status === 'error').length;
  return newView({
    kind: 'dnsBatch',
    title: `Resolve ${r.items.length} names and addresses`,
    status: failed ? 'warning' : 'ok',
    elapsedMs: r.elapsedMs,
    summary: `${r.items.filter(i => i.status === 'ok').length} resolved, ${r.items.filter(i => i.status === 'nxdomain' || i.status === 'nodata').length} without records, ${failed} failed; ${r.queries} queries at ${r.qps}/s via ${r.server}.`,
    sections: [
      {
        type: 'table',
        heading: 'Results',
        columns: ['Input', 'Lookup', 'Status', 'Result'],
        rows: r.items.slice(0, MAX_ROWS).map(i => [i.input, i.kind === 'reverse' ? 'PTR' : 'address', i.status, i.values.join(', ') || (i.detail ?? '')]),
      },
    ],
    data: r,
    // Re-run resolves the same inputs again (a selection too large to keep is not kept: select it again).
    ...(inputs.length <= BATCH_RERUN_CHARS ? { rerun: { command: 'netprobe.resolveSelection', args: r.server ? [inputs, r.server] : [inputs] } } : {}),
  });
}
