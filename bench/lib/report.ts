import * as fs from 'fs';
import * as path from 'path';

const FILE = path.join(__dirname, '..', '..', '..', 'BENCHMARKS.md');

/**
 * Replaces (or appends) this benchmark's section of BENCHMARKS.md, between
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`, so each benchmark owns its own part.
 */
export function writeSection(name: string, markdown: string): void {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  let text = fs.existsSync(FILE)
    ? fs.readFileSync(FILE, 'utf8')
    : '# Benchmarks\n\nProduced by `npm run bench` (each section names its own command). Machine: 2 vCPU.\n';
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  text = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(FILE, text);
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** The q-quantile (0..1) of a list of numbers. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
}

/** Formats a number with a fixed count of decimals. */
export function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}
