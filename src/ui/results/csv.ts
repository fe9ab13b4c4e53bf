/**
 * One CSV cell: numbers as they are, every text quoted, and text that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab, CR first: data from the network) defused with a leading `'`.
 */
export function csvCell(v: string | number | undefined): string {
  if (typeof v === 'number') return String(v);
  const s = v ?? '';
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}
