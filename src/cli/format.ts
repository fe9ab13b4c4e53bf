/** Renders rows as an aligned plain-text table with a header line. */
export function table(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map(r => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns), ...rows.map(line)].join('\n');
}

/** Milliseconds for people, by core's one rule (`0.412 ms`, `12.3 ms`, `1.52 s`, `18.4 s`, `3 min 5 s`). */
export { formatDuration as ms } from '../core/text/units';
