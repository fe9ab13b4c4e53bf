import * as vscode from 'vscode';
import { problemOf } from '../../core/errors';
import type { WebSocketInfo } from '../../core/websocket/types';
import { parseWebSocketUrl } from '../../core/websocket/url';
import { askRemembered } from '../input';
import type { Services } from '../services';
import { WebSocketPty } from '../session/websocket-pty';
import { registerCommand } from './command';

function urlProblem(text: string): string | undefined {
  return problemOf(() => parseWebSocketUrl(text));
}

/** NetProbe: Open WebSocket Session… — a terminal speaking WebSocket to a ws:// or wss:// URL. */
export function registerWebSocketCommands(services: Services): vscode.Disposable[] {
  const terminals = new Map<vscode.Terminal, { name: string; pty: WebSocketPty }>();
  return [
    registerCommand<[string, string], { name: string; info: WebSocketInfo }>(
      services,
      'netprobe.openWebSocketSession',
      'Open WebSocket session',
      async (urlArg, proxyArg) => {
        const url =
          urlArg ??
          (await askRemembered(services, 'netprobe.openWebSocketSession', {
            prompt: 'WebSocket URL (ws:// or wss://)',
            placeHolder: 'ws://localhost:8080/',
            validate: v => urlProblem(v),
            useSelection: false,
          }));
        if (!url) return undefined;
        const t = parseWebSocketUrl(url);
        // The URL as core reads it (a missing scheme added): what the terminal, History and its Re-run use.
        const pty = new WebSocketPty(services, t.url, proxyArg);
        const path = t.path.split('?')[0] ?? '/';
        // The query stays out of the terminal's name: it often carries a token.
        const name = `NetProbe ${t.secure ? 'wss' : 'ws'} ${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}${path === '/' ? '' : path.slice(0, 40)}`;
        const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('plug') });
        terminals.set(terminal, { name, pty });
        terminal.show();
        const session = await pty.connected;
        return { name, info: session.info };
      },
    ),
    vscode.window.onDidCloseTerminal(t => {
      terminals.delete(t);
    }),
    // Test hook (never contributed): what the newest WebSocket terminal named `name` has shown, escape sequences removed.
    vscode.commands.registerCommand(
      'netprobe.internal.websocketTerminalText',
      (name: string) => [...terminals.values()].reverse().find(x => x.name === name)?.pty.transcript,
    ),
  ];
}
