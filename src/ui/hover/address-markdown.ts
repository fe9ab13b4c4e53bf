import { describeCidr } from '../../core/address/cidr';
import type { AddressInfo } from '../../core/address/describe';
import { describeAddress } from '../../core/address/describe';
import type { AddressToken } from '../../core/address/detect';
import { describeMac } from '../../core/address/mac';
import type { MacInfo } from '../../core/address/mac';
import type { OuiVendor } from '../../core/address/oui';
import { userArgs } from '../commands/entry-point';

/** Commands the hover links to (they must be allowed in the MarkdownString's `isTrusted`). */
export const HOVER_COMMANDS = [
  'netprobe.copyAddressAs',
  'netprobe.reverse',
  'netprobe.checkPort',
  'netprobe.convertAddress',
  'netprobe.macAddress',
  'netprobe.subnetCalculator',
];

/** Extra facts the hover shows when it has them: reverse DNS state and MAC vendor. */
export interface HoverExtras {
  /** `undefined`: reverse lookup is off. */
  reverse?: { state: 'pending' } | { state: 'done'; name: string } | { state: 'failed'; reason: string };
  /** `undefined`: not looked up (yet); `null`: not in the registry. */
  vendor?: OuiVendor | null;
}

/** Text as an inline code span that is safe inside a Markdown table cell. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = fence.length > 1 ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|').replace(/\n/g, ' ')}${pad}${fence}`;
}

/** Text with the Markdown punctuation escaped that could act mid-line (hover lines never start with user text). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|~]/g, '\\$&');
}

/** A command link; its call is marked as started by the user, so a failure is reported, never lost. */
function link(label: string, command: string, args: unknown[]): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(userArgs('link', args)))})`;
}

/** Notes as one quoted block (each a line), placed above the table so the hover shows them without scrolling. */
function warnings(notes: string[]): string[] {
  return notes.length ? [notes.map(n => `> ${escapeMarkdown(n)}`).join('\n>\n'), ''] : [];
}

function table(rows: Array<[string, string]>): string {
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${escapeMarkdown(k)} | ${v} |`)].join('\n');
}

function addressMarkdown(a: AddressInfo, written: string, extras: HoverExtras): string {
  const title = `**IPv${a.family}** ${code(a.zone !== undefined ? `${a.canonical}%${a.zone}` : a.canonical)} — ${escapeMarkdown(a.special.name)}`;
  const rows: Array<[string, string]> = [];
  if (a.differs) {
    rows.push(
      ['inet_aton / getaddrinfo', code(a.inetAton ?? 'rejected')],
      ['inet_pton (strict)', a.strict === null || a.strict === undefined ? '*rejected*' : code(a.strict)],
    );
    if (a.decimalReading !== undefined) rows.push(['Leading zeros as decimal', code(a.decimalReading)]);
  }
  if (a.family === 6 && a.canonical !== written.split('%')[0]) rows.push(['Canonical (RFC 5952)', code(a.canonical)]);
  if (a.family === 6) rows.push(['Expanded', code(a.expanded)]);
  rows.push(['Integer', code(a.integer)], ['Hex', code(a.integerHex)], ['Bytes', code(a.packedBytes)], ['Reverse', code(a.reversePointer)]);
  if (a.ipv4Mapped !== undefined) rows.push(['IPv4-mapped', code(a.ipv4Mapped)]);
  if (a.embeddedIpv4) rows.push([`Embedded IPv4 (${a.embeddedIpv4.kind})`, code(a.embeddedIpv4.address)]);
  if (a.zone !== undefined) rows.push(['Zone', a.scopeId !== undefined ? `${code(a.zone)} (index ${a.scopeId})` : `${code(a.zone)} (not an interface here)`]);
  if (!a.special.cidr.endsWith('/0'))
    rows.push(['Range', `${escapeMarkdown(a.special.cidr)}, ${escapeMarkdown(a.special.rfc)}${a.special.globallyReachable ? '' : ', not globally reachable'}`]);
  const r = extras.reverse;
  if (r?.state === 'done') rows.push(['Reverse DNS', code(r.name)]);
  else if (r?.state === 'pending') rows.push(['Reverse DNS', '*looking up… (hover again)*']);
  else if (r?.state === 'failed') rows.push(['Reverse DNS', `*${escapeMarkdown(r.reason)}*`]);
  const host = a.zone !== undefined ? `${a.canonical}%${a.zone}` : a.canonical;
  const links = [
    link('Copy hex', 'netprobe.copyAddressAs', [written, 'hex']),
    link('Copy int', 'netprobe.copyAddressAs', [written, 'integer']),
    link('Copy bytes', 'netprobe.copyAddressAs', [written, 'bytes']),
    link('Reverse lookup', 'netprobe.reverse', [host]),
    link('Check port…', 'netprobe.checkPort', [host]),
    link('Open in NetProbe', 'netprobe.convertAddress', [written]),
  ];
  const short = a.notes.filter(n => !/^(inet_aton and|Parts |It has )/.test(n));
  if (a.differs)
    short.unshift(
      'Readers disagree: what inet_aton connects to is not what a strict (or leading-zeros-as-decimal) parser sees. Open in NetProbe for the details.',
    );
  return [title, '', links.join(' · '), '', ...warnings(short), table(rows)].join('\n');
}

function macMarkdown(m: MacInfo, extras: HoverExtras): string {
  const v = extras.vendor;
  const vendor =
    v === undefined
      ? '*…*'
      : v === null
        ? m.locallyAdministered
          ? '*locally administered (random or software-set)*'
          : '*not in the IEEE registry*'
        : escapeMarkdown(v.name);
  const rows: Array<[string, string]> = [
    ['Vendor', vendor],
    ['Type', `${m.kind}, ${m.locallyAdministered ? 'locally administered' : 'universal (IEEE)'}`],
    ['Forms', `${code(m.hyphen)} ${code(m.dotted)} ${code(m.bare)}`],
    ['EUI-64', code(m.eui64)],
    ['IPv6 link-local', code(m.linkLocal)],
  ];
  if (m.multicastOf !== undefined) rows.push(['Multicast group', escapeMarkdown(m.multicastOf)]);
  const links = [
    link('Copy hex', 'netprobe.copyAddressAs', [m.canonical, 'hex']),
    link('Copy link-local', 'netprobe.copyAddressAs', [m.linkLocal, 'canonical']),
    link('Open in NetProbe', 'netprobe.macAddress', [m.canonical]),
  ];
  return [`**MAC** ${code(m.canonical)}`, '', links.join(' · '), '', table(rows)].join('\n');
}

function cidrMarkdown(text: string): string {
  const c = describeCidr(text);
  const rows: Array<[string, string]> = [
    ['Network', code(c.cidr)],
    ['Netmask', code(c.netmask)],
    ['Wildcard', code(c.wildcard)],
  ];
  if (c.broadcast !== undefined) rows.push(['Broadcast', code(c.broadcast)]);
  rows.push(
    ['Hosts', `${code(c.firstHost)} – ${code(c.lastHost)} (${escapeMarkdown(c.hostCount)})`],
    ['Range', escapeMarkdown(`${c.special.name}, ${c.special.rfc}`)],
  );
  if (c.reverseZone !== undefined) rows.push(['Reverse zone', code(c.reverseZone)]);
  const links = [link('Copy network', 'netprobe.copyAddressAs', [c.cidr, 'canonical']), link('Open in NetProbe', 'netprobe.subnetCalculator', [c.input])];
  return [`**Network** ${code(c.cidr)}`, '', links.join(' · '), '', ...warnings(c.notes.filter(n => !n.includes('subnet-router anycast'))), table(rows)].join(
    '\n',
  );
}

/**
 * The hover Markdown for a detected token (pure: no I/O, no vscode). Returns undefined when the token
 * turns out not to be an address after all.
 */
export function hoverMarkdown(token: AddressToken, extras: HoverExtras = {}): string | undefined {
  if (token.invalid !== undefined) return `**Not a valid IPv4 address** ${code(token.text)}\n\n${escapeMarkdown(token.invalid)}`;
  try {
    if (token.kind === 'mac') return macMarkdown(describeMac(token.text), extras);
    if (token.kind === 'cidr') return cidrMarkdown(token.text);
    return addressMarkdown(describeAddress(token.text), token.text, extras);
  } catch {
    return undefined;
  }
}
