import * as vscode from 'vscode';
import { parsePort } from '../../core/address/host-port';
import type { SessionInfo } from '../../core/session/session';
import { ask, hostProblem, portProblem } from '../input';
import type { Services } from '../services';
import { SessionPty } from '../session/session-pty';
import { registerCommand } from './command';

/** NetProbe: Open Raw Session… — a terminal connected to host:port over TCP or TLS. */
export function registerSessionCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand<[string, number | string, boolean, string], { name: string; info: SessionInfo }>(services, 'netprobe.openRawSession', 'Open raw session', async (hostArg, portArg, tlsArg, proxyArg) => {
      const host = hostArg ?? await ask('Host to connect to', 'localhost', hostProblem);
      if (!host) return undefined;
      const portText = portArg !== undefined ? String(portArg) : await ask(`TCP port on ${host}`, '80', portProblem);
      if (!portText) return undefined;
      const port = parsePort(portText);
      let tls = tlsArg;
      if (tls === undefined) {
        const pick = await vscode.window.showQuickPick([{ label: 'TCP', description: 'plain bytes' }, { label: 'TLS', description: 'TLS over TCP (certificate verified unless netprobe.http.insecure)' }], { title: `Connect to ${host}:${port} with` });
        if (!pick) return undefined;
        tls = pick.label === 'TLS';
      }
      const pty = new SessionPty(services, host, port, tls, proxyArg);
      const name = `NetProbe ${host}:${port}${tls ? ' TLS' : ''}`;
      const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('plug') });
      terminal.show();
      const session = await pty.connected;
      return { name, info: session.info };
    }),
  ];
}
