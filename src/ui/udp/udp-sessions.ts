import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import type { CollectOptions, ListenEnd, ListenResult } from '../../core/udp/collect';
import { collect } from '../../core/udp/collect';
import type { MulticastGroup } from '../../core/udp/group';
import type { KernelDrops } from '../../core/platform/udp-drops';
import { PacketMonitor } from '../../core/udp/monitor';
import type { EffectiveSocketOptions, UdpPacket, UdpSocket } from '../../core/udp/socket';

/** What a live listener is, for the Sockets tree, the monitor panel and command results. */
export interface SocketSessionInfo {
  id: string;
  kind: 'udp' | 'multicast';
  /** e.g. `UDP [::]:5000` or `239.1.2.3:5000 on lo`. */
  title: string;
  localAddress: string;
  localPort: number;
  group?: MulticastGroup;
  warnings: string[];
  options: EffectiveSocketOptions;
  startedAt: number;
}

/** A listening socket owned by the editor: its packets go to a bounded monitor; `stop()` closes it. */
export class SocketSession {
  readonly monitor: PacketMonitor;
  private readonly controller = new AbortController();
  private readonly packetEmitter = new vscode.EventEmitter<UdpPacket>();
  private readonly endEmitter = new vscode.EventEmitter<ListenResult>();
  /** Fires for every datagram. */
  readonly onPacket = this.packetEmitter.event;
  /** Fires once when the socket has closed (count, duration, stop or error). */
  readonly onEnd = this.endEmitter.event;
  /** Resolves with the final result once the socket has closed. */
  readonly finished: Promise<ListenResult>;
  endedBy: ListenEnd | undefined;

  constructor(
    readonly info: SocketSessionInfo,
    private readonly socket: UdpSocket,
    limits: Pick<CollectOptions, 'count' | 'duration'>,
    readonly capacity: number,
  ) {
    this.monitor = new PacketMonitor({ capacity });
    this.finished = collect(socket, {
      ...limits,
      monitor: this.monitor,
      signal: this.controller.signal,
      onPacket: p => this.packetEmitter.fire(p),
    }).then(r => {
      this.endedBy = r.endedBy;
      this.endEmitter.fire(r);
      return r;
    });
  }

  get active(): boolean {
    return this.endedBy === undefined;
  }

  /** The kernel's drop count for the socket while it is open (Linux), or why it is not known. */
  kernelDrops(): Promise<KernelDrops> {
    return this.socket.kernelDrops();
  }

  /** Closes the socket (leaving any group) and resolves when it is closed. */
  async stop(): Promise<ListenResult> {
    this.controller.abort();
    return this.finished;
  }

  dispose(): void {
    this.controller.abort();
    this.packetEmitter.dispose();
    this.endEmitter.dispose();
  }
}

/** Every live socket of this window. Ended sessions leave the list; `dispose` closes them all. */
export class SocketSessions implements vscode.Disposable {
  private readonly sessions = new Map<string, SocketSession>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a session starts or ends. */
  readonly onDidChange = this.changed.event;

  /** Takes ownership of an open socket and starts receiving on it. */
  add(
    fields: Omit<SocketSessionInfo, 'id' | 'startedAt' | 'options' | 'localAddress' | 'localPort'>,
    socket: UdpSocket,
    limits: Pick<CollectOptions, 'count' | 'duration'>,
    capacity: number,
  ): SocketSession {
    const options = socket.effective();
    const info: SocketSessionInfo = {
      ...fields,
      id: randomUUID(),
      startedAt: Date.now(),
      options,
      localAddress: options.localAddress,
      localPort: options.localPort,
    };
    const session = new SocketSession(info, socket, limits, capacity);
    this.sessions.set(info.id, session);
    void session.finished.then(() => {
      this.sessions.delete(info.id);
      this.changed.fire();
    });
    this.changed.fire();
    return session;
  }

  get(id: string): SocketSession | undefined {
    return this.sessions.get(id);
  }

  list(): SocketSession[] {
    return [...this.sessions.values()];
  }

  /** Stops every session; resolves when all sockets are closed. */
  async stopAll(): Promise<number> {
    const all = this.list();
    await Promise.all(all.map(s => s.stop()));
    return all.length;
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.changed.dispose();
  }
}
