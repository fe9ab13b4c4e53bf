import data from './data/top-ports.json';

/**
 * The `n` TCP ports most often found open (n ≤ 1000), most frequent first.
 * Source: the open-frequency column of Nmap's `nmap-services` file (https://nmap.org/book/nmap-services.html,
 * revision 38442 of 2022-08-31), the ranking behind `nmap --top-ports`; only the port numbers are kept
 * (see data/top-ports.json). The list equals `nmap --top-ports 1000` as verified with nmap 7.93.
 */
export function topPorts(n: number): number[] {
  return data.tcp.slice(0, Math.max(0, Math.min(n, data.tcp.length)));
}
