import { parsePort } from '../../core/address/host-port';
import { isPortFree } from '../../core/ports/port-free';
import { noExtraPositionals, requirePositional, stringOption } from '../args';
import { table } from '../format';
import type { CliCommand } from '../types';

export const freeCommand: CliCommand = {
  name: 'free',
  summary: 'Can this machine bind PORT? (all interfaces and loopbacks, or --host H)',
  usage: 'free PORT [--host H] [--json]',
  options: { host: { type: 'string' } },
  async run(ctx) {
    const port = parsePort(requirePositional(ctx, 0, 'PORT', this.usage));
    noExtraPositionals(ctx, 1, this.usage);
    const host = stringOption(ctx, 'host');
    const r = await isPortFree(port, { host, timeout: ctx.timeout, signal: ctx.signal });
    if (ctx.json) {
      ctx.printJson(r);
    } else {
      ctx.out(
        table(
          ['ADDRESS', 'FREE', 'WHY'],
          r.checks.map(c => [c.host, c.free ? 'yes' : 'no', c.free ? '' : c.message]),
        ),
      );
      ctx.out(r.free ? `Port ${port} is free.` : `Port ${port} cannot be bound${r.heldBy ? `: ${r.heldBy.join(', ')} listens on it` : ''}.`);
    }
    return r.free ? 0 : 1;
  },
};
