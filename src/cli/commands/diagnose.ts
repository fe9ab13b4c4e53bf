import { diagnose } from '../../core/doctor/diagnose';
import { hostAndPort } from '../host-port';
import { ms, table } from '../format';
import { PROXY_OPTION, PROXY_USAGE, proxyFromCli, stagesTable } from '../proxy-option';
import type { CliCommand } from '../types';

export const diagnoseCommand: CliCommand = {
  name: 'diagnose',
  summary: 'Resolve HOST, try each address on PORT, and name the failure with advice.',
  usage: `diagnose HOST PORT|HOST:PORT [--json] [--timeout MS] ${PROXY_USAGE}`,
  options: { ...PROXY_OPTION },
  async run(ctx) {
    const { host, port } = hostAndPort(ctx, this.usage);
    const proxy = proxyFromCli(ctx);
    const d = await diagnose(host, port, { timeout: ctx.timeout, signal: ctx.signal, ...(proxy ? { proxy } : {}) });
    if (ctx.json) {
      ctx.printJson(d);
    } else if (d.proxy) {
      ctx.out(`proxy    ${d.proxy.via}`);
      const stages = d.proxy.route?.stages;
      if (stages?.length) ctx.out(stagesTable(stages));
      if (d.proxy.failure) ctx.out(`failed   at ${d.proxy.failure.stage} (proxy ${d.proxy.failure.hop + 1})`);
      ctx.out(`\nVerdict: ${d.summary}\nAdvice:  ${d.advice}`);
    } else {
      ctx.out(
        `resolve  ${d.resolve.ok ? 'ok' : 'FAILED'}  ${ms(d.resolve.elapsedMs)}  ${d.resolve.ok ? d.resolve.addresses.map(a => a.address).join(', ') : (d.resolve.error ?? '')}`,
      );
      if (d.attempts.length) {
        ctx.out(
          table(
            ['ADDRESS', 'RESULT', 'TIME', 'EXPLANATION'],
            d.attempts.map(a => [a.address, a.category, ms(a.elapsedMs), a.explanation]),
          ),
        );
      }
      ctx.out(`\nVerdict: ${d.summary}\nAdvice:  ${d.advice}`);
    }
    return d.category === 'ok' ? 0 : 1;
  },
};
