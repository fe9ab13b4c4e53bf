import { test } from 'node:test';
import * as assert from 'assert';
import { columnKinds } from '../../../src/ui/results/columns';

test('results tables: short values fit, space-free values are names, the column with the most text is the data column', () => {
  const zone = [
    ['layout.test.', '3600', 'IN', 'SOA', 'ns1.layout.test. hostmaster.layout.test. 2026010101 7200 3600 1209600 300'],
    ['a-rather-long-host-name-for-the-layout-check.with.several.deeply.nested.labels.layout.test.', '3600', 'IN', 'A', '192.0.2.7'],
    ['_sip._udp.layout.test.', '3600', 'IN', 'SRV', '10 60 5060 sip.layout.test.'],
  ];
  assert.deepStrictEqual(columnKinds(['Name', 'TTL', 'Class', 'Type', 'Data'], zone), ['name', 'fit', 'fit', 'fit', 'data']);
  const phases = [
    ['resolve', '127.0.0.1', 'ok', '0.077 ms', '127.0.0.1'],
    ['connect', '127.0.0.1:35067', 'refused (ECONNREFUSED)', '11.542 ms', 'Connection refused: the host is up but no service is listening on that port.'],
  ];
  assert.deepStrictEqual(columnKinds(['Phase', 'Target', 'Result', 'Time', 'Explanation'], phases), ['fit', 'name', 'text', 'fit', 'data']);
});

test('results tables: a table of short values has no data column; an empty table is all fit', () => {
  assert.deepStrictEqual(
    columnKinds(
      ['Family', 'Address'],
      [
        ['IPv4', '127.0.0.1'],
        ['IPv6', '::1'],
      ],
    ),
    ['fit', 'fit'],
  );
  assert.deepStrictEqual(columnKinds(['A', 'B'], []), ['fit', 'fit']);
  assert.deepStrictEqual(columnKinds(['Name', 'Key'], [['x', 'F9:BC:02:25:47:EE:F5:E3:17:37:66:C4:E8:03:56:84:F4:10:92:DD:01']]), ['fit', 'data']);
});
