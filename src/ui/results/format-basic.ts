import type { CheckPortResult } from '../../core/ports/check-port';
import type { InterfaceAddress } from '../../core/platform/interfaces';
import type { PortFreeResult } from '../../core/ports/port-free';
import type { ResolveResult } from '../../core/resolve/resolve';
import type { ReverseResult } from '../../core/resolve/reverse';
import { proxyStagesSection } from '../commands/proxy-view';
import { newView } from './new-view';
import type { ResultView } from './view-model';
import { formatHostPort } from '../../core/address/host-port';
import { formatCount, formatDuration } from '../../core/text/units';

const ms = formatDuration;

export function hostnameView(hostname: string, fqdn: string): ResultView {
  return newView({
    kind: 'hostname',
    title: 'Host name',
    summary: `This machine is ${hostname} (${fqdn}).`,
    status: 'ok',
    sections: [
      {
        type: 'kv',
        rows: [
          ['Host name', hostname],
          ['FQDN', fqdn],
        ],
      },
    ],
    data: { hostname, fqdn },
    rerun: { command: 'netprobe.showHostname', args: [] },
  });
}

export function resolveView(r: ResolveResult): ResultView {
  const how = r.source === 'literal' ? `an address literal${r.legacyForm ? ' in a legacy IPv4 form' : ''} (no lookup)` : 'the system resolver';
  return newView({
    kind: 'resolve',
    title: `Resolve ${r.host}`,
    status: 'ok',
    elapsedMs: r.elapsedMs,
    summary: `${formatCount(r.addresses.length, 'address', 'addresses')} from ${how}.`,
    sections: [
      {
        type: 'table',
        heading: 'Addresses (system order)',
        columns: ['Family', 'Address', 'Notes'],
        rows: r.addresses.map(a => [
          `IPv${a.family}`,
          a.address,
          [a.zone ? `zone ${a.zone}, scope id ${a.scopeId ?? '?'}` : '', a.ipv4Mapped ? 'IPv4-mapped' : ''].filter(Boolean).join('; '),
        ]),
      },
    ],
    data: r,
    rerun: { command: 'netprobe.resolve', args: [r.host] },
  });
}

export function reverseView(r: ReverseResult): ResultView {
  return newView({
    kind: 'reverse',
    title: `Reverse ${r.address}`,
    status: 'ok',
    elapsedMs: r.elapsedMs,
    summary: `${r.address} is ${r.hostname}.`,
    sections: [
      {
        type: 'kv',
        rows: [
          ['Host name', r.hostname],
          ['Aliases', r.aliases.join(', ') || '—'],
          ['Addresses', r.addresses.join(', ')],
        ],
      },
    ],
    data: r,
    rerun: { command: 'netprobe.reverse', args: [r.address] },
  });
}

export function checkPortView(r: CheckPortResult): ResultView {
  return newView({
    kind: 'checkPort',
    title: `Port ${r.host}:${r.port}`,
    status: r.open ? 'ok' : 'error',
    elapsedMs: r.elapsedMs,
    summary: r.message,
    sections: r.attempts.length
      ? [
          {
            type: 'table',
            heading: 'Attempts',
            columns: ['Address', 'Outcome', 'Time', 'Local address'],
            rows: r.attempts.map(a => [
              formatHostPort(a.address, a.port),
              a.outcome + (a.errno && a.outcome !== 'open' ? ` (${a.errno})` : ''),
              ms(a.elapsedMs),
              a.localAddress ? formatHostPort(a.localAddress, a.localPort ?? 0) : '',
            ]),
          },
        ]
      : r.via
        ? [proxyStagesSection(r.via, r.proxy?.stages ?? r.proxyFailure?.completed ?? [], r.proxyFailure)]
        : [],
    data: r,
    rerun: { command: 'netprobe.checkPort', args: [r.host, r.port] },
  });
}

export function portFreeView(r: PortFreeResult): ResultView {
  return newView({
    kind: 'isPortFree',
    title: `Local port ${r.port}`,
    status: r.free ? 'ok' : 'warning',
    summary: r.free
      ? `Port ${r.port} is free to bind.`
      : `Port ${r.port} cannot be bound everywhere${r.heldBy ? `: ${r.heldBy.join(', ')} listens on it` : ''}.`,
    sections: [{ type: 'table', columns: ['Address', 'Free', 'Why'], rows: r.checks.map(c => [c.host, c.free ? 'yes' : 'no', c.free ? '' : c.message]) }],
    data: r,
    rerun: { command: 'netprobe.isPortFree', args: [r.port] },
  });
}

export function interfacesView(list: InterfaceAddress[]): ResultView {
  return newView({
    kind: 'interfaces',
    title: 'Network interfaces',
    status: 'ok',
    summary: `${formatCount(new Set(list.map(i => i.name)).size, 'interface')}, ${formatCount(list.length, 'address', 'addresses')}.`,
    sections: [
      {
        type: 'table',
        columns: ['Name', 'Family', 'CIDR', 'Netmask', 'Broadcast', 'MAC', 'Scope id', 'Internal'],
        rows: list.map(i => [
          i.name,
          `IPv${i.family}`,
          i.cidr,
          i.netmask,
          i.broadcast ?? '',
          i.mac,
          i.scopeId !== undefined ? String(i.scopeId) : '',
          i.internal ? 'yes' : 'no',
        ]),
      },
    ],
    data: { interfaces: list },
    rerun: { command: 'netprobe.showInterfaces', args: [] },
  });
}
