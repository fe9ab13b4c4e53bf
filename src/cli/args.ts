import type { CliContext } from './types';
import { UsageError } from './types';

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
