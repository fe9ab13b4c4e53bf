// Durations, sizes and counts as NetProbe writes them everywhere (CLI, panels, trees, messages): units scale,
// plurals agree. Pure functions with no imports: the webviews bundle this module too (the lint allows it).

/** `v` with `digits` decimals, or none when it is whole (`250`, `1.50`). */
function fixed(v: number, digits: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(digits);
}

/** `v` rounded to `digits` decimals, as a number. */
function rounded(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

/**
 * A duration given in milliseconds, in the unit that suits it: `0.078 ms`, `8.222 ms`, `12.3 ms`, `1.52 s`,
 * `18.4 s`, `3 min 5 s`, `2 h 3 min`; whole values without decimals (`250 ms`, `5 s`).
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return `${ms} ms`;
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (rounded(ms, 3) < 10) return `${fixed(ms, 3)} ms`;
  if (rounded(ms, 1) < 1000) return `${fixed(ms, 1)} ms`;
  const s = ms / 1000;
  if (rounded(s, 2) < 10) return `${fixed(s, 2)} s`;
  if (rounded(s, 1) < 60) return `${fixed(s, 1)} s`;
  const seconds = Math.round(s);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/** A size in bytes in binary units: `1 byte`, `812 bytes`, `1.5 KiB`, `18.4 MiB`, `512 KiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || Math.abs(bytes) < 1024) return formatCount(Math.round(bytes), 'byte');
  let v = bytes / 1024;
  let unit = 0;
  while (unit < BYTE_UNITS.length - 1 && rounded(Math.abs(v), Math.abs(v) < 100 ? 1 : 0) >= 1024) {
    v /= 1024;
    unit++;
  }
  return `${Math.abs(v) < 100 ? v.toFixed(1) : Math.round(v)} ${BYTE_UNITS[unit] ?? 'TiB'}`;
}

/** An exact byte count, scaled too when it is 1 KiB or more: `812 bytes`, `1499 bytes (1.5 KiB)`. */
export function formatByteCount(bytes: number): string {
  const exact = formatCount(bytes, 'byte');
  return Math.abs(bytes) < 1024 ? exact : `${exact} (${formatBytes(bytes)})`;
}

/** `word` agreeing with `n`: `plural(1, 'datagram')` is `datagram`, otherwise `many` (default `word + 's'`). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return n === 1 ? word : many;
}

/** A count with its noun agreeing: `1 datagram`, `3 datagrams`, `2 addresses` (`many` for irregular plurals). */
export function formatCount(n: number, word: string, many = `${word}s`): string {
  return `${n} ${plural(n, word, many)}`;
}
