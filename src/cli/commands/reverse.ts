import { reverse } from '../../core/resolve/reverse';
import { noExtraPositionals, requirePositional } from '../args';
import { ms } from '../format';
import type { CliCommand } from '../types';

export const reverseCommand: CliCommand = {
  name: 'reverse',
  summary: 'Reverse lookup of IP through the system resolver (like gethostbyaddr).',
  usage: 'reverse IP [--json] [--timeout MS]',
  async run(ctx) {
    const ip = requirePositional(ctx, 0, 'IP', this.usage);
    noExtraPositionals(ctx, 1, this.usage);
    const r = await reverse(ip, { timeout: ctx.timeout, signal: ctx.signal });
    if (ctx.json) {
      ctx.printJson(r);
      return 0;
    }
    ctx.out(r.hostname);
    if (r.aliases.length) ctx.out(`aliases: ${r.aliases.join(' ')}`);
    ctx.out(`;; ${r.address} in ${ms(r.elapsedMs)}`);
    return 0;
  },
};
