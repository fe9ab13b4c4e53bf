import * as vscode from 'vscode';
import { formatHostPort, parsePort } from '../../core/address/host-port';
import type { SessionInfo } from '../../core/session/session';
import { askHost, askPort, hostArgument, lastInput, rememberInput } from '../input';
import type { Services } from '../services';
import { SessionPty } from '../session/session-pty';
import { registerCommand } from './command';

const TLS_SCHEMES = new Set(['https', 'wss', 'tls', 'imaps', 'pop3s', 'ldaps']);

/** NetProbe: Open Raw Session… — a terminal connected to host:port over TCP or TLS. */
export function registerSessionCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand<[string, number | string, boolean, string], { name: string; info: SessionInfo }>(
      services,
      'netprobe.openRawSession',
      'Open raw session',
      async (hostArg, portArg, tlsArg, proxyArg) => {
        const command = 'netprobe.openRawSession';
        const given =
          hostArg !== undefined
            ? hostArgument(hostArg)
            : await askHost(services, command, {
                prompt: 'Host to connect to (host:port and URLs work too)',
                placeHolder: 'localhost, 127.0.0.1:6379, https://example.com/',
              });
        if (!given) return undefined;
        const host = given.host;
        const port = portArg !== undefined ? parsePort(portArg) : await askPort(services, command, `TCP port on ${host}`, '80', given.port);
        if (port === undefined) return undefined;
        let tls = tlsArg;
        if (tls === undefined) {
          // A URL's scheme says which (https://, wss://, tls://); else what this command used last.
          const secure = given.scheme ? TLS_SCHEMES.has(given.scheme) : lastInput(services, command).text === 'TLS';
          const items = [
            { label: 'TCP', description: 'plain bytes' },
            { label: 'TLS', description: 'TLS over TCP (certificate verified unless netprobe.http.insecure)' },
          ];
          const pick = await services.prompts.pick({ title: `Connect to ${formatHostPort(host, port)} with`, items: secure ? [...items].reverse() : items });
          if (!pick) return undefined;
          tls = pick.label === 'TLS';
          await rememberInput(services, command, { text: pick.label });
        }
        const pty = new SessionPty(services, host, port, tls, proxyArg);
        const name = `NetProbe ${host}:${port}${tls ? ' TLS' : ''}`;
        const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('plug') });
        terminal.show();
        const session = await pty.connected;
        return { name, info: session.info };
      },
    ),
  ];
}
