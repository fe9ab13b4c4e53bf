import { resolve } from '../../core/resolve/resolve';
import { flag } from '../args';
import { hostArg } from '../host-port';
import { ms, table } from '../format';
import type { CliCommand } from '../types';
import { UsageError } from '../types';
import { formatCount } from '../../core/text/units';

export const resolveCommand: CliCommand = {
  name: 'resolve',
  summary: 'Resolve HOST like getaddrinfo (/etc/hosts, DNS; literals need no traffic).',
  usage: 'resolve HOST [-4|-6] [--json] [--timeout MS]',
  options: { ipv4: { type: 'boolean', short: '4' }, ipv6: { type: 'boolean', short: '6' } },
  async run(ctx) {
    const { host } = hostArg(ctx, this.usage);
    if (flag(ctx, 'ipv4') && flag(ctx, 'ipv6')) throw new UsageError('-4 and -6 exclude each other.');
    const family = flag(ctx, 'ipv4') ? 4 : flag(ctx, 'ipv6') ? 6 : undefined;
    const r = await resolve(host, { family, timeout: ctx.timeout, signal: ctx.signal });
    if (ctx.json) {
      ctx.printJson(r);
      return 0;
    }
    const rows = r.addresses.map(a => [
      `IPv${a.family}`,
      a.address,
      [a.zone ? `zone ${a.zone} (scope id ${a.scopeId ?? '?'})` : '', a.ipv4Mapped ? 'IPv4-mapped' : ''].filter(Boolean).join(', '),
    ]);
    ctx.out(table(['FAMILY', 'ADDRESS', 'NOTES'], rows));
    const how = r.source === 'literal' ? `literal${r.legacyForm ? ' in a legacy IPv4 form' : ''}, no lookup` : 'system resolver';
    ctx.out(`;; ${formatCount(r.addresses.length, 'address', 'addresses')} for ${host} (${how}) in ${ms(r.elapsedMs)}`);
    return 0;
  },
};
