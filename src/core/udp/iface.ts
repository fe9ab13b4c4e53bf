import * as os from 'os';
import { parseAddressLiteral } from '../address/literal';
import { interfaceIndex, interfaceNameOfIndex, interfaceNames } from '../platform/interfaces';
import { NetProbeError } from '../errors';

/** A network interface chosen for multicast, in the forms the socket calls need. */
export interface MulticastInterface {
  /** What the user wrote. */
  spec: string;
  /** Interface name, when known. */
  name?: string;
  /** Interface index (IPv6 joins and sends are by index). */
  index?: number;
  /** IPv4: the interface's address. IPv6: `::%name` (the form Node's socket calls take). */
  socketAddress: string;
  /** An address of the interface in the requested family, for display. */
  address?: string;
}

function interfaceExists(name: string): boolean {
  return interfaceNames().includes(name);
}

function knownNames(): string {
  return Object.keys(os.networkInterfaces()).join(', ') || 'none';
}

/**
 * Resolves an interface given by name (`eth0`), index (`3`, IPv6) or address (`192.168.1.5`, `fe80::1%eth0`)
 * to what multicast socket calls need in `family`. Throws `invalid-input` naming the interfaces that exist.
 */
export function resolveMulticastInterface(spec: string, family: 4 | 6): MulticastInterface {
  const text = spec.trim();
  if (text === '') throw new NetProbeError('invalid-input', 'No interface given.');
  const all = os.networkInterfaces();
  let literal;
  try {
    literal = /^[0-9]+$/.test(text) ? undefined : parseAddressLiteral(text);
  } catch (e) {
    if (e instanceof NetProbeError) throw new NetProbeError('invalid-input', `${e.message} Interfaces here: ${knownNames()}.`);
    throw e;
  }
  if (literal) {
    if (literal.family !== family) {
      throw new NetProbeError(
        'invalid-input',
        `Interface address ${literal.address} is IPv${literal.family}, but the group is IPv${family}: give an IPv${family} address or an interface name.`,
      );
    }
    const owner = Object.entries(all).find(([, list]) => list?.some(a => a.address.toLowerCase() === literal.address));
    if (!owner) {
      throw new NetProbeError('invalid-input', `No interface on this machine has the address ${literal.address}. Interfaces here: ${knownNames()}.`);
    }
    const [name] = owner;
    if (family === 4) return { spec: text, name, socketAddress: literal.address, address: literal.address };
    const index = literal.scopeId ?? interfaceIndex(name);
    return { spec: text, name, ...(index !== undefined ? { index } : {}), socketAddress: `::%${name}`, address: literal.address };
  }
  let name = text;
  if (/^[0-9]+$/.test(text)) {
    const found = interfaceNameOfIndex(Number(text));
    if (!found) throw new NetProbeError('invalid-input', `There is no network interface with index ${text}. Interfaces here: ${knownNames()}.`);
    name = found;
  }
  if (!interfaceExists(name)) {
    throw new NetProbeError('invalid-input', `There is no network interface named "${name}" on this machine. Interfaces here: ${knownNames()}.`);
  }
  const addrs = (all[name] ?? []).filter(a => (family === 4 ? a.family === 'IPv4' : a.family === 'IPv6'));
  if (family === 4) {
    const first = addrs[0];
    if (!first)
      throw new NetProbeError('invalid-input', `Interface "${name}" has no IPv4 address (is it down?); IPv4 multicast needs one to choose the interface.`);
    return { spec: text, name, socketAddress: first.address, address: first.address };
  }
  const index = interfaceIndex(name);
  const linkLocal = addrs.find(a => a.address.startsWith('fe80')) ?? addrs[0];
  return { spec: text, name, ...(index !== undefined ? { index } : {}), socketAddress: `::%${name}`, ...(linkLocal ? { address: linkLocal.address } : {}) };
}

/**
 * Resolves a local bind address given as an IP literal or an interface name (its first address of
 * `family`, IPv4 preferred when no family is given).
 */
export function resolveBindAddress(spec: string, family?: 4 | 6): { address: string; family: 4 | 6 } {
  const text = spec.trim();
  const literal = parseAddressLiteral(text);
  if (literal) {
    if (family && literal.family !== family)
      throw new NetProbeError('invalid-input', `${literal.address} is an IPv${literal.family} address, but IPv${family} was requested.`);
    return { address: literal.family === 6 && literal.zone ? `${literal.address}%${literal.zone}` : literal.address, family: literal.family };
  }
  const list = os.networkInterfaces()[text];
  if (!list) throw new NetProbeError('invalid-input', `"${text}" is neither an IP address nor a network interface here. Interfaces: ${knownNames()}.`);
  const pick = list.find(a => (family ? a.family === `IPv${family}` : a.family === 'IPv4')) ?? (family ? undefined : list[0]);
  if (!pick) throw new NetProbeError('invalid-input', `Interface "${text}" has no IPv${family ?? 4} address.`);
  const fam = pick.family === 'IPv6' ? 6 : 4;
  return { address: fam === 6 && pick.address.startsWith('fe80') ? `${pick.address}%${text}` : pick.address, family: fam };
}
