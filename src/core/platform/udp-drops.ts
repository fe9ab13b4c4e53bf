import * as fs from 'fs/promises';
import type { PlatformOptions } from './types';
import { useLinuxSources } from './types';

/** The kernel's count of datagrams it dropped for one socket (its receive buffer was full), or why it is unknown. */
export type KernelDrops =
  { available: true; drops: number; /** Bytes waiting in the receive buffer now. */ queuedBytes: number } | { available: false; reason: string };

/** One UDP socket's row of /proc/net/udp or udp6, by inode. */
export interface UdpSocketCounters {
  inode: number;
  drops: number;
  queuedBytes: number;
}

/**
 * Reads the rows of /proc/net/udp or udp6 text: each socket's inode (column 10), receive queue (the second half
 * of `tx_queue:rx_queue`, hex) and `drops` (the last column).
 */
export function parseUdpCounters(text: string): UdpSocketCounters[] {
  const out: UdpSocketCounters[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 13) continue;
    const inode = Number(f[9]);
    const drops = Number(f[12]);
    const queuedBytes = parseInt((f[4] ?? '').split(':')[1] ?? '', 16);
    if (Number.isInteger(inode) && Number.isInteger(drops)) out.push({ inode, drops, queuedBytes: Number.isNaN(queuedBytes) ? 0 : queuedBytes });
  }
  return out;
}

const NOT_LINUX = 'This system does not give a per-socket drop count (NetProbe reads it from /proc/net/udp on Linux).';

/**
 * The kernel's drop counter of the UDP socket with file descriptor `fd` in this process: its inode from
 * `/proc/self/fd/FD`, then the `drops` column of its row in /proc/net/udp or udp6. Elsewhere, or when the
 * descriptor or the row cannot be read, says why instead.
 */
export async function udpKernelDrops(fd: number | undefined, opts: PlatformOptions & { procRoot?: string } = {}): Promise<KernelDrops> {
  if (!useLinuxSources(opts) && opts.procRoot === undefined) return { available: false, reason: NOT_LINUX };
  if (fd === undefined)
    return { available: false, reason: "The socket's file descriptor is not available in this Node version, so its kernel drop count cannot be read." };
  const root = opts.procRoot ?? '/proc';
  let inode: number;
  try {
    const m = /^socket:\[(\d+)\]$/.exec(await fs.readlink(`${root}/self/fd/${fd}`));
    if (!m) return { available: false, reason: 'The socket is closed.' };
    inode = Number(m[1]);
  } catch {
    return { available: false, reason: 'The socket is closed.' };
  }
  for (const file of ['udp', 'udp6']) {
    let text: string;
    try {
      text = await fs.readFile(`${root}/net/${file}`, 'utf8');
    } catch {
      continue;
    }
    const row = parseUdpCounters(text).find(r => r.inode === inode);
    if (row) return { available: true, drops: row.drops, queuedBytes: row.queuedBytes };
  }
  return { available: false, reason: 'The socket is not listed in /proc/net/udp (another network namespace?).' };
}
