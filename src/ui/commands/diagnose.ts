import type * as vscode from 'vscode';
import { parsePort } from '../../core/address/host-port';
import type { Diagnosis } from '../../core/doctor/diagnose';
import { diagnose } from '../../core/doctor/diagnose';
import { askHost, askPort, hostArgument } from '../input';
import { diagnoseView } from './doctor-view';
import type { Services } from '../services';
import { registerCommand } from './command';

/**
 * `netprobe.diagnose` HOST PORT [PROXY]: the connection doctor's first two steps (core's one engine), its JSON
 * and re-run kept for scripts and History; the palette offers Connection Doctor… for both.
 */
export function registerDiagnoseCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand<[string, number | string, string], Diagnosis>(services, 'netprobe.diagnose', 'Diagnose connection', async (host, port, proxyArg) => {
      const given =
        host !== undefined
          ? hostArgument(host)
          : await askHost(services, 'netprobe.diagnose', {
              prompt: 'Host to diagnose (host:port and URLs work too)',
              placeHolder: 'example.com, 127.0.0.1:8080, https://example.com/',
            });
      if (!given) return undefined;
      const target = given.host;
      const p = port !== undefined ? parsePort(port) : await askPort(services, 'netprobe.diagnose', `TCP port on ${target}`, '443', given.port);
      if (p === undefined) return undefined;
      const proxy = await services.proxies.forCommand(proxyArg);
      const d = await services.runWithProgress(`Diagnosing ${target}:${p}${proxy ? ' through the proxy' : ''}`, signal =>
        diagnose(target, p, { timeout: services.timeout, signal, ...(proxy ? { proxy } : {}) }),
      );
      services.show(diagnoseView(d));
      return d;
    }),
  ];
}
