import type { ResultSection, ResultView } from './view-model';
import { formatDuration } from '../../core/text/units';

function sectionText(s: ResultSection): string {
  const head = s.heading ? `${s.heading}\n` : '';
  if (s.type === 'text') return head + s.text;
  if (s.type === 'kv') {
    const w = Math.max(0, ...s.rows.map(([k]) => k.length));
    return head + s.rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n');
  }
  const widths = s.columns.map((c, i) => Math.max(c.length, ...s.rows.map(r => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
  return head + [line(s.columns), ...s.rows.map(line)].join('\n');
}

/** Plain-text rendering of a result, for the log channel and "Copy". */
export function renderText(view: ResultView): string {
  const time = view.elapsedMs !== undefined ? ` (${formatDuration(view.elapsedMs)})` : '';
  return [`${view.title}${time}`, view.summary, ...view.sections.map(sectionText)].join('\n\n');
}

/** Pretty JSON of any result (BigInt values become strings). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x), 2);
}
