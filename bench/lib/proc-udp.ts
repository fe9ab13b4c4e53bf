import * as fs from 'fs';

/** rx_queue (bytes waiting) and drops of the UDP socket bound to 127.0.0.1:port, from /proc/net/udp (Linux). */
export function udpSocketStats(port: number): { rxQueue: number; drops: number } | undefined {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const line of fs.readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1] === local) return { rxQueue: parseInt((f[4] ?? '0:0').split(':')[1] ?? '0', 16), drops: Number(f[12] ?? 0) };
  }
  return undefined;
}
