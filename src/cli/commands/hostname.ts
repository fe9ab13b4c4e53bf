import { fqdn, hostname } from '../../core/resolve/hostname';
import { noExtraPositionals } from '../args';
import type { CliCommand } from '../types';

export const hostnameCommand: CliCommand = {
  name: 'hostname',
  summary: "Print this machine's host name.",
  usage: 'hostname [--json]',
  run(ctx) {
    noExtraPositionals(ctx, 0, this.usage);
    const name = hostname();
    if (ctx.json) ctx.printJson({ hostname: name });
    else ctx.out(name);
    return Promise.resolve(0);
  },
};

export const fqdnCommand: CliCommand = {
  name: 'fqdn',
  summary: "Fully qualified domain name of NAME or this host (like Python's socket.getfqdn).",
  usage: 'fqdn [NAME] [--json] [--timeout MS]',
  async run(ctx) {
    noExtraPositionals(ctx, 1, this.usage);
    const name = ctx.positionals[0];
    const result = await fqdn(name, { timeout: ctx.timeout, signal: ctx.signal });
    if (ctx.json) ctx.printJson({ name: name ?? '', fqdn: result });
    else ctx.out(result);
    return 0;
  },
};
