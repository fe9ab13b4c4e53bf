import * as dgram from 'dgram';
import type { OperationOptions } from '../errors';
import { NetProbeError, withDeadline } from '../errors';
import type { UdpErrorContext } from './explain';
import { explainUdpError } from './explain';
import type { MulticastInterface } from './iface';
import { formatHostPort } from '../address/host-port';
import type { PlatformOptions } from '../platform/types';
import type { KernelDrops } from '../platform/udp-drops';
import { udpKernelDrops } from '../platform/udp-drops';

/** One datagram received. */
export interface UdpPacket {
  /** 1-based arrival number on its socket. */
  seq: number;
  /** Arrival time, epoch milliseconds. */
  time: number;
  /** Source address (IPv4-mapped IPv6 sources are shown as IPv4; link-local ones keep their zone). */
  from: string;
  port: number;
  family: 4 | 6;
  size: number;
  payload: Buffer;
}

/** How to open a UDP socket. Unset options keep the operating system's defaults. */
export interface UdpSocketOptions {
  family: 4 | 6;
  /** Local address to bind (default: any address of the family). */
  address?: string;
  /** Local port (default 0: the OS picks one). */
  port?: number;
  /** SO_REUSEADDR: share the port with other sockets that also set it (multicast receivers need this). */
  reuseAddr?: boolean;
  /** SO_REUSEPORT: load-balance the port between sockets (Node 22.12+ / 23.1+ on Linux and BSDs). */
  reusePort?: boolean;
  /** IPv6 sockets only: refuse IPv4-mapped traffic (default false: dual stack). */
  ipv6Only?: boolean;
  /** SO_RCVBUF in bytes (Linux reports back double the value asked for). */
  recvBufferSize?: number;
  /** SO_SNDBUF in bytes. */
  sendBufferSize?: number;
  /** SO_BROADCAST: allow sending to broadcast addresses. */
  broadcast?: boolean;
  /** Unicast TTL / hop limit (1–255). */
  ttl?: number;
  /** Multicast TTL / hop limit (0–255; the OS default is 1). */
  multicastTtl?: number;
  /** Deliver this host's own multicast back to local receivers (the OS default is on). */
  multicastLoopback?: boolean;
  /** Outgoing interface for multicast. */
  multicastInterface?: MulticastInterface;
}

/** A multicast membership held by a socket. */
export interface Membership {
  group: string;
  /** Interface name or address it was joined on (`default` when the OS chose). */
  iface: string;
  /** Source for a source-specific join. */
  source?: string;
}

/** A buffer size as asked for and as the kernel reports it. */
export interface BufferSize {
  requested?: number;
  effective: number;
}

/** The socket's options as they are in effect, for the monitor header and results. */
export interface EffectiveSocketOptions {
  family: 4 | 6;
  localAddress: string;
  localPort: number;
  reuseAddr: boolean;
  /** `unsupported` when this Node version or platform lacks SO_REUSEPORT for UDP. */
  reusePort: boolean | 'unsupported';
  ipv6Only?: boolean;
  recvBufferSize: BufferSize;
  sendBufferSize: BufferSize;
  broadcast: boolean;
  ttl?: number;
  /** Multicast TTL / hop limit in effect (OS default 1). */
  multicastTtl: number;
  multicastLoopback: boolean;
  /** Outgoing multicast interface (`default` when the routing table decides). */
  multicastInterface: string;
  memberships: Membership[];
}

/** True when this Node accepts `reusePort` for UDP sockets (22.12+ in 22.x, 23.1+). */
export function reusePortSupported(version = process.versions.node, platform = process.platform): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const nodeOk = major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
  return nodeOk && ['linux', 'freebsd', 'dragonfly', 'sunos', 'aix'].includes(platform);
}

function checkByte(name: string, v: number | undefined, min: number): void {
  if (v !== undefined && (!Number.isInteger(v) || v < min || v > 255)) {
    throw new NetProbeError('invalid-input', `${name} must be a whole number from ${min} to 255 (got ${v}).`);
  }
}

function checkBuffer(name: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 2 ** 31 - 1)) {
    throw new NetProbeError('invalid-input', `${name} must be a positive number of bytes (got ${v}).`);
  }
}

function normaliseSource(address: string, family: string): { from: string; family: 4 | 6 } {
  const mapped = address.startsWith('::ffff:') ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address) : null;
  if (mapped?.[1]) return { from: mapped[1], family: 4 };
  return { from: address, family: family === 'IPv6' ? 6 : 4 };
}

/**
 * A bound UDP socket with its effective options on view. Open it with {@link UdpSocket.open}; it is
 * closed by {@link UdpSocket.close} (idempotent) and never outlives its owner's abort signal.
 */
export class UdpSocket {
  private seq = 0;
  private readonly listeners = new Set<(p: UdpPacket) => void>();
  private readonly errorListeners = new Set<(e: NetProbeError) => void>();
  private readonly memberships: Membership[] = [];
  private isClosed = false;
  /** Resolves once the socket has closed. */
  readonly closed: Promise<void>;

  private constructor(
    readonly socket: dgram.Socket,
    private readonly opts: UdpSocketOptions,
  ) {
    this.closed = new Promise(resolve =>
      socket.once('close', () => {
        this.isClosed = true;
        resolve();
      }),
    );
    socket.on('message', (msg, rinfo) => {
      const src = normaliseSource(rinfo.address, rinfo.family);
      const packet: UdpPacket = { seq: ++this.seq, time: Date.now(), ...src, port: rinfo.port, size: msg.length, payload: msg };
      for (const l of this.listeners) l(packet);
    });
  }

  /** Creates and binds a socket, then applies the options. Throws an explained NetProbeError. */
  static async open(opts: UdpSocketOptions, op: OperationOptions = {}): Promise<UdpSocket> {
    checkByte('TTL', opts.ttl, 1);
    checkByte('Multicast TTL', opts.multicastTtl, 0);
    checkBuffer('The receive buffer size', opts.recvBufferSize);
    checkBuffer('The send buffer size', opts.sendBufferSize);
    const port = opts.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new NetProbeError('invalid-input', `Port ${port} is out of range (0–65535).`);
    if (opts.reusePort && !reusePortSupported()) {
      throw new NetProbeError(
        'invalid-input',
        `SO_REUSEPORT for UDP needs Node 22.12+ or 23.1+ on Linux or BSD; this is Node ${process.versions.node} on ${process.platform}. Use reuseAddr instead.`,
      );
    }
    const createOpts: dgram.SocketOptions & { reusePort?: boolean } = { type: opts.family === 6 ? 'udp6' : 'udp4', reuseAddr: opts.reuseAddr ?? false };
    if (opts.reusePort) createOpts.reusePort = true;
    if (opts.family === 6 && opts.ipv6Only !== undefined) createOpts.ipv6Only = opts.ipv6Only;
    if (opts.recvBufferSize) createOpts.recvBufferSize = opts.recvBufferSize;
    if (opts.sendBufferSize) createOpts.sendBufferSize = opts.sendBufferSize;
    const socket = dgram.createSocket(createOpts);
    const self = new UdpSocket(socket, opts);
    const where = formatHostPort(opts.address ?? (opts.family === 6 ? '::' : '0.0.0.0'), port);
    const bound = new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('listening', () => {
        socket.off('error', reject);
        resolve();
      });
      socket.bind({ port, ...(opts.address ? { address: opts.address } : {}) });
    });
    try {
      await withDeadline(bound, `Binding UDP ${where}`, op, () => socket.close());
    } catch (e) {
      self.closeNow();
      throw explainUdpError(e, { action: `Binding UDP ${where}`, port, ...(opts.address ? { iface: opts.address } : {}) });
    }
    socket.on('error', e => {
      const err = explainUdpError(e, { action: 'Receiving' });
      for (const l of self.errorListeners) l(err);
    });
    try {
      self.apply();
    } catch (e) {
      self.closeNow();
      throw e;
    }
    return self;
  }

  private apply(): void {
    const o = this.opts;
    this.call('Setting SO_BROADCAST', () => {
      if (o.broadcast) this.socket.setBroadcast(true);
    });
    this.call('Setting the TTL', () => {
      if (o.ttl !== undefined) this.socket.setTTL(o.ttl);
    });
    this.call('Setting the multicast TTL', () => {
      if (o.multicastTtl !== undefined) this.socket.setMulticastTTL(o.multicastTtl);
    });
    this.call('Setting multicast loopback', () => {
      if (o.multicastLoopback !== undefined) this.socket.setMulticastLoopback(o.multicastLoopback);
    });
    const mi = o.multicastInterface;
    if (mi) this.call(`Choosing multicast interface ${mi.spec}`, () => this.socket.setMulticastInterface(mi.socketAddress), { iface: mi.spec });
  }

  private call(action: string, fn: () => void, ctx: Partial<UdpErrorContext> = {}): void {
    try {
      fn();
    } catch (e) {
      throw explainUdpError(e, { action, ...ctx });
    }
  }

  /** Joins a group (any-source, or source-specific when `source` is given) on `iface` (OS choice when absent). */
  join(group: string, iface?: MulticastInterface, source?: string): void {
    const on = iface ? ` on ${iface.spec}` : '';
    const action = source ? `Joining ${group} from source ${source}${on}` : `Joining ${group}${on}`;
    this.call(
      action,
      () => {
        if (source) this.socket.addSourceSpecificMembership(source, group, iface?.socketAddress);
        else this.socket.addMembership(group, iface?.socketAddress);
      },
      { group, ...(iface ? { iface: iface.spec } : {}) },
    );
    this.memberships.push({ group, iface: iface?.name ?? iface?.spec ?? 'default', ...(source ? { source } : {}) });
  }

  /** Leaves a group joined with {@link join} (same interface and source). */
  leave(group: string, iface?: MulticastInterface, source?: string): void {
    const ifaceName = iface?.name ?? iface?.spec ?? 'default';
    const i = this.memberships.findIndex(m => m.group === group && m.iface === ifaceName && m.source === source);
    if (i < 0) throw new NetProbeError('invalid-input', `This socket has not joined ${group}${source ? ` from ${source}` : ''} on ${ifaceName}.`);
    this.call(
      `Leaving ${group}`,
      () => {
        if (source) this.socket.dropSourceSpecificMembership(source, group, iface?.socketAddress);
        else this.socket.dropMembership(group, iface?.socketAddress);
      },
      { group },
    );
    this.memberships.splice(i, 1);
  }

  /** Sends one datagram; resolves when the OS has taken it. Throws an explained NetProbeError. */
  send(payload: Buffer, port: number, address?: string, ctx: Partial<UdpErrorContext> = {}): Promise<void> {
    const target = address ? formatHostPort(address, port) : 'the connected peer';
    return new Promise((resolve, reject) => {
      const done = (e: Error | null): void => {
        if (e) reject(explainUdpError(e, { action: `Sending to ${target}`, target, ...ctx }));
        else resolve();
      };
      try {
        if (address === undefined) this.socket.send(payload, done);
        else this.socket.send(payload, port, address, done);
      } catch (e) {
        reject(explainUdpError(e, { action: `Sending to ${target}`, target, ...ctx }));
      }
    });
  }

  /** Calls `cb` for each datagram; returns a function that stops calling it. */
  onPacket(cb: (p: UdpPacket) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Calls `cb` for socket errors after bind (e.g. ICMP port unreachable on a connected socket). */
  onError(cb: (e: NetProbeError) => void): () => void {
    this.errorListeners.add(cb);
    return () => this.errorListeners.delete(cb);
  }

  /** True once closed. */
  get isOpen(): boolean {
    return !this.isClosed;
  }

  /**
   * The socket's file descriptor (Unix, while open), read from Node's socket state since dgram does not expose
   * it; undefined where Node keeps it elsewhere. Used to find the socket's kernel counters.
   */
  fd(): number | undefined {
    if (this.isClosed) return undefined;
    const state = Object.getOwnPropertySymbols(this.socket).find(sym => sym.description === 'state symbol');
    const handle = state ? (this.socket as unknown as Record<symbol, { handle?: { fd?: unknown } } | undefined>)[state]?.handle : undefined;
    return typeof handle?.fd === 'number' && handle.fd >= 0 ? handle.fd : undefined;
  }

  /** The kernel's count of datagrams it dropped for this socket (Linux), or why it is not known. */
  kernelDrops(opts: PlatformOptions = {}): Promise<KernelDrops> {
    return udpKernelDrops(this.fd(), opts);
  }

  /** The options in effect now, read back from the socket where the OS allows. */
  effective(): EffectiveSocketOptions {
    const o = this.opts;
    const addr = this.isClosed ? { address: o.address ?? '', port: o.port ?? 0 } : this.socket.address();
    const read = (f: () => number): number => {
      try {
        return f();
      } catch {
        return 0;
      }
    };
    const result: EffectiveSocketOptions = {
      family: o.family,
      localAddress: addr.address,
      localPort: addr.port,
      reuseAddr: o.reuseAddr ?? false,
      reusePort: reusePortSupported() ? (o.reusePort ?? false) : 'unsupported',
      recvBufferSize: { ...(o.recvBufferSize ? { requested: o.recvBufferSize } : {}), effective: read(() => this.socket.getRecvBufferSize()) },
      sendBufferSize: { ...(o.sendBufferSize ? { requested: o.sendBufferSize } : {}), effective: read(() => this.socket.getSendBufferSize()) },
      broadcast: o.broadcast ?? false,
      multicastTtl: o.multicastTtl ?? 1,
      multicastLoopback: o.multicastLoopback ?? true,
      multicastInterface: o.multicastInterface ? (o.multicastInterface.name ?? o.multicastInterface.spec) : 'default',
      memberships: [...this.memberships],
    };
    if (o.family === 6) result.ipv6Only = o.ipv6Only ?? false;
    if (o.ttl !== undefined) result.ttl = o.ttl;
    return result;
  }

  private closeNow(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }

  /** Closes the socket (dropping its memberships); safe to call more than once. */
  async close(): Promise<void> {
    this.closeNow();
    await this.closed;
  }
}
