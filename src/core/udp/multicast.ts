import { parseAddressLiteral } from '../address/literal';
import type { OperationOptions } from '../errors';
import { NetProbeError, nowMs, roundMs, throwIfAborted } from '../errors';
import type { CollectOptions, ListenResult } from './collect';
import { checkCollectOptions, collect } from './collect';
import type { MulticastGroup } from './group';
import { parseMulticastGroup } from './group';
import type { MulticastInterface } from './iface';
import { resolveMulticastInterface } from './iface';
import { checkPayloadSize, checkUdpPort } from './payload';
import type { EffectiveSocketOptions, UdpSocketOptions } from './socket';
import { UdpSocket } from './socket';
import { formatHostPort } from '../address/host-port';

/** How to join a group. `timeout` bounds binding and joining. */
export interface MulticastReceiverOptions extends OperationOptions {
  /** Interface to join on: name, index (IPv6) or address. Default: the zone of the group, else the OS's choice. */
  iface?: string;
  /** Source address for a source-specific join (IGMPv3 / MLDv2). */
  source?: string;
  /** SO_REUSEADDR so several receivers share the port (default true). */
  reuseAddr?: boolean;
  reusePort?: boolean;
  recvBufferSize?: number;
  /**
   * Bind to the group address rather than the wildcard (default true except on Windows). On Linux a socket
   * bound to the wildcard also receives every other group joined on that port by any program.
   */
  bindToGroup?: boolean;
}

/** A socket that has joined a group. Close it to leave. */
export interface MulticastReceiver {
  group: MulticastGroup;
  iface?: MulticastInterface;
  source?: string;
  port: number;
  socket: UdpSocket;
  /** Advice about the join (SSM without a source, wildcard binding, …). */
  warnings: string[];
}

export interface MulticastJoinOptions extends MulticastReceiverOptions, CollectOptions {
  /** Called once joined, before any packet (to show it, or stop it early). */
  onReady?: (r: MulticastReceiver) => void;
}

export interface MulticastJoinResult extends ListenResult {
  group: MulticastGroup;
  port: number;
  warnings: string[];
}

function ifaceFor(group: MulticastGroup, spec: string | undefined): MulticastInterface | undefined {
  const chosen = spec ?? group.zone;
  return chosen === undefined ? undefined : resolveMulticastInterface(chosen, group.family);
}

function checkSource(source: string, group: MulticastGroup): string {
  const lit = parseAddressLiteral(source);
  if (!lit) throw new NetProbeError('invalid-input', `The source "${source}" must be an IP address (the sender's unicast address).`);
  if (lit.family !== group.family)
    throw new NetProbeError('invalid-input', `The source ${lit.address} is IPv${lit.family} but the group ${group.group} is IPv${group.family}.`);
  if (parseMulticastGroupSafe(lit.address))
    throw new NetProbeError('invalid-input', `The source ${lit.address} is itself a multicast address; give the sender's unicast address.`);
  return lit.address;
}

function parseMulticastGroupSafe(text: string): boolean {
  try {
    parseMulticastGroup(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens a socket on `port`, bound to the group (or the wildcard), and joins `group` on the chosen interface,
 * source-specific when `source` is given. Throws an explained NetProbeError (bad group, no such interface,
 * address in use, no multicast route).
 */
export async function openMulticastReceiver(groupText: string, port: number, o: MulticastReceiverOptions = {}): Promise<MulticastReceiver> {
  const group = parseMulticastGroup(groupText);
  checkUdpPort(port);
  throwIfAborted(o.signal);
  const iface = ifaceFor(group, o.iface);
  const source = o.source !== undefined && o.source.trim() !== '' ? checkSource(o.source.trim(), group) : undefined;
  const bindToGroup = o.bindToGroup ?? process.platform !== 'win32';
  const warnings: string[] = [];
  if (group.ssm && !source)
    warnings.push(`${group.group} is in the source-specific range ${group.range}: routers forward it only to receivers that name a source.`);
  if (!iface) warnings.push('No interface chosen: the operating system picked one from its routing table.');
  if (!bindToGroup && process.platform === 'linux')
    warnings.push('Bound to the wildcard address: on Linux this socket also receives other groups joined on this port by any program.');
  let address: string | undefined;
  if (bindToGroup) address = group.family === 6 && iface?.name ? `${group.group}%${iface.name}` : group.group;
  const opts: UdpSocketOptions = { family: group.family, port, reuseAddr: o.reuseAddr ?? true };
  if (address) opts.address = address;
  if (o.reusePort !== undefined) opts.reusePort = o.reusePort;
  if (o.recvBufferSize !== undefined) opts.recvBufferSize = o.recvBufferSize;
  const socket = await UdpSocket.open(opts, o);
  try {
    socket.join(group.group, iface, source);
  } catch (e) {
    await socket.close();
    throw e;
  }
  return { group, ...(iface ? { iface } : {}), ...(source ? { source } : {}), port, socket, warnings };
}

/**
 * Joins `group` on `port` and receives until `count` datagrams, `duration` ms, or `signal` (which keeps
 * what arrived: `endedBy: 'aborted'`). The socket leaves the group and closes before this resolves.
 */
export async function mcastJoin(group: string, port: number, opts: MulticastJoinOptions = {}): Promise<MulticastJoinResult> {
  checkCollectOptions(opts);
  const r = await openMulticastReceiver(group, port, opts);
  opts.onReady?.(r);
  const result = await collect(r.socket, opts);
  return { ...result, group: r.group, port, warnings: r.warnings };
}

/** How {@link mcastSend} sends. */
export interface MulticastSendOptions extends OperationOptions {
  /** TTL (IPv4) or hop limit (IPv6), 0–255 (default: the OS's, 1). */
  ttl?: number;
  /** Outgoing interface: name, index (IPv6) or address. Default: the group's zone, else the routing table. */
  iface?: string;
  /** Deliver to receivers on this host too (default: the OS's, on). */
  loopback?: boolean;
  /** Datagrams to send (default 1). */
  count?: number;
  /** Milliseconds between datagrams when `count` > 1 (default 1000). */
  interval?: number;
  /** Local port to send from (default: any). */
  localPort?: number;
  reuseAddr?: boolean;
  sendBufferSize?: number;
}

export interface MulticastSendResult {
  group: MulticastGroup;
  port: number;
  datagrams: number;
  bytesSent: number;
  options: EffectiveSocketOptions;
  message: string;
  warnings: string[];
  elapsedMs: number;
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new NetProbeError('aborted', 'Sending was cancelled.'));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Sends `payload` to `group:port` with the given TTL, loopback and outgoing interface (`count` times,
 * `interval` ms apart). Throws an explained NetProbeError (no multicast route, no such interface, …).
 */
export async function mcastSend(groupText: string, port: number, payload: Buffer, o: MulticastSendOptions = {}): Promise<MulticastSendResult> {
  const start = nowMs();
  const group = parseMulticastGroup(groupText);
  checkUdpPort(port);
  checkPayloadSize(payload, group.family);
  const count = o.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new NetProbeError('invalid-input', `The datagram count must be at least 1 (got ${count}).`);
  const interval = o.interval ?? 1000;
  if (!Number.isFinite(interval) || interval < 0) throw new NetProbeError('invalid-input', `The interval must be 0 or more milliseconds (got ${interval}).`);
  throwIfAborted(o.signal);
  const iface = ifaceFor(group, o.iface);
  const warnings: string[] = [];
  if (group.scope === 'interface-local') warnings.push(`${group.group} is interface-local: it never leaves this host.`);
  if (o.ttl === 0) {
    warnings.push(
      group.family === 6
        ? 'Hop limit 0: the datagrams stay on this host (only local receivers, with loopback on, see them).'
        : 'TTL 0: no router forwards these; most systems keep them on this host, but recent Linux kernels still put them on the local link with TTL 0.',
    );
  }
  const opts: UdpSocketOptions = { family: group.family };
  if (o.ttl !== undefined) opts.multicastTtl = o.ttl;
  if (o.loopback !== undefined) opts.multicastLoopback = o.loopback;
  if (iface) opts.multicastInterface = iface;
  if (o.localPort !== undefined) opts.port = o.localPort;
  if (o.reuseAddr !== undefined) opts.reuseAddr = o.reuseAddr;
  if (o.sendBufferSize !== undefined) opts.sendBufferSize = o.sendBufferSize;
  const sock = await UdpSocket.open(opts, o);
  const to = group.family === 6 && iface?.name ? `${group.group}%${iface.name}` : group.group;
  try {
    for (let i = 0; i < count; i++) {
      if (i > 0) await pause(interval, o.signal);
      throwIfAborted(o.signal);
      await sock.send(payload, port, to, { group: group.group, ...(iface ? { iface: iface.spec } : {}) });
    }
    const where = formatHostPort(group.group, port);
    const eff = sock.effective();
    const what = count === 1 ? `${payload.length} bytes` : `${count} datagrams of ${payload.length} bytes`;
    return {
      group,
      port,
      datagrams: count,
      bytesSent: count * payload.length,
      options: eff,
      warnings,
      message: `Sent ${what} to ${where} (TTL ${eff.multicastTtl}, loopback ${eff.multicastLoopback ? 'on' : 'off'}, interface ${eff.multicastInterface}).`,
      elapsedMs: roundMs(nowMs() - start),
    };
  } finally {
    await sock.close();
  }
}
