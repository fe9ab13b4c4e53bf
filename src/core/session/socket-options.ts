import type * as net from 'net';
import type { KernelSocketView } from './kernel-view';

/** Options for the TCP socket of a session. */
export interface SocketOptionSettings {
  /** TCP_NODELAY: send small writes at once instead of batching them (Nagle off). Default true. */
  noDelay?: boolean;
  /** SO_KEEPALIVE: probe an idle connection. Default false. */
  keepAlive?: boolean;
  /** TCP_KEEPIDLE in ms before the first keep-alive probe (with keepAlive). */
  keepAliveInitialDelay?: number;
}

/** One socket option: what was applied, or why it cannot be. */
export interface SocketOptionReport {
  /** The OS name, e.g. `TCP_NODELAY`. */
  name: string;
  /** `applied` (set by NetProbe), `default` (left as the OS has it), `unavailable` (Node cannot set it). */
  state: 'applied' | 'default' | 'unavailable';
  value?: string;
  /** The value the kernel reports now (Linux), when it can be read. */
  effective?: string;
  note: string;
}

const UNAVAILABLE: Array<[string, string]> = [
  ['SO_RCVBUF', 'Node sets receive buffer sizes only for UDP sockets; the kernel autotunes TCP buffers.'],
  ['SO_SNDBUF', 'Node sets send buffer sizes only for UDP sockets; the kernel autotunes TCP buffers.'],
  ['SO_LINGER', 'Not settable; "reset" closes with linger 0 (an RST), which is the one case Node offers.'],
  ['TCP_KEEPINTVL', 'Not exposed by Node (the OS default interval between keep-alive probes applies).'],
  ['TCP_KEEPCNT', 'Not exposed by Node (the OS default count of keep-alive probes applies).'],
  ['TCP_USER_TIMEOUT', 'Not exposed by Node.'],
  ['IP_TOS / IPV6_TCLASS', 'Not exposed by Node for TCP sockets.'],
  ['IP_TTL', 'Node sets TTL only for UDP sockets.'],
  ['TCP_QUICKACK', 'Not exposed by Node.'],
  ['TCP_CORK', 'Not exposed by Node (use one write per message instead).'],
  ['TCP_MAXSEG', 'Not exposed by Node.'],
  ['TCP_CONGESTION', 'Not exposed by Node (the system default congestion control applies).'],
];

/**
 * Applies the settable options to a connected socket and reports every option: the values applied,
 * and those Node cannot set, listed as unavailable rather than pretended.
 */
export function applySocketOptions(socket: net.Socket, s: SocketOptionSettings): SocketOptionReport[] {
  const noDelay = s.noDelay ?? true;
  socket.setNoDelay(noDelay);
  const report: SocketOptionReport[] = [
    {
      name: 'TCP_NODELAY',
      state: 'applied',
      value: noDelay ? 'on' : 'off',
      note: noDelay ? 'Nagle off: each write is sent at once.' : 'Nagle on: small writes may be batched.',
    },
  ];
  if (s.keepAlive) {
    const delay = s.keepAliveInitialDelay ?? 0;
    socket.setKeepAlive(true, delay);
    report.push({ name: 'SO_KEEPALIVE', state: 'applied', value: 'on', note: 'Idle connections are probed.' });
    report.push(
      delay > 0
        ? { name: 'TCP_KEEPIDLE', state: 'applied', value: `${Math.round(delay / 1000)} s`, note: 'Idle time before the first probe.' }
        : { name: 'TCP_KEEPIDLE', state: 'default', note: 'The OS default idle time applies (Linux: 7200 s).' },
    );
  } else {
    socket.setKeepAlive(false);
    report.push({ name: 'SO_KEEPALIVE', state: 'applied', value: 'off', note: 'No keep-alive probes.' });
  }
  for (const [name, note] of UNAVAILABLE) report.push({ name, state: 'unavailable', note });
  return report;
}

/** Adds the kernel's effective values (from {@link kernelSocketView}) to a report. */
export function withEffectiveValues(report: SocketOptionReport[], k: KernelSocketView | undefined): SocketOptionReport[] {
  if (!k) return report;
  const eff: Record<string, string | undefined> = {
    SO_RCVBUF: k.rcvbuf !== undefined ? `${k.rcvbuf} bytes` : undefined,
    SO_SNDBUF: k.sndbuf !== undefined ? `${k.sndbuf} bytes` : undefined,
    SO_KEEPALIVE: k.keepaliveTimer ? `on (next probe timer ${k.keepaliveTimer})` : undefined,
    TCP_MAXSEG: k.mss !== undefined ? `${k.mss} bytes` : undefined,
    TCP_CONGESTION: k.congestion,
  };
  return report.map(o => (eff[o.name] ? { ...o, effective: eff[o.name] } : o));
}
