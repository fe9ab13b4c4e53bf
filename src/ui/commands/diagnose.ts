import type * as vscode from 'vscode';
import { parsePort } from '../../core/address/host-port';
import type { Diagnosis } from '../../core/doctor/diagnose';
import { diagnose } from '../../core/doctor/diagnose';
import { ask, hostProblem, portProblem, selectedText } from '../input';
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
      const target = host ?? await ask('Host to diagnose', 'example.com', hostProblem, selectedText());
      if (!target) return undefined;
      const portText = port !== undefined ? String(port) : await ask(`TCP port on ${target}`, '443', portProblem);
      if (!portText) return undefined;
      const p = parsePort(portText);
      const proxy = await services.proxies.forCommand(proxyArg);
      const d = await services.runWithProgress(`Diagnosing ${target}:${p}${proxy ? ' through the proxy' : ''}`, signal =>
        diagnose(target, p, { timeout: services.timeout, signal, ...(proxy ? { proxy } : {}) }));
      services.show(diagnoseView(d));
      return d;
    }),
  ];
}
