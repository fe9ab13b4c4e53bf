import type { OperationOptions } from '../errors';
import { nowMs, roundMs, withDeadline } from '../errors';
import type { ListenerSource, ListeningSocket } from '../platform/listening';
import { listeningSockets } from '../platform/listening';
import type { PlatformOptions } from '../platform/types';
import { serviceName } from '../scan/services';

/** A socket this machine listens on. */
export interface Listener extends ListeningSocket {
  /** IANA service name of the port, when registered. */
  service?: string;
}

/** What {@link listListeners} found. */
export interface ListenersResult {
  /** False where no source works (no /proc/net, no lsof, no netstat): `listeners` is empty, `message` says why. */
  supported: boolean;
  /** Where the list came from: Linux `/proc` (exact, with owners), `lsof` (owners) or `netstat -an` (no owners). */
  source?: ListenerSource;
  message?: string;
  listeners: Listener[];
  elapsedMs: number;
}

export interface ListenersOptions extends OperationOptions, PlatformOptions {
  /** Include UDP sockets bound to a port and not connected (default true). */
  udp?: boolean;
  /** Root of procfs (default `/proc`; tests point it elsewhere). */
  procRoot?: string;
  /** Read only this source (tests force the portable ones). */
  source?: ListenerSource;
}

/**
 * Lists the TCP ports this machine listens on (and bound, unconnected UDP ports) with the owning processes and
 * service names, in the caller's network namespace: from Linux's /proc (see `core/platform` listeningSockets),
 * elsewhere from `lsof` or `netstat -an`. Where none works, `supported: false` with a message instead of guessing.
 */
export async function listListeners(opts: ListenersOptions = {}): Promise<ListenersResult> {
  const start = nowMs();
  const scan = await withDeadline(listeningSockets(opts), 'Listing listening ports', opts);
  if (!scan.source)
    return { supported: false, message: scan.message ?? 'Listening ports cannot be listed here.', listeners: [], elapsedMs: roundMs(nowMs() - start) };
  const listeners = scan.sockets.map((s): Listener => {
    const service = serviceName(s.port, s.protocol);
    return { ...s, ...(service ? { service } : {}) };
  });
  listeners.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port || a.family - b.family || a.address.localeCompare(b.address));
  return { supported: true, source: scan.source, listeners, elapsedMs: roundMs(nowMs() - start) };
}
