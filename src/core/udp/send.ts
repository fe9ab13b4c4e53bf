import type { OperationOptions } from '../errors';
import { NetProbeError, nowMs, roundMs, throwIfAborted } from '../errors';
import { resolve } from '../resolve/resolve';
import { resolveBindAddress } from './iface';
import { checkPayloadSize, checkUdpPort } from './payload';
import type { EffectiveSocketOptions, UdpPacket } from './socket';
import { UdpSocket } from './socket';
import { isMulticastAddress } from './group';
import { explainUdpError } from './explain';
import { formatHostPort } from '../address/host-port';
import { formatDuration } from '../text/units';

/** How {@link udpSend} sends and waits. `timeout` bounds resolving and binding. */
export interface UdpSendOptions extends OperationOptions {
  family?: 4 | 6;
  /** Milliseconds to wait for replies after sending (0: do not wait). */
  wait?: number;
  /** Stop waiting after this many replies (default: wait the whole window). */
  maxReplies?: number;
  /** Local address or interface name to send from. */
  bind?: string;
  /** Local port to send from (default: any). */
  localPort?: number;
  /** Allow a broadcast destination (SO_BROADCAST). */
  broadcast?: boolean;
  /** Unicast TTL / hop limit. */
  ttl?: number;
  sendBufferSize?: number;
  /** Called for each reply as it arrives. */
  onReply?: (p: UdpPacket) => void;
}

/** What happened: `sent` (no wait), `replied`, `no-reply` (nothing within the window), `refused` (ICMP port unreachable). */
export type UdpSendOutcome = 'sent' | 'replied' | 'no-reply' | 'refused';

export interface UdpSendResult {
  host: string;
  address: string;
  family: 4 | 6;
  port: number;
  bytesSent: number;
  outcome: UdpSendOutcome;
  message: string;
  replies: UdpPacket[];
  /** Milliseconds from send to the first reply. */
  firstReplyMs?: number;
  options: EffectiveSocketOptions;
  elapsedMs: number;
}

function endpoint(address: string, port: number): string {
  return formatHostPort(address, port);
}

/**
 * Sends one datagram to `host:port` from a connected socket, then optionally waits `wait` ms for replies
 * from that peer. A "port unreachable" answer is reported as `refused` (only seen while waiting). The socket
 * is closed before it resolves. Throws NetProbeError for bad input, resolution and send failures.
 */
export async function udpSend(host: string, port: number, payload: Buffer, opts: UdpSendOptions = {}): Promise<UdpSendResult> {
  const start = nowMs();
  checkUdpPort(port);
  const wait = opts.wait ?? 0;
  if (!Number.isFinite(wait) || wait < 0) throw new NetProbeError('invalid-input', `The reply window must be 0 or more milliseconds (got ${wait}).`);
  if (opts.maxReplies !== undefined && (!Number.isInteger(opts.maxReplies) || opts.maxReplies < 1))
    throw new NetProbeError('invalid-input', `The reply limit must be at least 1 (got ${opts.maxReplies}).`);
  throwIfAborted(opts.signal);
  const { addresses } = await resolve(host, opts);
  const target = addresses[0];
  if (!target) throw new NetProbeError('dns-error', `"${host}" has no address.`);
  checkPayloadSize(payload, target.family);
  const address = target.scopeId ? `${target.address}%${target.zone ?? target.scopeId}` : target.address;
  const where = endpoint(address, port);
  if (isMulticastAddress(target.address)) {
    throw new NetProbeError('invalid-input', `${target.address} is a multicast group: use multicast send (it sets TTL, loopback and the outgoing interface).`);
  }
  const bind = opts.bind ? resolveBindAddress(opts.bind, target.family) : undefined;
  const sock = await UdpSocket.open(
    {
      family: target.family,
      ...(bind ? { address: bind.address } : {}),
      ...(opts.localPort !== undefined ? { port: opts.localPort } : {}),
      ...(opts.broadcast ? { broadcast: true } : {}),
      ...(opts.ttl !== undefined ? { ttl: opts.ttl } : {}),
      ...(opts.sendBufferSize !== undefined ? { sendBufferSize: opts.sendBufferSize } : {}),
    },
    opts,
  );
  try {
    await new Promise<void>((res, rej) => {
      sock.socket.once('error', rej);
      // Node passes a connect failure (e.g. EACCES for a broadcast address) to the callback, not to 'error'.
      const done = (...args: unknown[]): void => {
        sock.socket.off('error', rej);
        if (args[0] instanceof Error) rej(args[0]);
        else res();
      };
      sock.socket.connect(port, address, done);
    }).catch((e: unknown) => {
      throw explainUdpError(e, { action: `Connecting a UDP socket to ${where}`, target: where });
    });
    const replies: UdpPacket[] = [];
    let refused = false;
    let sentAt = 0;
    let firstReplyMs: number | undefined;
    const windowDone =
      wait > 0
        ? new Promise<void>(done => {
            const finish = (): void => {
              clearTimeout(timer);
              opts.signal?.removeEventListener('abort', finish);
              stopP();
              stopE();
              done();
            };
            const stopP = sock.onPacket(p => {
              if (replies.length === 0) firstReplyMs = roundMs(nowMs() - sentAt);
              replies.push(p);
              opts.onReply?.(p);
              if (opts.maxReplies !== undefined && replies.length >= opts.maxReplies) finish();
            });
            const stopE = sock.onError(e => {
              if (e.errno === 'ECONNREFUSED') refused = true;
              finish();
            });
            opts.signal?.addEventListener('abort', finish, { once: true });
            const timer = setTimeout(finish, wait);
          })
        : Promise.resolve();
    sentAt = nowMs();
    await sock.send(payload, port, undefined, { target: where });
    await windowDone;
    throwIfAborted(opts.signal);
    const outcome: UdpSendOutcome = refused ? 'refused' : wait === 0 ? 'sent' : replies.length > 0 ? 'replied' : 'no-reply';
    const message = {
      sent: `Sent ${payload.length} bytes to ${where}.`,
      replied: `Sent ${payload.length} bytes to ${where}; ${replies.length} ${replies.length === 1 ? 'reply' : 'replies'} received.`,
      'no-reply': `Sent ${payload.length} bytes to ${where}; no reply within ${formatDuration(wait)} (UDP gives no delivery guarantee: the port may be open and silent, or filtered).`,
      refused: `${where} answered "port unreachable": nothing is listening on that UDP port.`,
    }[outcome];
    const result: UdpSendResult = {
      host,
      address,
      family: target.family,
      port,
      bytesSent: payload.length,
      outcome,
      message,
      replies,
      options: sock.effective(),
      elapsedMs: roundMs(nowMs() - start),
    };
    if (firstReplyMs !== undefined) result.firstReplyMs = firstReplyMs;
    return result;
  } finally {
    await sock.close();
  }
}
