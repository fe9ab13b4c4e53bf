import { test } from 'node:test';
import * as assert from 'assert';
import type { DnsRecord } from '../../../src/core/dns/types';
import { digAxfr, listRecords, typeCounts, zoneFileText, zoneRow, zoneRows } from '../../../src/ui/webviews/zone/listing';
import { isZoneAction, ZONE_DATA_CHARS, ZONE_ROWS_PER_MESSAGE } from '../../../src/ui/webviews/zone/protocol';

const rec = (name: string, type: string, data: string, ttl = 300): DnsRecord => ({ name, type, typeCode: 0, class: 'IN', ttl, data });
const zone = [
  rec('b.test.', 'SOA', 'ns1 host 1 2 3 4 5'),
  rec('a.b.test.', 'A', '10.0.0.1', 60),
  rec('c.b.test.', 'TXT', `"${'x'.repeat(500)}"`),
  rec('a.b.test.', 'AAAA', '2001:db8::1'),
  rec('b.test.', 'SOA', 'ns1 host 1 2 3 4 5'),
];

test('a query filters by text and type and sorts stably; transfer order by default', () => {
  assert.deepStrictEqual([...listRecords(zone, { filter: '', type: '', sort: 'order', dir: 1 })], [0, 1, 2, 3, 4]);
  assert.deepStrictEqual([...listRecords(zone, { filter: '', type: '', sort: 'order', dir: -1 })], [4, 3, 2, 1, 0]);
  assert.deepStrictEqual([...listRecords(zone, { filter: 'A.B', type: '', sort: 'order', dir: 1 })], [1, 3]);
  assert.deepStrictEqual([...listRecords(zone, { filter: '', type: 'soa', sort: 'order', dir: 1 })], [0, 4]);
  assert.deepStrictEqual([...listRecords(zone, { filter: '', type: '', sort: 'name', dir: 1 })], [1, 3, 0, 4, 2]);
  assert.deepStrictEqual([...listRecords(zone, { filter: '', type: '', sort: 'ttl', dir: -1 })], [0, 2, 3, 4, 1]);
});

test('rows are cut to ZONE_DATA_CHARS with the whole length, never more than ZONE_ROWS_PER_MESSAGE at once', () => {
  const listing = listRecords(zone, { filter: '', type: '', sort: 'order', dir: 1 });
  const cut = zoneRow(zone, listing, 2);
  assert.strictEqual(cut?.data.length, ZONE_DATA_CHARS);
  assert.strictEqual(cut?.full, 502);
  assert.strictEqual(zoneRow(zone, listing, 2, true)?.data.length, 502);
  assert.strictEqual(zoneRow(zone, listing, 99), undefined);
  const many = Array.from({ length: 1000 }, (_, i) => rec(`h${i}.test.`, 'A', '10.0.0.1'));
  const rows = zoneRows(many, listRecords(many, { filter: '', type: '', sort: 'order', dir: 1 }), 100, 5000);
  assert.strictEqual(rows.length, ZONE_ROWS_PER_MESSAGE);
  assert.deepStrictEqual([rows[0]?.index, rows[0]?.name], [100, 'h100.test.']);
});

test('type counts, the dig line, the zone file and the page messages', () => {
  assert.deepStrictEqual(typeCounts(zone), [
    ['SOA', 2],
    ['A', 1],
    ['AAAA', 1],
    ['TXT', 1],
  ]);
  assert.strictEqual(digAxfr('b.test.', { address: '127.0.0.1', port: 5353 }), 'dig @127.0.0.1 -p 5353 b.test AXFR');
  assert.strictEqual(digAxfr('b.test.', { address: '::1', port: 53 }), 'dig @::1 b.test AXFR');
  assert.strictEqual(zoneFileText(zone.slice(1, 2)), 'a.b.test.\t60\tIN\tA\t10.0.0.1\n');
  assert.ok(isZoneAction({ type: 'rows', seq: 1, from: 0, count: 50 }));
  assert.ok(!isZoneAction({ type: 'rows', seq: 1, from: -1, count: 50 }));
  assert.ok(isZoneAction({ type: 'query', query: { filter: 'x', type: '', sort: 'data', dir: -1 } }));
  assert.ok(!isZoneAction({ type: 'query', query: { filter: 'x', type: '', sort: 'evil', dir: 1 } }));
  assert.ok(!isZoneAction({ type: 'export', format: 'exe' }));
});
