import type { OperationOptions } from '../errors';
import { NetProbeError, throwIfAborted } from '../errors';
import type { CollectOptions, ListenResult } from './collect';
import { checkCollectOptions, collect } from './collect';
import { resolveBindAddress } from './iface';
import type { UdpSocketOptions } from './socket';
import { UdpSocket } from './socket';

/** Where and how {@link udpListen} binds. `timeout` bounds the bind; `duration` bounds the listening. */
export interface ListenOptions extends OperationOptions, CollectOptions {
  /** Local IP address or interface name to bind (default: every address, IPv4 and IPv6). */
  address?: string;
  family?: 4 | 6;
  reuseAddr?: boolean;
  reusePort?: boolean;
  recvBufferSize?: number;
  /** Called once bound, before any packet, with the open socket (to show it, or stop it early). */
  onReady?: (sock: UdpSocket) => void;
}

function parseListenPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new NetProbeError('invalid-input', `Port ${port} is out of range (1–65535, or 0 for any free port).`);
}

/** Binds the listening socket: a given address/interface, or dual-stack `::` falling back to `0.0.0.0`. */
export async function openListener(port: number, o: Omit<ListenOptions, 'count' | 'duration' | 'keep' | 'onPacket'>): Promise<UdpSocket> {
  parseListenPort(port);
  const base: Omit<UdpSocketOptions, 'family'> = { port };
  if (o.reuseAddr !== undefined) base.reuseAddr = o.reuseAddr;
  if (o.reusePort !== undefined) base.reusePort = o.reusePort;
  if (o.recvBufferSize !== undefined) base.recvBufferSize = o.recvBufferSize;
  const op: OperationOptions = { ...(o.timeout !== undefined ? { timeout: o.timeout } : {}), ...(o.signal ? { signal: o.signal } : {}) };
  if (o.address) {
    const b = resolveBindAddress(o.address, o.family);
    return UdpSocket.open({ ...base, family: b.family, address: b.address }, op);
  }
  if (o.family === 4) return UdpSocket.open({ ...base, family: 4 }, op);
  try {
    return await UdpSocket.open({ ...base, family: 6, address: '::', ipv6Only: o.family === 6 }, op);
  } catch (e) {
    if (o.family !== 6 && e instanceof NetProbeError && (e.errno === 'EAFNOSUPPORT' || e.errno === 'EADDRNOTAVAIL'))
      return UdpSocket.open({ ...base, family: 4 }, op);
    throw e;
  }
}

/**
 * Listens for UDP datagrams on `port` until `count` arrive, `duration` ms pass, or `signal` fires (the
 * result then keeps what arrived: `endedBy: 'aborted'`). The socket is always closed when it resolves.
 * Throws NetProbeError for setup failures (port in use, bad address, permission).
 */
export async function udpListen(port: number, opts: ListenOptions = {}): Promise<ListenResult> {
  checkCollectOptions(opts);
  throwIfAborted(opts.signal);
  const sock = await openListener(port, opts);
  opts.onReady?.(sock);
  return collect(sock, opts);
}
