import type { ColumnKind } from '../webviews/protocol';

/** Values at most this long never need to wrap (numbers, times, flags, states). */
const SHORT = 14;

/**
 * How each column of a results table gives way when the view is narrow, read from its values: short values
 * `fit`, space-free values (names, addresses, URLs) `name`, the others `text`; the `text` column holding the
 * most text (the `name` column when there is no `text` one) is the `data` column (at least ~20 characters wide).
 */
export function columnKinds(columns: readonly string[], rows: readonly (readonly string[])[]): ColumnKind[] {
  const kinds = columns.map((_label, i): ColumnKind => {
    let longest = 0;
    let spaced = false;
    for (const r of rows) {
      const v = r[i] ?? '';
      longest = Math.max(longest, v.length);
      if (/\s/.test(v.trim())) spaced = true;
    }
    if (longest <= SHORT) return 'fit';
    return spaced ? 'text' : 'name';
  });
  const prose = kinds.includes('text');
  let data = -1;
  let most = 0;
  kinds.forEach((k, i) => {
    if (k === 'fit' || (prose && k !== 'text')) return;
    const total = rows.reduce((n, r) => n + (r[i] ?? '').length, 0);
    if (total > most) {
      most = total;
      data = i;
    }
  });
  if (data >= 0) kinds[data] = 'data';
  return kinds;
}
