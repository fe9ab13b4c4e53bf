import { test } from 'node:test';
import * as assert from 'assert';
import type { DnsRecord, DnsResponse } from '../../../src/core/dns/types';
import { HISTORY_ENTRY_BYTES, HISTORY_TOTAL_BYTES, HISTORY_ZONE_RECORDS, jsonBytes, keptForm, withinTotal } from '../../../src/ui/history/budget';
import type { ResultView } from '../../../src/ui/results/view-model';
import type { HttpView } from '../../../src/ui/webviews/http/protocol';
import { zoneSummary } from '../../../src/ui/webviews/zone/listing';

const base = { id: 'x', title: 't', summary: 's', status: 'ok' as const, createdAt: 1, sections: [], data: undefined };

function records(n: number, data = (i: number) => `10.0.${(i >> 8) & 255}.${i & 255}`): DnsRecord[] {
  return Array.from({ length: n }, (_, i) => ({ name: `host${i}.big.test.`, type: 'A', typeCode: 1, class: 'IN', ttl: 300, data: data(i) }));
}

test('a zone transfer keeps its summary and a sample of 200 records, and says so', () => {
  const all = records(100_000);
  const summary = zoneSummary({
    zone: 'big.test.',
    server: { spec: '127.0.0.1:53', address: '127.0.0.1', port: 53 },
    records: all,
    recordCount: all.length,
    messages: 400,
    sizeBytes: 3_000_000,
    elapsedMs: 900,
  });
  const view: ResultView = { ...base, kind: 'axfr', model: { panel: 'zone', state: { id: 'z', summary, records: all } } };
  const kept = keptForm(view);
  assert.ok(jsonBytes(kept) <= HISTORY_ENTRY_BYTES);
  assert.strictEqual(kept.model?.panel, 'zone');
  assert.strictEqual(kept.model.state.records.length, HISTORY_ZONE_RECORDS);
  assert.strictEqual(kept.model.state.summary.recordCount, 100_000, 'the summary is whole');
  assert.deepStrictEqual(kept.model.state.summary.types, [['A', 100_000]]);
  assert.match(kept.partial ?? '', /200 records of 100,000 records/);
  assert.strictEqual(view.model?.panel === 'zone' && view.model.state.records.length, 100_000, 'the live result is untouched');
});

test('a zone of long records keeps as many as fit the entry budget', () => {
  const all = records(300, () => `"${'x'.repeat(2000)}"`);
  const summary = zoneSummary({
    zone: 'long.test.',
    server: { spec: 's', address: '127.0.0.1', port: 53 },
    records: all,
    recordCount: all.length,
    messages: 3,
    sizeBytes: 1,
    elapsedMs: 1,
  });
  const kept = keptForm({ ...base, kind: 'axfr', model: { panel: 'zone', state: { id: 'z', summary, records: all } } });
  assert.ok(jsonBytes(kept) <= HISTORY_ENTRY_BYTES);
  const n = kept.model?.panel === 'zone' ? kept.model.state.records.length : -1;
  assert.ok(n > 20 && n < 40, `${n} long records kept`);
});

test('a DNS answer is kept whole when small; a huge one loses its raw bytes, then records', () => {
  const response = (n: number): DnsResponse =>
    ({
      id: 1,
      rcode: 'NOERROR',
      rcodeCode: 0,
      flags: ['qr', 'aa'],
      question: { name: 'a.test.', type: 'TXT', class: 'IN' },
      answers: records(n, () => `"${'t'.repeat(200)}"`),
      authority: [],
      additional: [],
      server: { address: '127.0.0.1', port: 53 },
      transport: 'tcp',
      rttMs: 1,
      sizeBytes: 60_000,
      rawHex: 'ab'.repeat(60_000),
      receivedAt: 1,
    }) as unknown as DnsResponse;
  const state = (n: number) => ({ name: 'a.test', type: 'TXT', server: '127.0.0.1', response: response(n), dig: 'dig a.test TXT', text: 'x' });
  const small = keptForm({ ...base, kind: 'dns', model: { panel: 'dns', state: { ...state(2), response: { ...response(2), rawHex: 'abcd' } } } });
  assert.strictEqual(small.partial, undefined);
  assert.strictEqual(small.model?.panel === 'dns' && small.model.state.response.rawHex, 'abcd');
  const big = keptForm({
    ...base,
    kind: 'dns',
    data: response(300),
    sections: [{ type: 'text', text: 'x'.repeat(10_000) }],
    model: { panel: 'dns', state: state(300) },
  });
  assert.ok(jsonBytes(big) <= HISTORY_ENTRY_BYTES);
  assert.strictEqual(big.data, undefined, 'the panel renders from the model: no second copy');
  assert.deepStrictEqual(big.sections, []);
  assert.match(big.partial ?? '', /raw message bytes were not kept/);
  assert.match(big.partial ?? '', /of 300 records were kept/);
});

test('a scan keeps the ports that were not closed first; History says how many rows it kept', () => {
  const rows = Array.from({ length: 65_535 }, (_, i) => ({
    address: '127.0.0.1',
    family: 4 as const,
    port: i + 1,
    state: i % 1000 === 0 ? ('open' as const) : ('closed' as const),
    rttMs: 0.1,
  }));
  const start = { type: 'start' as const, host: 'h', spec: 'all', total: 0, nmap: 'nmap', startedAt: 1 };
  const kept = keptForm({
    ...base,
    kind: 'scan',
    model: { panel: 'scan', state: { start, rows, progress: { done: 1, total: 1, open: 66, elapsedMs: 1, rate: 1 } } },
  });
  assert.ok(jsonBytes(kept) <= HISTORY_ENTRY_BYTES);
  const keptRows = kept.model?.panel === 'scan' ? kept.model.state.rows : [];
  assert.deepStrictEqual(
    keptRows.slice(0, 66).map(r => r.state),
    Array(66).fill('open'),
  );
  assert.ok(keptRows.length > 66 && keptRows.length < 65_535);
  assert.match(kept.partial ?? '', /History keeps [\d,]+ rows of 65,535 rows \(every port that was not closed\)/);
  assert.strictEqual(kept.model?.panel === 'scan' && kept.model.state.progress, undefined);
});

test('an HTTP send keeps no body or wire bytes, and its credentials redacted', () => {
  const view: HttpView = {
    id: 'h',
    title: 'GET http://x/',
    status: 'ok',
    summary: '200',
    exchanges: [
      {
        label: 'GET',
        url: 'http://x/',
        method: 'GET',
        hop: 0,
        statusCode: 200,
        statusText: 'OK',
        httpVersion: '1.1',
        headers: [
          ['Set-Cookie', 'sid=SECRET1'],
          ['Content-Type', 'text/plain'],
        ],
        requestHeaders: [
          ['Authorization', 'Bearer SECRET2'],
          ['X-Api-Key', 'SECRET3'],
        ],
        informational: [],
        body: { kind: 'text', size: 6, text: 'SECRET4', partial: false, truncated: false },
        wire: {
          sent: Buffer.from('SECRET2').toString('base64'),
          received: 'U0VDUkVU',
          sentTruncated: false,
          receivedTruncated: false,
          bytesSent: 10,
          bytesReceived: 20,
        },
        timings: {} as never,
        curl: {} as never,
        connection: { id: 1, remote: 'r', local: 'l', via: 'direct', reused: false },
        warnings: [],
        violations: [],
        changes: [],
      },
    ],
  };
  const kept = keptForm({ ...base, kind: 'http', model: { panel: 'http', view } });
  const text = JSON.stringify(kept);
  for (const secret of ['SECRET1', 'SECRET2', 'SECRET3', 'SECRET4', 'U0VDUkVU']) assert.ok(!text.includes(secret), `${secret} is not kept`);
  assert.match(text, /Bearer <redacted>/);
  assert.strictEqual(kept.model?.panel === 'http' && kept.model.view.kept, true);
  assert.match(kept.partial ?? '', /Bodies and wire bytes are not kept/);
  assert.strictEqual(keptForm(kept).partial, kept.partial, 'keeping again adds nothing');
});

test('a results-panel view loses its raw JSON, then rows; a hopeless one keeps its summary', () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => [`name${i}.example.test`, 'ok', `192.0.2.${i % 256}`]);
  const view: ResultView = { ...base, kind: 'dnsBatch', sections: [{ type: 'table', columns: ['Input', 'Status', 'Result'], rows }], data: { items: rows } };
  const kept = keptForm(view);
  assert.ok(jsonBytes(kept) <= HISTORY_ENTRY_BYTES);
  assert.strictEqual(kept.data, undefined);
  assert.match(kept.partial ?? '', /raw result \(Copy as JSON\) was not kept\. History keeps [\d,]+ rows of 20,000 rows/);
  const small: ResultView = { ...base, kind: 'resolve', sections: [{ type: 'kv', rows: [['a', 'b']] }], data: { a: 1 } };
  assert.deepStrictEqual(keptForm(small), small, 'a small result is kept as it is');
  const hopeless = keptForm({ ...base, kind: 'x', summary: 'y'.repeat(100_000), rerun: { command: 'c', args: ['z'.repeat(100_000)] } });
  assert.ok(jsonBytes(hopeless) <= HISTORY_ENTRY_BYTES);
  assert.match(hopeless.partial ?? '', /only the summary of this result\.$/);
  assert.strictEqual(hopeless.rerun, undefined, 'a re-run too large to keep is left out');
  const rerun = { command: 'netprobe.resolve', args: ['example.test'] };
  assert.deepStrictEqual(keptForm({ ...base, kind: 'x', summary: 'y'.repeat(100_000), rerun }).rerun, rerun);
});

test('History keeps the newest entries within the count and the total size', () => {
  const entries = Array.from({ length: 100 }, (_, i) => ({ i, size: 60 * 1024 }));
  const kept = withinTotal(entries, e => e.size, 100);
  assert.strictEqual(kept.length, Math.floor(HISTORY_TOTAL_BYTES / (60 * 1024)));
  assert.deepStrictEqual(
    kept.map(e => e.i),
    entries.slice(0, kept.length).map(e => e.i),
    'the newest first; the oldest go',
  );
  assert.strictEqual(withinTotal(entries, () => 10, 5).length, 5);
});
