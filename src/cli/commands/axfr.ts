import { zoneTransfer } from '../../core/dns/axfr';
import { flag, noExtraPositionals, requirePositional, stringOption } from '../args';
import { ms } from '../format';
import { PROXY_OPTION, PROXY_USAGE, proxyFromCli } from '../proxy-option';
import type { CliCommand } from '../types';
import { UsageError } from '../types';

export const axfrCommand: CliCommand = {
  name: 'axfr',
  summary: 'Transfer a whole zone (AXFR over TCP) from its nameserver and print it like dig.',
  usage: `axfr ZONE --server HOST[:PORT] [--count] [--json] [--timeout MS] ${PROXY_USAGE}`,
  options: { server: { type: 'string', short: 's' }, count: { type: 'boolean' }, ...PROXY_OPTION },
  async run(ctx) {
    const zone = requirePositional(ctx, 0, 'ZONE', this.usage);
    noExtraPositionals(ctx, 1, this.usage);
    const server = stringOption(ctx, 'server');
    if (server === undefined) throw new UsageError(`missing --server (usage: netprobe ${this.usage})`);
    const proxy = proxyFromCli(ctx);
    const r = await zoneTransfer(zone, { server, timeout: ctx.timeout, signal: ctx.signal, ...(proxy ? { proxy } : {}) });
    if (ctx.json) {
      ctx.printJson({ ...r, records: r.records.map(x => ({ name: x.name, type: x.type, ttl: x.ttl, data: x.data })) });
      return 0;
    }
    if (!flag(ctx, 'count')) {
      for (const x of r.records) ctx.out(`${x.name.padEnd(23)} ${String(x.ttl).padEnd(7)} ${x.class.padEnd(7)} ${x.type.padEnd(7)} ${x.data}`);
    }
    ctx.out(`;; XFR size: ${r.recordCount} records (messages ${r.messages}, bytes ${r.sizeBytes})${r.serial !== undefined ? `, serial ${r.serial}` : ''}`);
    ctx.out(`;; Transfer time: ${ms(r.elapsedMs)} from ${r.server.address}#${r.server.port}(${r.server.spec})`);
    return 0;
  },
};
