import { describeMac } from '../../core/address/mac';
import { OuiDatabase } from '../../core/address/oui';
import { macRows } from '../../core/address/rows';
import { flag, noExtraPositionals, requirePositional } from '../args';
import type { CliCommand } from '../types';
import { formatRows } from './ip';

export const macCommand: CliCommand = {
  name: 'mac',
  summary: 'A MAC address in every notation, its bits, EUI-64, IPv6 link-local address and IEEE vendor (offline).',
  usage: 'mac MAC [--no-vendor] [--json]',
  options: { 'no-vendor': { type: 'boolean' } },
  async run(ctx) {
    const input = requirePositional(ctx, 0, 'MAC', this.usage);
    noExtraPositionals(ctx, 1, this.usage);
    const info = describeMac(input);
    const vendor = flag(ctx, 'no-vendor') ? undefined : ((await new OuiDatabase().lookup(info.bare, { timeout: ctx.timeout, signal: ctx.signal })) ?? null);
    if (ctx.json) {
      ctx.printJson(vendor === undefined ? info : { ...info, vendor });
      return 0;
    }
    ctx.out(formatRows(macRows(info, vendor)));
    return 0;
  },
};
