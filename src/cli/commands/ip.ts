import { addressFromInteger, describeAddress } from '../../core/address/describe';
import type { AddressRow } from '../../core/address/rows';
import { addressRows } from '../../core/address/rows';
import { flag, noExtraPositionals, requirePositional } from '../args';
import type { CliCommand } from '../types';
import { UsageError } from '../types';

/** Label/value rows aligned in two columns. */
export function formatRows(rows: AddressRow[]): string {
  const width = Math.max(...rows.map(r => r[0].length));
  return rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`).join('\n');
}

export const ipCommand: CliCommand = {
  name: 'ip',
  summary: 'Every form of an IP address (inet_aton vs strict reading, bytes, integer, reverse name, range).',
  usage: 'ip ADDRESS|BYTES [--json]   |   ip --int INTEGER [-4|-6] [--json]',
  options: { int: { type: 'boolean' }, ipv4: { type: 'boolean', short: '4' }, ipv6: { type: 'boolean', short: '6' } },
  run(ctx) {
    const input = requirePositional(ctx, 0, 'ADDRESS', this.usage);
    noExtraPositionals(ctx, 1, this.usage);
    if ((flag(ctx, 'ipv4') || flag(ctx, 'ipv6')) && !flag(ctx, 'int')) throw new UsageError('-4/-6 go with --int (an integer read as an address).');
    const family = flag(ctx, 'ipv6') ? 6 : flag(ctx, 'ipv4') ? 4 : undefined;
    const info = flag(ctx, 'int') ? addressFromInteger(input, family) : describeAddress(input);
    if (ctx.json) {
      ctx.printJson(info);
      return Promise.resolve(0);
    }
    ctx.out(formatRows(addressRows(info)));
    for (const n of info.notes) ctx.out(`note: ${n}`);
    return Promise.resolve(0);
  },
};
