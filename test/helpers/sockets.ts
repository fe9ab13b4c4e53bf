import * as fs from 'fs';

/** How many sockets this process has open (Linux: counts `socket:` links in /proc/self/fd). */
export function socketFds(): number {
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // closed while listing
    }
  }
  return n;
}
