import type * as vscode from 'vscode';
import type { CheckPortResult } from '../../core/ports/check-port';
import { parsePort } from '../../core/address/host-port';
import { checkPort } from '../../core/ports/check-port';
import type { PortFreeResult } from '../../core/ports/port-free';
import { isPortFree } from '../../core/ports/port-free';
import { ask, hostProblem, portProblem, selectedText } from '../input';
import { checkPortView, portFreeView } from '../results/format-basic';
import type { Services } from '../services';
import { registerCommand } from './command';

/** Check Port…, Is Local Port Free…. */
export function registerPortCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand<[string, number | string, string], CheckPortResult>(services, 'netprobe.checkPort', 'Check port', async (host, port, proxyArg) => {
      const target = host ?? await ask('Host to check', 'example.com or 192.0.2.1', hostProblem, selectedText());
      if (!target) return undefined;
      const portText = port !== undefined ? String(port) : await ask(`TCP port on ${target}`, '443', portProblem);
      if (!portText) return undefined;
      const p = parsePort(portText);
      const proxy = await services.proxies.forCommand(proxyArg);
      const r = await services.runWithProgress(`Checking ${target}:${p}${proxy ? ' through the proxy' : ''}`, signal =>
        checkPort(target, p, { timeout: services.timeout, signal, ...(proxy ? { proxy } : {}) }));
      services.show(checkPortView(r));
      return r;
    }),
    registerCommand<[number | string, string], PortFreeResult>(services, 'netprobe.isPortFree', 'Is local port free', async (port, host) => {
      const portText = port !== undefined ? String(port) : await ask('Local port to test', '8080', portProblem);
      if (!portText) return undefined;
      const r = await isPortFree(parsePort(portText), { host, timeout: services.timeout });
      services.show(portFreeView(r));
      return r;
    }),
  ];
}
