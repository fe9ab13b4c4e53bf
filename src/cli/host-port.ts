import type { HostInput } from '../core/address/host-port';
import { formatHostPort, parseHostInput, parsePort } from '../core/address/host-port';
import { noExtraPositionals, requirePositional } from './args';
import type { CliContext } from './types';
import { UsageError } from './types';

/**
 * The host positional at `index` the way a person types it (core's parseHostInput: a name or address,
 * `host:port`, `[IPv6]:port` or a URL), with no positionals after it.
 */
export function hostArg(ctx: CliContext, usage: string, index = 0): HostInput {
  const given = parseHostInput(requirePositional(ctx, index, 'HOST', usage));
  noExtraPositionals(ctx, index + 1, usage);
  return given;
}

/**
 * The host and port positionals of a host-and-port command, from `index` on: `HOST PORT`, or `HOST:PORT`,
 * `[IPv6]:PORT` or a URL alone (no more positionals allowed).
 */
export function hostAndPort(ctx: CliContext, usage: string, index = 0): { host: string; port: number } {
  const text = requirePositional(ctx, index, 'HOST', usage);
  const given = parseHostInput(text);
  const portText = ctx.positionals[index + 1];
  if (portText === undefined) {
    if (given.port === undefined) throw new UsageError(`missing PORT (give HOST PORT or HOST:PORT; usage: netprobe ${usage})`);
    return { host: given.host, port: given.port };
  }
  if (given.port !== undefined) {
    throw new UsageError(
      `"${text}" already names port ${given.port}: give ${formatHostPort(given.host, given.port)} or ${given.host.includes(':') ? `[${given.host}]` : given.host} ${portText}, not both.`,
    );
  }
  const port = parsePort(portText);
  noExtraPositionals(ctx, index + 2, usage);
  return { host: given.host, port };
}
