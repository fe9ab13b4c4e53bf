import { checkPort } from '../../core/ports/check-port';
import { hostAndPort } from '../host-port';
import { ms, table } from '../format';
import { PROXY_OPTION, PROXY_USAGE, proxyFromCli, stagesTable } from '../proxy-option';
import type { CliCommand } from '../types';
import { formatHostPort } from '../../core/address/host-port';

export const portCommand: CliCommand = {
  name: 'port',
  summary: 'Is TCP PORT open on HOST? Tries every address (IPv4 and IPv6).',
  usage: `port HOST PORT|HOST:PORT [--json] [--timeout MS] ${PROXY_USAGE}`,
  options: { ...PROXY_OPTION },
  async run(ctx) {
    const { host, port } = hostAndPort(ctx, this.usage);
    const proxy = proxyFromCli(ctx);
    const r = await checkPort(host, port, { timeout: ctx.timeout, signal: ctx.signal, ...(proxy ? { proxy } : {}) });
    if (ctx.json) {
      ctx.printJson(r);
    } else {
      if (r.attempts.length) {
        ctx.out(
          table(
            ['ADDRESS', 'OUTCOME', 'TIME', 'LOCAL'],
            r.attempts.map(a => [
              formatHostPort(a.address, port),
              a.outcome + (a.errno && a.outcome !== 'open' ? ` (${a.errno})` : ''),
              ms(a.elapsedMs),
              a.localAddress ? `${a.localAddress}:${a.localPort ?? ''}` : '',
            ]),
          ),
        );
      }
      if (r.proxy) ctx.out(stagesTable(r.proxy.stages));
      ctx.out(r.message);
    }
    return r.open ? 0 : 1;
  },
};
