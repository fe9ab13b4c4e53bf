import type * as vscode from 'vscode';
import type { CheckPortResult } from '../../core/ports/check-port';
import { parsePort } from '../../core/address/host-port';
import { checkPort } from '../../core/ports/check-port';
import type { PortFreeResult } from '../../core/ports/port-free';
import { isPortFree } from '../../core/ports/port-free';
import { askHost, askPort, hostArgument } from '../input';
import { checkPortView, portFreeView } from '../results/format-basic';
import type { Services } from '../services';
import { registerCommand } from './command';

/** Check Port…, Is Local Port Free…. */
export function registerPortCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand<[string, number | string, string], CheckPortResult>(services, 'netprobe.checkPort', 'Check port', async (host, port, proxyArg) => {
      const given =
        host !== undefined
          ? hostArgument(host)
          : await askHost(services, 'netprobe.checkPort', {
              prompt: 'Host to check (host:port and URLs work too)',
              placeHolder: 'example.com, 192.0.2.1, 127.0.0.1:8080, [::1]:22',
            });
      if (!given) return undefined;
      const target = given.host;
      const p = port !== undefined ? parsePort(port) : await askPort(services, 'netprobe.checkPort', `TCP port on ${target}`, '443', given.port);
      if (p === undefined) return undefined;
      const proxy = await services.proxies.forCommand(proxyArg);
      const r = await services.runWithProgress(`Checking ${target}:${p}${proxy ? ' through the proxy' : ''}`, signal =>
        checkPort(target, p, { timeout: services.timeout, signal, ...(proxy ? { proxy } : {}) }),
      );
      services.show(checkPortView(r));
      return r;
    }),
    registerCommand<[number | string, string], PortFreeResult>(services, 'netprobe.isPortFree', 'Is local port free', async (port, host) => {
      const p = port !== undefined ? parsePort(port) : await askPort(services, 'netprobe.isPortFree', 'Local port to test', '8080');
      if (p === undefined) return undefined;
      const r = await isPortFree(p, { host, timeout: services.timeout });
      services.show(portFreeView(r));
      return r;
    }),
  ];
}
