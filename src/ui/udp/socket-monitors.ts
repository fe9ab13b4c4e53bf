import * as vscode from 'vscode';
import { NetProbeError } from '../../core/errors';
import { interfaces } from '../../core/platform/interfaces';
import { packetJson } from '../../core/udp/format';
import type { UdpPacket } from '../../core/udp/socket';
import { sessionView } from '../commands/udp-views';
import type { Services } from '../services';
import { SocketsTreeProvider } from '../tree/sockets-tree';
import { MonitorPanel } from '../webviews/monitor/panel';
import type { SocketSession, SocketSessionInfo } from './udp-sessions';
import { SocketSessions } from './udp-sessions';

/** The editor's listening UDP sockets: the sessions, their monitor panels and the Sockets view's provider. */
export class SocketMonitors implements vscode.Disposable {
  readonly sessions = new SocketSessions();
  readonly tree = new SocketsTreeProvider(this.sessions);
  readonly panels = new Map<string, MonitorPanel>();

  constructor(private readonly services: Services) {}

  /** Opens (or reveals) the monitor of a session; closing it stops the socket. */
  showMonitor(session: SocketSession): MonitorPanel {
    let panel = this.panels.get(session.info.id);
    if (panel) {
      panel.reveal();
      return panel;
    }
    panel = new MonitorPanel(this.services.webviews, session);
    this.panels.set(session.info.id, panel);
    // Closing the monitor stops its socket: nothing keeps listening unseen.
    panel.onDidDispose(() => {
      this.panels.delete(session.info.id);
      void session.stop();
    });
    return panel;
  }

  /**
   * Logs a new session, puts its end in History (with `rerun`, which listens again the same way) and shows its
   * monitor when asked.
   */
  adopt(session: SocketSession, show: boolean, rerun?: { command: string; args: unknown[] }): SocketSessionInfo {
    this.services.log.info(`Listening: ${session.info.title} (${session.info.options.localAddress}:${session.info.options.localPort})`);
    session.onEnd(r => {
      this.services.log.info(`Stopped: ${session.info.title} (${r.endedBy}, ${session.monitor.stats().packets} datagrams)`);
      this.services.show(
        sessionView(
          session.info,
          r.endedBy,
          session.monitor.stats(),
          session.monitor.packets().map(p => packetJson(p, 1024)),
          rerun,
        ),
        { panel: false },
      );
    });
    if (show) this.showMonitor(session);
    return session.info;
  }

  /**
   * The live listener of this window that a datagram to `address`:`port` reaches (same port; its address, or a
   * wildcard and an address of this machine), if any.
   */
  ownListener(address: string, port: number): SocketSession | undefined {
    const bare = address.replace(/%.*$/, '').replace(/^::ffff:/i, '');
    const local = new Set(['127.0.0.1', '::1', ...interfaces().map(i => i.address)]);
    return this.sessions.list().find(s => {
      const a = s.info.localAddress;
      if (s.info.kind !== 'udp' || s.info.localPort !== port) return false;
      if (a === bare) return true;
      return ((a === '0.0.0.0' && !bare.includes(':')) || a === '::') && (local.has(bare) || bare.startsWith('127.'));
    });
  }

  /**
   * The datagram `session` received from local port `fromPort` (a send of this window), waiting for it up to
   * `ms` when it has not arrived yet.
   */
  async arrival(session: SocketSession, fromPort: number, ms = 500): Promise<UdpPacket | undefined> {
    const seen = session.monitor
      .packets()
      .reverse()
      .find(p => p.port === fromPort);
    if (seen) return seen;
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        sub.dispose();
        resolve(undefined);
      }, ms);
      const sub = session.onPacket(p => {
        if (p.port !== fromPort) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(p);
      });
    });
  }

  /** The live session a tree node or id names. */
  find(arg: unknown): SocketSession | undefined {
    if (typeof arg === 'string') return this.sessions.get(arg);
    if (arg && typeof arg === 'object' && 'info' in arg) return this.sessions.get((arg as SocketSession).info.id);
    return undefined;
  }

  /** The session `arg` names, or one the user picks (the only one without asking). */
  async pick(arg: unknown, what: string): Promise<SocketSession | undefined> {
    if (arg !== undefined) {
      const s = this.find(arg);
      if (!s) throw new NetProbeError('invalid-input', 'That socket is no longer listening.');
      return s;
    }
    const list = this.sessions.list();
    if (!list.length) {
      void vscode.window.showInformationMessage('NetProbe: no UDP socket is listening.');
      return undefined;
    }
    if (list.length === 1) return list[0];
    const pick = await vscode.window.showQuickPick(
      list.map(s => ({ label: s.info.title, description: `${s.monitor.stats().packets} datagrams`, s })),
      { title: `NetProbe: ${what}` },
    );
    return pick?.s;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    this.panels.clear();
    this.tree.dispose();
    this.sessions.dispose();
  }
}
