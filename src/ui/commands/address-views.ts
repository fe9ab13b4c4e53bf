import type { ByteOrderResult } from '../../core/address/byte-order';
import type { CidrInfo, CidrSplit } from '../../core/address/cidr';
import type { AddressInfo } from '../../core/address/describe';
import type { MacInfo } from '../../core/address/mac';
import type { OuiVendor } from '../../core/address/oui';
import { addressRows, byteOrderRows, cidrRows, macRows } from '../../core/address/rows';
import { newView } from '../results/new-view';
import type { ResultSection, ResultView } from '../results/view-model';

function notesSection(notes: string[]): ResultSection[] {
  return notes.length ? [{ type: 'text', heading: 'Notes', text: notes.join('\n') }] : [];
}

/** Results-panel view of every form of an address. */
export function addressView(a: AddressInfo, rerunArgs: unknown[]): ResultView {
  const summary = a.differs
    ? `${a.input.trim()} is ${a.canonical} to inet_aton/getaddrinfo, but ${a.strict === null ? 'strict parsers reject it' : `strict parsers read ${a.strict}`}.`
    : `${a.canonical}: ${a.special.name}.`;
  return newView({
    kind: 'convertAddress',
    title: `Address ${a.input.trim()}`,
    summary,
    status: a.differs ? 'warning' : 'ok',
    sections: [{ type: 'kv', rows: addressRows(a) }, ...notesSection(a.notes)],
    data: a,
    rerun: { command: 'netprobe.convertAddress', args: rerunArgs },
  });
}

/** Results-panel view of a byte-order conversion. */
export function byteOrderView(b: ByteOrderResult): ResultView {
  return newView({
    kind: 'byteOrder',
    title: `Byte order of ${b.input.trim()}`,
    status: 'ok',
    summary: `${b.hton}(${b.value}) = ${b.htonValue} (${b.htonHex}) on this ${b.hostEndianness}-endian machine.`,
    sections: [{ type: 'kv', rows: byteOrderRows(b) }],
    data: b,
    rerun: { command: 'netprobe.byteOrder', args: [b.input, b.bits] },
  });
}

/** Results-panel view of a MAC address. */
export function macView(m: MacInfo, vendor: OuiVendor | null | undefined): ResultView {
  const who = vendor ? vendor.name : m.locallyAdministered ? 'locally administered (no vendor)' : 'unknown vendor';
  return newView({
    kind: 'macAddress',
    title: `MAC ${m.canonical}`,
    status: 'ok',
    summary: `${m.canonical}: ${m.kind}, ${who}.`,
    sections: [
      { type: 'kv', rows: macRows(m, vendor) },
      ...(vendor?.address.length ? [{ type: 'text' as const, heading: 'Registered address', text: vendor.address.join('\n') }] : []),
    ],
    data: { ...m, vendor: vendor ?? null },
    rerun: { command: 'netprobe.macAddress', args: [m.input] },
  });
}

/** Results-panel view of a subnet calculation. */
export function cidrView(c: CidrInfo, extra: { contains?: { address: string; inside: boolean }; split?: CidrSplit }): ResultView {
  const sections: ResultSection[] = [{ type: 'kv', rows: cidrRows(c) }, ...notesSection(c.notes)];
  if (extra.contains)
    sections.push({
      type: 'kv',
      heading: 'Containment',
      rows: [[extra.contains.address, extra.contains.inside ? `inside ${c.cidr}` : `not inside ${c.cidr}`]],
    });
  if (extra.split) {
    const s = extra.split;
    sections.push({
      type: 'table',
      heading: `${s.total} subnets of /${s.newPrefix}${s.truncated ? ` (first ${s.subnets.length})` : ''}`,
      columns: ['#', 'Subnet'],
      rows: s.subnets.map((x, i) => [String(i + 1), x]),
    });
  }
  return newView({
    kind: 'subnetCalculator',
    title: `Subnet ${c.cidr}`,
    status: extra.contains && !extra.contains.inside ? 'warning' : 'ok',
    summary: `${c.cidr}: ${c.hostCount} host${c.hostCount === '1' ? '' : 's'}, ${c.firstHost} – ${c.lastHost}.`,
    sections,
    data: { ...c, ...extra },
    rerun: {
      command: 'netprobe.subnetCalculator',
      args: [c.input, { ...(extra.contains ? { contains: extra.contains.address } : {}), ...(extra.split ? { split: extra.split.newPrefix } : {}) }],
    },
  });
}
