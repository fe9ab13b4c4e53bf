import type * as vscode from 'vscode';
import { fqdn, hostname } from '../../core/resolve/hostname';
import type { ResolveResult } from '../../core/resolve/resolve';
import { resolve } from '../../core/resolve/resolve';
import type { ReverseResult } from '../../core/resolve/reverse';
import { reverse } from '../../core/resolve/reverse';
import { addressProblem, askHost, hostArgument } from '../input';
import { hostnameView, resolveView, reverseView } from '../results/format-basic';
import type { Services } from '../services';
import { registerCommand } from './command';

/** Show Hostname, Resolve Host…, Reverse Lookup…. */
export function registerLookupCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand(services, 'netprobe.showHostname', 'Show hostname', async () => {
      const name = hostname();
      const full = await fqdn(undefined, { timeout: services.timeout });
      services.show(hostnameView(name, full));
      return { hostname: name, fqdn: full };
    }),
    registerCommand<[string, 4 | 6], ResolveResult>(services, 'netprobe.resolve', 'Resolve', async (host, family) => {
      const target =
        host !== undefined
          ? hostArgument(host).host
          : (
              await askHost(services, 'netprobe.resolve', {
                prompt: 'Host name or IP address to resolve (a URL or host:port works too)',
                placeHolder: 'example.com, 127.1, fe80::1%eth0, https://example.com/',
              })
            )?.host;
      if (!target) return undefined;
      const r = await services.runWithProgress(`Resolving ${target}`, signal => resolve(target, { family, timeout: services.timeout, signal }));
      services.show(resolveView(r));
      return r;
    }),
    registerCommand<[string], ReverseResult>(services, 'netprobe.reverse', 'Reverse lookup', async ip => {
      const target =
        ip !== undefined
          ? hostArgument(ip).host
          : (
              await askHost(services, 'netprobe.reverse', {
                prompt: 'IP address to look up in reverse ([::1]:22 and URLs work too)',
                placeHolder: '192.0.2.1 or 2001:db8::1',
                check: addressProblem,
              })
            )?.host;
      if (!target) return undefined;
      const r = await services.runWithProgress(`Reverse lookup of ${target}`, signal => reverse(target, { timeout: services.timeout, signal }));
      services.show(reverseView(r));
      return r;
    }),
  ];
}
