// What History keeps of a result, within its size budget. Pure (no vscode): unit-tested in test/unit/history.
import type { ResultModel } from '../results/result-model';
import type { ResultSection, ResultView } from '../results/view-model';
import { historyHttpView } from './http-kept';

/** Most bytes (JSON) one History entry takes. */
export const HISTORY_ENTRY_BYTES = 64 * 1024;
/** Most bytes (JSON) every History entry together takes; the oldest go first. */
export const HISTORY_TOTAL_BYTES = 2 * 1024 * 1024;
/** Records of a zone transfer History keeps at most (the panel says how many of how many). */
export const HISTORY_ZONE_RECORDS = 200;

/** The size of a value as History stores it (UTF-8 JSON). */
export function jsonBytes(v: unknown): number {
  return Buffer.byteLength(JSON.stringify(v) ?? '', 'utf8');
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The largest `n` in [0, max] for which `fits(n)` holds (fits is monotone: true up to some n). */
function largest(max: number, fits: (n: number) => boolean): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A view with its model replaced and what was left out added to `partial`. */
function withModel(view: ResultView, model: ResultModel, notes: string[]): ResultView {
  const partial = [view.partial, ...notes.filter(n => !view.partial?.includes(n))].filter(Boolean).join(' ');
  return { ...view, model, ...(partial ? { partial } : {}) };
}

function keepDns(view: ResultView, model: Extract<ResultModel, { panel: 'dns' }>, limit: number): ResultView {
  let state = model.state;
  const notes: string[] = [];
  const size = (s: typeof state): number => jsonBytes(withModel(view, { panel: 'dns', state: s }, notes));
  if (size(state) <= limit) return withModel(view, { panel: 'dns', state }, notes);
  state = { ...state, response: { ...state.response, rawHex: '' } };
  notes.push('The raw message bytes were not kept.');
  if (size(state) <= limit) return withModel(view, { panel: 'dns', state }, notes);
  const r = state.response;
  const total = r.answers.length + r.authority.length + r.additional.length;
  const cut = (n: number): typeof state => {
    const answers = r.answers.slice(0, n);
    const authority = r.authority.slice(0, Math.max(0, n - answers.length));
    const additional = r.additional.slice(0, Math.max(0, n - answers.length - authority.length));
    return { ...state, text: '', response: { ...r, answers, authority, additional } };
  };
  const n = largest(total, k => size(cut(k)) <= limit);
  notes.push(`${plural(n, 'record')} of ${plural(total, 'record')} were kept (and not the dig text).`);
  return withModel(view, { panel: 'dns', state: cut(n) }, notes);
}

function keepZone(view: ResultView, model: Extract<ResultModel, { panel: 'zone' }>, limit: number): ResultView {
  const { records, summary } = model.state;
  const at = (n: number): ResultView => {
    const kept = records.slice(0, n);
    const notes =
      kept.length < summary.recordCount
        ? [
            `History keeps ${plural(kept.length, 'record')} of ${plural(summary.recordCount, 'record')} (the first in transfer order); Re-run for the whole zone.`,
          ]
        : [];
    return withModel(view, { panel: 'zone', state: { ...model.state, records: kept } }, notes);
  };
  const max = Math.min(records.length, HISTORY_ZONE_RECORDS);
  return at(largest(max, n => jsonBytes(at(n)) <= limit));
}

function keepScan(view: ResultView, model: Extract<ResultModel, { panel: 'scan' }>, limit: number): ResultView {
  const s = model.state;
  const { progress: _progress, ...rest } = s;
  const shown = s.rows.filter(r => r.state !== 'closed');
  const closed = s.rows.filter(r => r.state === 'closed');
  const ordered = [...shown, ...closed];
  const at = (n: number, banners: boolean): ResultView => {
    const rows = ordered.slice(0, n).map(r => (banners || !r.banner ? r : { ...r, banner: { ...r.banner, hex: '' } }));
    const notes: string[] = [];
    if (!banners && ordered.some(r => r.banner)) notes.push('Banner bytes (hex) were not kept.');
    if (n < ordered.length)
      notes.push(
        `History keeps ${plural(n, 'row')} of ${plural(ordered.length, 'row')}${n < shown.length ? '' : ' (every port that was not closed)'}; Re-run for the rest.`,
      );
    return withModel(view, { panel: 'scan', state: { ...rest, rows } }, notes);
  };
  if (jsonBytes(at(ordered.length, true)) <= limit) return at(ordered.length, true);
  if (jsonBytes(at(ordered.length, false)) <= limit) return at(ordered.length, false);
  return at(
    largest(ordered.length, n => jsonBytes(at(n, false)) <= limit),
    false,
  );
}

function keepHttp(view: ResultView, model: Extract<ResultModel, { panel: 'http' }>, limit: number): ResultView {
  const kept = historyHttpView(model.view);
  const notes = ['Bodies and wire bytes are not kept in History (credentials are redacted); Re-run to see them.'];
  const full = withModel(view, { panel: 'http', view: kept }, notes);
  if (jsonBytes(full) <= limit) return full;
  const exchanges = kept.exchanges;
  const at = (n: number): ResultView =>
    withModel(view, { panel: 'http', view: { ...kept, exchanges: exchanges.slice(-n) } }, [
      ...notes,
      `History keeps the last ${plural(n, 'exchange')} of ${plural(exchanges.length, 'exchange')}.`,
    ]);
  return at(
    Math.max(
      0,
      largest(exchanges.length, n => jsonBytes(at(n)) <= limit),
    ),
  );
}

/** A section with its rows (or text) cut to `share` of them. */
function cutSection(s: ResultSection, share: number): ResultSection {
  if (s.type === 'text') return { ...s, text: s.text.slice(0, Math.floor(s.text.length * share)) };
  const n = Math.floor(s.rows.length * share);
  return s.type === 'kv' ? { ...s, rows: s.rows.slice(0, n) } : { ...s, rows: s.rows.slice(0, n) };
}

function countRows(sections: readonly ResultSection[]): number {
  return sections.reduce((n, s) => n + (s.type === 'text' ? 0 : s.rows.length), 0);
}

/** A results-panel view: its raw JSON goes first, then its tables' rows (each cut by the same share). */
function keepSections(view: ResultView, limit: number): ResultView {
  const noData: ResultView = { ...view, data: undefined, partial: [view.partial, 'The raw result (Copy as JSON) was not kept.'].filter(Boolean).join(' ') };
  if (jsonBytes(noData) <= limit) return noData;
  const rows = countRows(view.sections);
  const at = (permille: number): ResultView => {
    const sections = view.sections.map(s => cutSection(s, permille / 1000));
    const keptRows = countRows(sections);
    return {
      ...noData,
      sections,
      partial: `${noData.partial ?? ''} History keeps ${plural(keptRows, 'row')} of ${plural(rows, 'row')}; Re-run for the rest.`.trim(),
    };
  };
  const best = at(largest(1000, p => jsonBytes(at(p)) <= limit));
  return jsonBytes(best) <= limit ? best : summaryOnly(view, limit);
}

/** The last resort: title, summary and re-run (unless the re-run's arguments alone are too large to keep). */
function summaryOnly(view: ResultView, limit: number): ResultView {
  const { model: _model, rerun, ...rest } = view;
  const keepRerun = rerun !== undefined && jsonBytes(rerun) <= limit / 2;
  return {
    ...rest,
    title: view.title.slice(0, 500),
    summary: view.summary.slice(0, 2000),
    sections: [],
    data: undefined,
    partial: keepRerun ? 'History keeps only the summary of this result; Re-run for the rest.' : 'History keeps only the summary of this result.',
    ...(keepRerun ? { rerun } : {}),
  };
}

/**
 * What History keeps of `view`: at most `limit` bytes of JSON. A feature's model is cut its own way (DNS: raw
 * bytes, then records; zone transfer: a sample of records; scan: closed rows, then banner bytes, then rows; HTTP:
 * never bodies or wire bytes, credentials redacted), a results-panel view loses its raw JSON then rows, and
 * whatever still does not fit keeps only its summary. `partial` says what was left out.
 */
export function keptForm(view: ResultView, limit = HISTORY_ENTRY_BYTES): ResultView {
  const m = view.model;
  // A feature with a model renders from it: the results-panel sections and raw data would only repeat it.
  const base: ResultView = m ? { ...view, sections: [], data: undefined } : view;
  let kept: ResultView;
  switch (m?.panel) {
    case 'dns':
      kept = keepDns(base, m, limit);
      break;
    case 'zone':
      kept = keepZone(base, m, limit);
      break;
    case 'scan':
      kept = keepScan(base, m, limit);
      break;
    case 'http':
      kept = keepHttp(base, m, limit);
      break;
    default:
      kept = jsonBytes(base) <= limit ? base : keepSections(base, limit);
  }
  return jsonBytes(kept) <= limit ? kept : summaryOnly(view, limit);
}

/** Entries (newest first) that fit: the newest `maxEntries`, then the oldest dropped until `totalBytes` holds. */
export function withinTotal<T>(entries: readonly T[], size: (e: T) => number, maxEntries: number, totalBytes = HISTORY_TOTAL_BYTES): T[] {
  const out: T[] = [];
  let total = 0;
  for (const e of entries.slice(0, Math.max(0, maxEntries))) {
    const n = size(e);
    if (total + n > totalBytes) break;
    total += n;
    out.push(e);
  }
  return out;
}
