import { parsePort } from '../core/address/host-port';
import { noExtraPositionals, requirePositional } from './args';
import type { CliContext } from './types';

/** The `HOST PORT` positionals every host-and-port command starts with (no more positionals allowed). */
export function hostAndPort(ctx: CliContext, usage: string): { host: string; port: number } {
  const host = requirePositional(ctx, 0, 'HOST', usage);
  const port = parsePort(requirePositional(ctx, 1, 'PORT', usage));
  noExtraPositionals(ctx, 2, usage);
  return { host, port };
}
