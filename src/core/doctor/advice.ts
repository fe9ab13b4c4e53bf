import * as net from 'net';
import { formatHostPort } from '../address/host-port';
import type { OperationOptions } from '../errors';
import { listeningSockets } from '../platform/listening';
import { WORDS } from './words';

/** True for a loopback address (127.0.0.0/8, ::1, ::ffff:127.x.x.x). */
export function isLoopback(address: string): boolean {
  const a = address.toLowerCase().replace(/%.*$/, '');
  if (net.isIPv4(a)) return a.startsWith('127.');
  return a === '::1' || a.startsWith('::ffff:127.');
}

/** What to do about a refused connection to a remote host. */
export const REMOTE_REFUSED_ADVICE = WORDS.refused.advice;

/**
 * Advice for a connection to `addresses`:`port` that was refused. For a remote host: start the service, or make
 * it listen on that address. For this machine (loopback), the listening sockets say what is really there: the
 * port open on another local address (and which process holds it), or nothing listening on it at all.
 */
export async function refusedAdvice(addresses: readonly string[], port: number, opts: OperationOptions = {}): Promise<string> {
  if (addresses.length === 0 || !addresses.every(isLoopback)) return REMOTE_REFUSED_ADVICE;
  let elsewhere: string[] = [];
  try {
    const scan = await listeningSockets({ udp: false, ...(opts.signal ? { signal: opts.signal } : {}) });
    elsewhere = scan.sockets
      .filter(s => s.protocol === 'tcp' && s.port === port)
      .map(s => `${formatHostPort(s.address, s.port)}${s.processes[0] ? ` (${s.processes[0].name}, pid ${s.processes[0].pid})` : ''}`);
  } catch {
    // No list of listeners here: the advice below still holds.
  }
  if (elsewhere.length) {
    return `Port ${port} is open on this machine, but not on ${addresses.join(' or ')}: it listens on ${elsewhere.join(', ')}. Connect to that address, or make the service listen on loopback too.`;
  }
  return `Nothing on this machine listens on port ${port}: start the service, or check the port number (NetProbe: Show Listening Ports lists what listens here).`;
}
