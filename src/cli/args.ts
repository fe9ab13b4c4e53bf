import type { CliContext } from './types';
import { UsageError } from './types';
import { MAX_TIMEOUT_MS } from '../core/errors';

/** The positional argument at `index`, or a UsageError naming it. */
export function requirePositional(ctx: CliContext, index: number, name: string, usage: string): string {
  const v = ctx.positionals[index];
  if (v === undefined || v === '') throw new UsageError(`missing ${name} (usage: netprobe ${usage})`);
  return v;
}

/** A string option's value, if given. */
export function stringOption(ctx: CliContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A boolean flag. */
export function flag(ctx: CliContext, name: string): boolean {
  return ctx.values[name] === true;
}

/** Rejects extra positionals beyond `max`. */
export function noExtraPositionals(ctx: CliContext, max: number, usage: string): void {
  if (ctx.positionals.length > max) throw new UsageError(`unexpected argument "${ctx.positionals[max]}" (usage: netprobe ${usage})`);
}

/** Bounds (inclusive) and unit for a whole-number option. */
export interface IntRange {
  min?: number;
  max?: number;
  /** What the number counts, for the message (`milliseconds`). */
  unit?: string;
}

function rangeText({ min = 0, max, unit }: IntRange): string {
  const of = unit ? ` of ${unit}` : '';
  if (max !== undefined) return `a whole number${of} from ${min} to ${max}`;
  return min > 0 ? `a whole number${of}, at least ${min}` : `a whole number${of}`;
}

/** Reads a whole number within `range` from `text`; the one message for every integer option and argument. */
export function parseIntArg(label: string, text: string, given: IntRange = {}): number {
  // Milliseconds go to Node timers, which hold at most 2^31 - 1 (a longer one fires after 1 ms).
  const range = given.max === undefined && given.unit === 'milliseconds' ? { ...given, max: MAX_TIMEOUT_MS } : given;
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n) || n < (range.min ?? 0) || (range.max !== undefined && n > range.max)) {
    throw new UsageError(`${label} must be ${rangeText(range)}, not "${text}".`);
  }
  return n;
}

/** A whole-number option `--name` within `range`, or undefined when not given. */
export function intOption(ctx: CliContext, name: string, range: IntRange = {}): number | undefined {
  const text = stringOption(ctx, name);
  return text === undefined ? undefined : parseIntArg(`--${name}`, text, range);
}
