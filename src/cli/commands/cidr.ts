import { cidrContains, describeCidr, prefixForSubnetCount, splitCidr } from '../../core/address/cidr';
import { cidrRows } from '../../core/address/rows';
import { parseIntArg, requirePositional, stringOption } from '../args';
import type { CliCommand } from '../types';
import { UsageError } from '../types';
import { formatRows } from './ip';

function prefixOrCount(name: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseIntArg(name, text.replace(/^\//, ''), { max: 99999 });
}

export const cidrCommand: CliCommand = {
  name: 'cidr',
  summary: 'Subnet calculator (like ipcalc): network, broadcast, host range and count, masks, containment, splitting.',
  usage: 'cidr CIDR [NETMASK] [--contains ADDRESS] [--split PREFIX | --subnets N] [--limit N] [--json]',
  options: { contains: { type: 'string', short: 'c' }, split: { type: 'string' }, subnets: { type: 'string' }, limit: { type: 'string' } },
  run(ctx) {
    const first = requirePositional(ctx, 0, 'CIDR', this.usage);
    if (ctx.positionals.length > 2) throw new UsageError(`unexpected argument "${ctx.positionals[2]}" (usage: netprobe ${this.usage})`);
    const input = ctx.positionals[1] !== undefined ? `${first}/${ctx.positionals[1]}` : first;
    const info = describeCidr(input);
    const contains = stringOption(ctx, 'contains');
    const split = prefixOrCount('--split', stringOption(ctx, 'split'));
    const count = prefixOrCount('--subnets', stringOption(ctx, 'subnets'));
    if (split !== undefined && count !== undefined) throw new UsageError('give --split PREFIX or --subnets N, not both.');
    const limit = prefixOrCount('--limit', stringOption(ctx, 'limit')) ?? 256;
    const newPrefix = split ?? (count !== undefined ? prefixForSubnetCount(input, count) : undefined);
    const subnets = newPrefix !== undefined ? splitCidr(input, newPrefix, limit) : undefined;
    const inside = contains !== undefined ? cidrContains(input, contains) : undefined;
    if (ctx.json) {
      ctx.printJson({ ...info, ...(contains !== undefined ? { contains: { address: contains, inside } } : {}), ...(subnets ? { split: subnets } : {}) });
    } else {
      ctx.out(formatRows(cidrRows(info)));
      for (const n of info.notes) ctx.out(`note: ${n}`);
      if (contains !== undefined) ctx.out(`${contains} is ${inside ? 'inside' : 'NOT inside'} ${info.cidr}`);
      if (subnets) {
        ctx.out(`${subnets.total} subnets of /${subnets.newPrefix}${subnets.truncated ? ` (first ${subnets.subnets.length} shown)` : ''}:`);
        for (const s of subnets.subnets) ctx.out(`  ${s}`);
      }
    }
    return Promise.resolve(inside === false ? 1 : 0);
  },
};
