import * as os from 'os';

/** One address of one network interface. */
export interface InterfaceAddress {
  name: string;
  family: 4 | 6;
  address: string;
  netmask: string;
  /** CIDR prefix length. */
  prefix: number;
  cidr: string;
  /** IPv4 broadcast address of the subnet. */
  broadcast?: string;
  mac: string;
  internal: boolean;
  /** IPv6 scope id (interface index for link-local addresses). */
  scopeId?: number;
}

function ipv4Broadcast(address: string, netmask: string): string {
  const a = address.split('.').map(Number);
  const m = netmask.split('.').map(Number);
  return a.map((b, i) => (b | (~(m[i] ?? 0) & 255)) & 255).join('.');
}

/** Every address of every interface, as the OS reports them (`os.networkInterfaces`). */
export function interfaces(): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const [name, list] of Object.entries(os.networkInterfaces())) {
    for (const a of list ?? []) {
      const family = a.family === 'IPv6' ? 6 : 4;
      const prefix = Number((a.cidr ?? '/0').split('/')[1]);
      const item: InterfaceAddress = { name, family, address: a.address, netmask: a.netmask, prefix, cidr: a.cidr ?? `${a.address}/${prefix}`, mac: a.mac, internal: a.internal };
      if (family === 4) item.broadcast = ipv4Broadcast(a.address, a.netmask);
      if (a.family === 'IPv6') item.scopeId = a.scopeid;
      out.push(item);
    }
  }
  return out;
}
