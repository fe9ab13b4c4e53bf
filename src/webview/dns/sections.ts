// The sections of a DNS answer: question, records, EDNS, command, raw message. Record data is text only.
import type { DnsRecord, DnsResponse, EdnsInfo } from '../../core/dns/types';
import type { Child } from '../common/dom';
import { el } from '../common/dom';
import { bareTable, gridTable, kvTable, row } from '../common/table';
import { hexDump, ttlText } from './format';
import { formatCount } from '../../core/text/units';

/** A titled section (`section.section` with an `h2`). */
export function section(title: string, ...content: Child[]): HTMLElement {
  return el('section', { class: 'section' }, el('h2', {}, title), ...content);
}

export function question(r: DnsResponse): HTMLElement {
  const q = r.question;
  return section('Question', bareTable([row([el('td', { class: 'name' }, q.name), q.class, q.type])], ['name', 'fit', 'fit'], { class: 'grid question' }));
}

/** One record section (Answer, Authority, Additional) as a table, or `none`. */
export function records(title: string, list: readonly DnsRecord[]): HTMLElement {
  if (list.length === 0) return section(`${title} (0)`, el('p', { class: 'empty' }, 'none'));
  const rows = list.map(r =>
    row([
      el('td', { class: 'name' }, r.name),
      el('td', { class: 'ttl', title: ttlText(r.ttl) }, String(r.ttl)),
      r.class,
      el('span', { class: 'rtype' }, r.type),
      el('td', { class: 'data' }, r.data),
    ]),
  );
  return section(
    `${title} (${list.length})`,
    gridTable(['Name', 'TTL', 'Class', 'Type', 'Data'], rows, ['name', 'fit', 'fit', 'fit', 'data'], { class: 'grid records' }),
  );
}

export function edns(e: EdnsInfo): HTMLElement {
  const rows: Array<[string, string]> = [
    ['Version', String(e.version)],
    ['UDP buffer', formatCount(e.udpSize, 'byte')],
    ['DNSSEC OK', e.do ? 'yes' : 'no'],
  ];
  for (const o of e.options) rows.push([o.name, o.value]);
  return section('EDNS', kvTable(rows));
}

export function command(dig: string): HTMLElement {
  return section('Command', el('pre', { class: 'dig' }, dig));
}

export function rawMessage(r: DnsResponse): HTMLElement {
  return section(`Raw message (${formatCount(r.sizeBytes, 'byte')})`, el('pre', { class: 'hex', id: 'raw' }, hexDump(r.rawHex)));
}
