import * as vscode from 'vscode';
import { formatHostPort } from '../../core/address/host-port';
import { formatBytes, formatCount } from '../../core/text/units';
import type { SocketSession, SocketSessions } from '../udp/udp-sessions';
import { userArgs } from '../commands/entry-point';
import { shownNodes } from './shown-nodes';

/** The Sockets view: every listening UDP socket and multicast membership, with a stop action. */
export class SocketsTreeProvider implements vscode.TreeDataProvider<SocketSession>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SocketSession | undefined>();
  private readonly subs: vscode.Disposable[] = [];
  private readonly packetSubs = new Map<string, vscode.Disposable>();
  private refreshTimer: NodeJS.Timeout | undefined;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly sessions: SocketSessions) {
    this.subs.push(sessions.onDidChange(() => this.sync()));
  }

  private sync(): void {
    const live = new Set(this.sessions.list().map(s => s.info.id));
    for (const [id, sub] of this.packetSubs)
      if (!live.has(id)) {
        sub.dispose();
        this.packetSubs.delete(id);
      }
    for (const s of this.sessions.list()) {
      if (!this.packetSubs.has(s.info.id))
        this.packetSubs.set(
          s.info.id,
          s.onPacket(() => this.scheduleRefresh()),
        );
    }
    this.changed.fire(undefined);
  }

  /** Packet counts change often: redraw at most twice a second. */
  private scheduleRefresh(): void {
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed.fire(undefined);
    }, 500);
  }

  getChildren(node?: SocketSession): SocketSession[] {
    return node ? [] : shownNodes(this.sessions.list());
  }

  getTreeItem(s: SocketSession): vscode.TreeItem {
    const st = s.monitor.stats();
    const item = new vscode.TreeItem(s.info.title, vscode.TreeItemCollapsibleState.None);
    item.id = s.info.id;
    item.description = `${formatCount(st.packets, 'datagram')} · ${formatBytes(st.bytes)}`;
    item.iconPath = new vscode.ThemeIcon(s.info.kind === 'multicast' ? 'broadcast' : 'radio-tower', new vscode.ThemeColor('testing.iconPassed'));
    item.contextValue = 'netprobe.socket';
    const o = s.info.options;
    const tip = new vscode.MarkdownString();
    // The title already says UDP (`UDP 127.0.0.1:5000`) or names the group: the heading does not repeat it.
    tip
      .appendMarkdown(`**${s.info.kind === 'multicast' ? 'Multicast receiver' : 'Listener'}** `)
      .appendText(s.info.title)
      .appendMarkdown('\n\n');
    tip.appendText(`Bound to ${formatHostPort(o.localAddress, o.localPort)} since ${new Date(s.info.startedAt).toLocaleTimeString()}`);
    if (s.info.group) tip.appendMarkdown('\n\n').appendText(`${s.info.group.group}: ${s.info.group.description}`);
    tip.appendMarkdown('\n\n').appendText(`${formatCount(st.packets, 'datagram')}, ${formatBytes(st.bytes)} from ${formatCount(st.sources.length, 'source')}`);
    item.tooltip = tip;
    item.command = { command: 'netprobe.showSocketMonitor', title: 'Show Monitor', arguments: userArgs('tree', [s.info.id]) };
    return item;
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const sub of [...this.subs, ...this.packetSubs.values()]) sub.dispose();
    this.changed.dispose();
  }
}
