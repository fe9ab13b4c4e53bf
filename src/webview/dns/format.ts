// Text forms the DNS panel shows: TTLs as durations and the raw message as a hex dump.
import { asciiChar } from '../common/hex';

/** A TTL in seconds as `1d 2h 3m 4s`. */
export function ttlText(seconds: number): string {
  let s = seconds;
  const parts: string[] = [];
  for (const [n, u] of [
    [86400, 'd'],
    [3600, 'h'],
    [60, 'm'],
  ] as const) {
    if (s >= n) {
      parts.push(`${Math.floor(s / n)}${u}`);
      s %= n;
    }
  }
  if (s || parts.length === 0) parts.push(`${s}s`);
  return parts.join(' ');
}

/** A lowercase hex string as dump lines: offset, 16 bytes, ASCII. */
export function hexDump(hex: string): string {
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += 32) {
    const bytes = hex.slice(i, i + 32).match(/../g) ?? [];
    const ascii = bytes.map(b => asciiChar(parseInt(b, 16))).join('');
    lines.push(`${(i / 2).toString(16).padStart(4, '0')}  ${bytes.join(' ').padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}
