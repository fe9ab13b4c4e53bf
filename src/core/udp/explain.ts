import type { NetProbeErrorCode } from '../errors';
import { errorMessage, isErrnoException, NetProbeError } from '../errors';

/** What was being done when a UDP socket call failed, for the message. */
export interface UdpErrorContext {
  /** e.g. `Binding UDP port 5000`, `Joining 239.1.2.3 on eth0`. */
  action: string;
  group?: string;
  iface?: string;
  port?: number;
  target?: string;
}

/**
 * Turns a dgram/OS error into a NetProbeError whose message says what went wrong and the likely fix
 * (address in use, no such interface, no multicast route, permission, datagram too large, …).
 */
export function explainUdpError(e: unknown, ctx: UdpErrorContext): NetProbeError {
  if (e instanceof NetProbeError) return e;
  const errno = isErrnoException(e) ? e.code : undefined;
  const what = ctx.action;
  const make = (code: NetProbeErrorCode, text: string): NetProbeError => new NetProbeError(code, `${what} failed: ${text}`, errno, { cause: e });
  switch (errno) {
    case 'EADDRINUSE':
      return make(
        'in-use',
        `the address is already in use — another program (or another NetProbe listener) has ${ctx.port !== undefined ? `port ${ctx.port}` : 'that port'} bound. Stop it, pick another port, or enable address reuse (reuseAddr) on both sockets.`,
      );
    case 'EACCES':
    case 'EPERM':
      return make(
        'permission',
        (ctx.port ?? 1024) < 1024
          ? `permission denied — ports below 1024 need administrator rights (or CAP_NET_BIND_SERVICE).`
          : ctx.target
            ? `permission denied — ${ctx.target} is probably a broadcast address, which needs the broadcast option (SO_BROADCAST, --broadcast); otherwise a firewall rule refused it.`
            : 'permission denied by the operating system or a firewall.',
      );
    case 'EADDRNOTAVAIL':
      return make(
        'invalid-input',
        ctx.iface
          ? `the address or interface "${ctx.iface}" is not usable here — no local interface has that address, or it is not up yet.`
          : `the address is not available on this machine (not one of its interface addresses).`,
      );
    case 'ENODEV':
    case 'ENXIO':
      return make(
        'invalid-input',
        `no such network interface${ctx.iface ? ` ("${ctx.iface}")` : ''}, or it cannot do multicast. Choose an interface that is up and has the MULTICAST flag (see \`ip link\`).`,
      );
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return make(
        'unreachable',
        ctx.group
          ? `there is no multicast route for ${ctx.group}. Choose the outgoing interface explicitly (--iface / the interface option), or add a route, e.g. \`ip route add 224.0.0.0/4 dev eth0\` (IPv6: \`ip -6 route add ff00::/8 dev eth0\`).`
          : `there is no route to ${ctx.target ?? 'the destination'} from this machine.`,
      );
    case 'ENETDOWN':
      return make('unreachable', `the network interface is down.`);
    case 'EINVAL':
      return make(
        'invalid-input',
        ctx.group
          ? `the operating system rejected the request for ${ctx.group} — usually the interface and group families differ, the group is already joined on that interface, or the socket is bound to a different family.`
          : `the operating system rejected an argument (invalid address, port or option).`,
      );
    case 'EMSGSIZE':
      return make(
        'invalid-input',
        `the datagram is larger than the path allows (EMSGSIZE). UDP payloads are limited to 65,507 bytes over IPv4 and 65,527 over IPv6; broadcast and multicast may be limited to the interface MTU.`,
      );
    case 'ENOBUFS':
    case 'ENOMEM':
      return make('os-error', `the operating system ran out of buffer space; send more slowly or raise the send buffer size.`);
    case 'ECONNREFUSED':
      return make('refused', `${ctx.target ?? 'the destination'} answered "port unreachable" — nothing is listening on that UDP port.`);
    case 'EAFNOSUPPORT':
      return make('invalid-input', `this machine does not support that address family (is IPv6 disabled?).`);
    case 'ENOPROTOOPT':
    case 'ENOTSUP':
    case 'EOPNOTSUPP':
    case 'ENOSYS':
      return make('os-error', `this operating system does not support that socket option.`);
    case 'ERR_SOCKET_DGRAM_NOT_RUNNING':
      return make('aborted', `the socket was already closed.`);
    default: {
      const m = errorMessage(e);
      return make('os-error', `${errno ?? 'error'}${m && !m.includes(errno ?? '\u0000') ? ` (${m})` : ''}.`);
    }
  }
}
