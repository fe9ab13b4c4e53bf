import { interfaces } from '../../core/platform/interfaces';
import { noExtraPositionals } from '../args';
import { table } from '../format';
import type { CliCommand } from '../types';

export const ifacesCommand: CliCommand = {
  name: 'ifaces',
  summary: 'List network interfaces with addresses, prefixes, broadcast, MAC and scope ids.',
  usage: 'ifaces [--json]',
  run(ctx) {
    noExtraPositionals(ctx, 0, this.usage);
    const list = interfaces();
    if (ctx.json) {
      ctx.printJson({ interfaces: list });
    } else {
      ctx.out(
        table(
          ['NAME', 'FAMILY', 'CIDR', 'BROADCAST', 'MAC', 'SCOPE', 'INTERNAL'],
          list.map(i => [
            i.name,
            `IPv${i.family}`,
            i.cidr,
            i.broadcast ?? '',
            i.mac,
            i.scopeId !== undefined ? String(i.scopeId) : '',
            i.internal ? 'yes' : 'no',
          ]),
        ),
      );
    }
    return Promise.resolve(0);
  },
};
