import * as fs from 'fs/promises';
import * as path from 'path';

/** A process that holds a socket. */
export interface SocketOwner {
  pid: number;
  /** Short name (`/proc/PID/comm`). */
  name: string;
  /** Full command line, when readable. */
  command?: string;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Maps socket inodes to the processes holding them by reading the `socket:[INODE]` links in
 * `/proc/PID/fd`. Processes of other users are skipped silently unless running as root.
 */
export async function socketOwners(inodes: ReadonlySet<number>, procRoot = '/proc'): Promise<Map<number, SocketOwner[]>> {
  const owners = new Map<number, SocketOwner[]>();
  if (inodes.size === 0) return owners;
  let pids: string[];
  try {
    pids = (await fs.readdir(procRoot)).filter(d => /^[0-9]+$/.test(d));
  } catch {
    return owners;
  }
  await Promise.all(
    pids.map(async pid => {
      const fdDir = path.join(procRoot, pid, 'fd');
      let fds: string[];
      try {
        fds = await fs.readdir(fdDir);
      } catch {
        return;
      }
      const held = new Set<number>();
      await Promise.all(
        fds.map(async fd => {
          try {
            const m = /^socket:\[(\d+)\]$/.exec(await fs.readlink(path.join(fdDir, fd)));
            const inode = m ? Number(m[1]) : 0;
            if (inodes.has(inode)) held.add(inode);
          } catch {
            // The fd closed while we looked.
          }
        }),
      );
      if (held.size === 0) return;
      const name = ((await readText(path.join(procRoot, pid, 'comm'))) ?? '').trim();
      const cmdline = (await readText(path.join(procRoot, pid, 'cmdline')))?.split('\0').filter(Boolean).join(' ');
      const owner: SocketOwner = { pid: Number(pid), name };
      if (cmdline) owner.command = cmdline;
      for (const inode of held) {
        const list = owners.get(inode) ?? [];
        list.push(owner);
        owners.set(inode, list);
      }
    }),
  );
  for (const list of owners.values()) list.sort((a, b) => a.pid - b.pid);
  return owners;
}
