import { formatHostPort, parseHostPort } from '../../core/address/host-port';
import { testProxy } from '../../core/proxy/test-proxy';
import { noExtraPositionals, requirePositional } from '../args';
import { ms } from '../format';
import { PROXY_TLS_OPTIONS, parseCliProxy, proxyTlsFromCli, stagesTable } from '../proxy-option';
import type { CliCommand } from '../types';

export const proxyTestCommand: CliCommand = {
  name: 'proxy-test',
  summary: 'Connect through a SOCKS or HTTP proxy (or chain) to HOST:PORT and report each stage with its timing.',
  usage: 'proxy-test URL HOST:PORT [--proxy-cacert F] [--proxy-insecure] [--json] [--timeout MS]   (password may come from NETPROBE_PROXY_PASSWORD)',
  options: { ...PROXY_TLS_OPTIONS },
  async run(ctx) {
    const proxy = parseCliProxy(requirePositional(ctx, 0, 'URL', this.usage), process.env, proxyTlsFromCli(ctx));
    const { host, port } = parseHostPort(requirePositional(ctx, 1, 'HOST:PORT', this.usage));
    noExtraPositionals(ctx, 2, this.usage);
    const r = await testProxy(proxy, host, port, { timeout: ctx.timeout, signal: ctx.signal });
    if (ctx.json) {
      ctx.printJson(r);
    } else {
      ctx.out(`proxy   ${r.proxy}\ntarget  ${formatHostPort(host, port)}\nnames   ${r.resolution}`);
      if (r.stages.length) ctx.out(`\n${stagesTable(r.stages)}`);
      ctx.out(
        r.ok
          ? `\nConnected through the proxy in ${ms(r.elapsedMs)}.`
          : `\nFailed at ${r.failure?.stage ?? '?'} (proxy ${(r.failure?.hop ?? 0) + 1}): ${r.failure?.message ?? ''}`,
      );
    }
    return r.ok ? 0 : 1;
  },
};
