import { listListeners } from '../../core/listeners/listeners';
import { flag, noExtraPositionals } from '../args';
import { table } from '../format';
import type { CliCommand } from '../types';
import { formatHostPort } from '../../core/address/host-port';

export const listenCommand: CliCommand = {
  name: 'listen',
  summary: 'Local listening ports (TCP, and bound UDP) with the processes that own them (Linux).',
  usage: 'listen [--tcp] [--json]',
  options: { tcp: { type: 'boolean' } },
  async run(ctx) {
    noExtraPositionals(ctx, 0, this.usage);
    const r = await listListeners({ udp: !flag(ctx, 'tcp'), timeout: ctx.timeout, signal: ctx.signal });
    if (ctx.json) {
      ctx.printJson(r);
      return r.supported ? 0 : 1;
    }
    if (!r.supported) {
      ctx.err(r.message ?? 'Listing listening ports is not supported here.');
      return 1;
    }
    ctx.out(
      table(
        ['PROTO', 'LOCAL ADDRESS', 'SERVICE', 'PID', 'PROCESS'],
        r.listeners.map(l => [
          `${l.protocol}${l.family === 6 ? '6' : ''}`,
          formatHostPort(l.address, l.port),
          l.service ?? '',
          l.processes.map(p => String(p.pid)).join(',') || '-',
          l.processes.map(p => p.name).join(',') || (l.uid !== undefined && l.uid !== process.getuid?.() ? `(uid ${l.uid})` : '-'),
        ]),
      ),
    );
    return 0;
  },
};
