import { cidrContains, describeCidr, prefixForSubnetCount, splitCidr } from '../../core/address/cidr';
import { cidrRows } from '../../core/address/rows';
import { requirePositional, stringOption } from '../args';
import type { CliCommand } from '../types';
import { UsageError } from '../types';
import { formatRows } from './ip';

function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.replace(/^\//, '');
  if (!/^[0-9]{1,5}$/.test(t)) throw new UsageError(`${name} must be a number, not "${text}".`);
  return Number(t);
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
    const split = positiveInt('--split', stringOption(ctx, 'split'));
    const count = positiveInt('--subnets', stringOption(ctx, 'subnets'));
    if (split !== undefined && count !== undefined) throw new UsageError('give --split PREFIX or --subnets N, not both.');
    const limit = positiveInt('--limit', stringOption(ctx, 'limit')) ?? 256;
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
