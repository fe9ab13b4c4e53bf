import type { NetProbeError } from '../errors';
import type { KernelDrops } from '../platform/udp-drops';
import { NetProbeError as Err, nowMs, roundMs } from '../errors';
import type { MonitorStats } from './monitor';
import { PacketMonitor } from './monitor';
import type { EffectiveSocketOptions, UdpPacket, UdpSocket } from './socket';

/** Why a listen ended. */
export type ListenEnd = 'count' | 'duration' | 'aborted' | 'error';

/** How long to receive and what to keep. */
export interface CollectOptions {
  /** Stop after this many datagrams. */
  count?: number;
  /** Stop after this many milliseconds (no limit when absent). */
  duration?: number;
  /** Stops receiving; the result keeps what arrived. */
  signal?: AbortSignal;
  /** Most packets kept in the result (default 1000; older ones are let go). */
  keep?: number;
  /** Called for every datagram as it arrives. */
  onPacket?: (p: UdpPacket) => void;
  /** Count and keep packets in this monitor (a live view's) instead of a new one of `keep` packets. */
  monitor?: PacketMonitor;
}

/** What a listen saw. */
export interface ListenResult {
  options: EffectiveSocketOptions;
  /** The most recent packets (at most `keep`), oldest first. */
  packets: UdpPacket[];
  stats: MonitorStats;
  endedBy: ListenEnd;
  /** The socket error that ended it, when `endedBy` is `error`. */
  error?: NetProbeError;
  elapsedMs: number;
  /** Datagrams the kernel dropped for this socket (receive buffer full), read just before it closed; not in `stats`. */
  kernelDrops: KernelDrops;
}

/** Validates count/duration options, throwing `invalid-input`. */
export function checkCollectOptions(o: CollectOptions): void {
  if (o.count !== undefined && (!Number.isInteger(o.count) || o.count < 1))
    throw new Err('invalid-input', `The packet count must be a whole number of at least 1 (got ${o.count}).`);
  if (o.duration !== undefined && (!Number.isFinite(o.duration) || o.duration <= 0))
    throw new Err('invalid-input', `The listening time must be a positive number of milliseconds (got ${o.duration}).`);
  if (o.keep !== undefined && (!Number.isInteger(o.keep) || o.keep < 1))
    throw new Err('invalid-input', `The number of packets to keep must be at least 1 (got ${o.keep}).`);
}

/**
 * Receives on an open socket until `count` datagrams, `duration` ms, the signal, or a socket error, then
 * closes the socket and reports. Never rejects.
 */
export function collect(sock: UdpSocket, o: CollectOptions): Promise<ListenResult> {
  const start = nowMs();
  const monitor = o.monitor ?? new PacketMonitor({ capacity: o.keep ?? 1000 });
  const options = sock.effective();
  return new Promise(resolve => {
    let done = false;
    const finish = (endedBy: ListenEnd, error?: NetProbeError): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      stopPackets();
      stopErrors();
      void sock.kernelDrops().then(async kernelDrops => {
        await sock.close();
        const result: ListenResult = { options, packets: monitor.packets(), stats: monitor.stats(), endedBy, elapsedMs: roundMs(nowMs() - start), kernelDrops };
        if (error) result.error = error;
        resolve(result);
      });
    };
    const onAbort = (): void => finish('aborted');
    const timer = o.duration !== undefined ? setTimeout(() => finish('duration'), o.duration) : undefined;
    let received = 0;
    const stopPackets = sock.onPacket(p => {
      if (done) return;
      received++;
      monitor.add(p);
      o.onPacket?.(p);
      if (o.count !== undefined && received >= o.count) finish('count');
    });
    const stopErrors = sock.onError(e => finish('error', e));
    if (o.signal?.aborted) finish('aborted');
    else o.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
