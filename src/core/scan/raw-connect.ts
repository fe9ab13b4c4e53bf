import * as net from 'net';
import * as os from 'os';
import * as util from 'util';

/** How one raw connect attempt ended: 0 on success, otherwise a negative libuv/OS error number. */
export type RawStatus = number;

/** Called once per attempt unless it was cancelled first. `localPort` is set on success. */
export type RawCallback = (status: RawStatus, localAddress?: string, localPort?: number) => void;

/** A pending attempt; `cancel()` closes its socket at once and suppresses the callback. */
export interface RawAttempt {
  cancel(): void;
}

/** Opens TCP connections as cheaply as the runtime allows and closes them as soon as they are answered. */
export interface RawConnector {
  /** `libuv` (the runtime's TCP handles, no stream layer) or `net` (portable fallback). */
  readonly kind: 'libuv' | 'net';
  connect(address: string, family: 4 | 6, port: number, done: RawCallback): RawAttempt;
  /** Closes the sockets kept for reuse (call when the scan ends or is cancelled). */
  close?(): void;
}

/** Error name for a raw status (`ECONNREFUSED`). */
export function statusName(status: RawStatus): string {
  try {
    return util.getSystemErrorName(status);
  } catch {
    return `E${-status}`;
  }
}

interface TcpHandle {
  connect(req: ConnectReq, address: string, port: number): number;
  connect6(req: ConnectReq, address: string, port: number): number;
  getsockname(out: { address?: string; port?: number }): number;
  close(cb?: () => void): void;
}
interface ConnectReq {
  oncomplete: (status: number, handle: TcpHandle, req: ConnectReq) => void;
  /** Set by NetProbe: the attempt this request belongs to. */
  attempt?: LibuvAttempt;
}
interface TcpWrapBinding {
  TCP: new (type: number) => TcpHandle;
  TCPConnectWrap: new () => ConnectReq;
  constants: { SOCKET: number };
}

/**
 * The libuv TCP handle binding (what `net.Socket` wraps). A scan that never reads or writes needs none of
 * the stream machinery, which costs more CPU than the connect itself; using the handle directly makes a
 * loopback scan about 2.5 times faster. Undefined when the runtime does not expose it.
 */
function tcpWrap(): TcpWrapBinding | undefined {
  try {
    const binding = (process as unknown as { binding(name: string): unknown }).binding('tcp_wrap') as Partial<TcpWrapBinding>;
    if (typeof binding.TCP === 'function' && typeof binding.TCPConnectWrap === 'function' && binding.constants) return binding as TcpWrapBinding;
  } catch {
    // Not available (a runtime without process.binding): use net.Socket.
  }
  return undefined;
}

const ECONNREFUSED = -(os.constants.errno.ECONNREFUSED ?? 111);
const ECONNABORTED = -(os.constants.errno.ECONNABORTED ?? 103);
/** Refused sockets kept per family for the next probe; more than the engine ever has in flight is not needed. */
const MAX_IDLE = 4096;

class LibuvAttempt implements RawAttempt {
  live = true;
  constructor(
    readonly handle: TcpHandle,
    readonly done: RawCallback,
    readonly idle: TcpHandle[] | undefined,
  ) {}

  cancel(): void {
    if (!this.live) return;
    this.live = false;
    this.handle.close();
  }
}

// One shared completion function (no closure per probe); `req.attempt` carries the context.
function oncomplete(status: number, h: TcpHandle, req: ConnectReq): void {
  const a = req.attempt;
  req.attempt = undefined;
  if (!a?.live) return;
  a.live = false;
  if (status === 0) {
    const name: { address?: string; port?: number } = {};
    h.getsockname(name);
    h.close();
    a.done(0, name.address, name.port);
  } else if (status === ECONNREFUSED && a.idle && a.idle.length < MAX_IDLE) {
    // The kernel put the socket back in CLOSE state: it can connect again, which spares a socket(),
    // a close() and two epoll_ctl() per closed port, about a third of the CPU time of a loopback scan.
    a.idle.push(h);
    a.done(status);
  } else {
    h.close();
    a.done(status);
  }
}

function connectOn(h: TcpHandle, req: ConnectReq, family: 4 | 6, address: string, port: number): number {
  return family === 6 ? h.connect6(req, address, port) : h.connect(req, address, port);
}

/** Reuse is given up after this many refused sockets that would not connect again (a kernel that forbids it). */
const MAX_REUSE_FAILURES = 3;

function libuvConnector(b: TcpWrapBinding, reuse: boolean): RawConnector {
  const idle4: TcpHandle[] = [];
  const idle6: TcpHandle[] = [];
  let reusing = reuse;
  let reuseFailures = 0;
  return {
    kind: 'libuv',
    connect(address, family, port, done) {
      const idle = reusing ? (family === 6 ? idle6 : idle4) : undefined;
      const req = new b.TCPConnectWrap();
      req.oncomplete = oncomplete;
      let handle = idle?.pop();
      let err = -1;
      if (handle) {
        // A refused socket still carries its failed connect: the first call clears it (ECONNABORTED).
        err = connectOn(handle, req, family, address, port);
        if (err === ECONNABORTED) err = connectOn(handle, req, family, address, port);
        if (err !== 0) {
          handle.close();
          handle = undefined;
          if (++reuseFailures >= MAX_REUSE_FAILURES) reusing = false;
        }
      }
      if (!handle) {
        handle = new b.TCP(b.constants.SOCKET);
        err = connectOn(handle, req, family, address, port);
      }
      const attempt = new LibuvAttempt(handle, done, idle);
      if (err !== 0) {
        attempt.live = false;
        attempt.handle.close();
        queueMicrotask(() => done(err));
      } else {
        req.attempt = attempt;
      }
      return attempt;
    },
    close() {
      for (const h of idle4.splice(0)) h.close();
      for (const h of idle6.splice(0)) h.close();
    },
  };
}

function errnoOf(name: string | undefined): number {
  for (const [n, [errName]] of util.getSystemErrorMap()) if (errName === name) return n;
  return -1;
}

function netConnector(): RawConnector {
  return {
    kind: 'net',
    connect(address, family, port, done) {
      const socket = net.connect({ host: address, port, family });
      let live = true;
      socket.once('connect', () => {
        if (!live) return;
        live = false;
        const { localAddress, localPort } = socket;
        socket.destroy();
        done(0, localAddress, localPort);
      });
      socket.once('error', (e: NodeJS.ErrnoException) => {
        socket.destroy();
        if (!live) return;
        live = false;
        done(errnoOf(e.code));
      });
      return {
        cancel() {
          live = false;
          socket.destroy();
        },
      };
    },
    close: () => undefined,
  };
}

/**
 * The fastest connector this runtime supports (`prefer: 'net'` forces the portable one). On Linux the libuv
 * connector reuses refused sockets for the next probe (Linux lets a socket connect again after a refused
 * connect; elsewhere this is not relied on) unless `reuse` is false; call `close()` when done.
 */
export function createConnector(prefer?: 'libuv' | 'net', reuse = process.platform === 'linux'): RawConnector {
  const b = prefer === 'net' ? undefined : tcpWrap();
  return b ? libuvConnector(b, reuse) : netConnector();
}
