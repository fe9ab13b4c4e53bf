import * as fs from 'fs';
import * as os from 'os';
import type { PlatformOptions } from './types';
import { useLinuxSources } from './types';

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
      const item: InterfaceAddress = {
        name,
        family,
        address: a.address,
        netmask: a.netmask,
        prefix,
        cidr: a.cidr ?? `${a.address}/${prefix}`,
        mac: a.mac,
        internal: a.internal,
      };
      if (family === 4) item.broadcast = ipv4Broadcast(a.address, a.netmask);
      if (a.family === 'IPv6') item.scopeId = a.scopeid;
      out.push(item);
    }
  }
  return out;
}

/**
 * Interface index of an interface name (an IPv6 zone): Linux `/sys/class/net/<if>/ifindex`; elsewhere the
 * scope id Node reports for the interface's IPv6 addresses. A number is taken as the index itself.
 */
export function interfaceIndex(name: string, opts: PlatformOptions = {}): number | undefined {
  if (/^[0-9]+$/.test(name)) return Number(name);
  if (!/^[A-Za-z0-9_.:@-]{1,64}$/.test(name)) return undefined;
  if (useLinuxSources(opts)) {
    try {
      const n = Number(fs.readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8').trim());
      if (Number.isInteger(n)) return n;
    } catch {
      // no such interface (or no sysfs): try what Node knows
    }
  }
  return os.networkInterfaces()[name]?.find(a => a.family === 'IPv6' && a.scopeid)?.scopeid;
}

/** Names of this machine's interfaces: `/sys/class/net` on Linux (down ones too), else those Node lists. */
export function interfaceNames(opts: PlatformOptions = {}): string[] {
  const names = new Set(Object.keys(os.networkInterfaces()));
  if (useLinuxSources(opts)) {
    try {
      for (const n of fs.readdirSync('/sys/class/net')) names.add(n);
    } catch {
      // no sysfs
    }
  }
  return [...names];
}

/** The name of the interface with this index, when known. */
export function interfaceNameOfIndex(index: number, opts: PlatformOptions = {}): string | undefined {
  return interfaceNames(opts).find(name => interfaceIndex(name, opts) === index);
}
