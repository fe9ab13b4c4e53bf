/** One row of /proc/net/{tcp,tcp6,udp,udp6}. */
export interface ProcNetSocket {
  address: string;
  port: number;
  /** Kernel TCP state number (0x0A = LISTEN, 0x07 = CLOSE, how an unconnected UDP socket shows). */
  state: number;
  uid: number;
  inode: number;
}

function hexIpv4(hex: string): string {
  const n = parseInt(hex, 16);
  // The kernel prints the 32-bit word in host byte order (little-endian on every supported CPU).
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join('.');
}

function hexIpv6(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (let b = 3; b >= 0; b--) bytes.push(parseInt(word.slice(b * 2, b * 2 + 2), 16));
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  if (groups.slice(0, 5).every(g => g === '0') && groups[5] === 'ffff') {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  // Compress the longest run of zero groups, as RFC 5952 asks.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Decodes `0100007F:1F90` into an address and port. */
export function decodeEndpoint(text: string): { address: string; port: number } {
  const [hex = '', port = '0'] = text.split(':');
  return { address: hex.length === 32 ? hexIpv6(hex) : hexIpv4(hex), port: parseInt(port, 16) };
}

/** Parses the text of a /proc/net/{tcp,tcp6,udp,udp6} file. */
export function parseProcNet(text: string): ProcNetSocket[] {
  const out: ProcNetSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !f[1] || !f[3]) continue;
    const { address, port } = decodeEndpoint(f[1]);
    out.push({ address, port, state: parseInt(f[3], 16), uid: Number(f[7]), inode: Number(f[9]) });
  }
  return out;
}
