import { test } from 'node:test';
import * as assert from 'assert';
import { parseTarget, targetKey, targetProblem } from '../../../src/ui/tree/targets-parse';
import { scanCsv } from '../../../src/ui/webviews/scan/export';
import { isScanAction, isScanRenderedId } from '../../../src/ui/webviews/scan/protocol';
import { shellMessage } from '../../../src/ui/webviews/protocol';
import { NetProbeError } from '../../../src/core/errors';

test('targets: host:port, bracketed IPv6, canonical keys, clear errors', () => {
  assert.deepStrictEqual(parseTarget('localhost:8080'), { host: 'localhost', port: 8080 });
  assert.deepStrictEqual(parseTarget(' 127.0.0.1:22 '), { host: '127.0.0.1', port: 22 });
  assert.deepStrictEqual(parseTarget('[::1]:443'), { host: '::1', port: 443 });
  assert.strictEqual(targetKey({ host: '::1', port: 443 }), '[::1]:443');
  assert.strictEqual(targetKey(parseTarget('example.test:80')), 'example.test:80');
  for (const bad of ['localhost', ':80', 'host:0', 'host:70000', 'a b:80', '::1:22']) {
    assert.throws(
      () => parseTarget(bad),
      (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input',
      bad,
    );
  }
  assert.match(targetProblem('::1:22') ?? '', /brackets/);
  assert.strictEqual(targetProblem('[::1]:22'), undefined);
});

test('CSV export quotes text, keeps numbers, and defuses formulas from banners', () => {
  const csv = scanCsv([
    {
      address: '127.0.0.1',
      family: 4,
      port: 22,
      state: 'open',
      service: 'ssh',
      rttMs: 0.25,
      banner: { text: 'SSH-2.0-x "quoted", comma', hex: '00', bytes: 1 },
    },
    { address: '::1', family: 6, port: 80, state: 'filtered', errno: 'ETIMEDOUT' },
    { address: '127.0.0.1', family: 4, port: 99, state: 'open', banner: { text: '=HYPERLINK("x")', hex: '3d', bytes: 1 } },
  ]);
  const lines = csv.trimEnd().split('\r\n');
  assert.strictEqual(lines[0], 'address,port,protocol,state,service,rtt_ms,errno,banner_text,banner_hex');
  assert.strictEqual(lines[1], '"127.0.0.1",22,"tcp","open","ssh",0.25,"","SSH-2.0-x ""quoted"", comma","00"');
  assert.strictEqual(lines[2], '"::1",80,"tcp","filtered","","","ETIMEDOUT","",""');
  assert.ok(lines[3]?.includes(`"'=HYPERLINK(""x"")"`));
});

test('scan webview messages are validated', () => {
  assert.deepStrictEqual(shellMessage({ type: 'ready' }, isScanRenderedId), { type: 'ready' });
  assert.deepStrictEqual(shellMessage({ type: 'rendered', id: { rows: 2 }, text: 'x' }, isScanRenderedId), { type: 'rendered', id: { rows: 2 }, text: 'x' });
  assert.strictEqual(shellMessage({ type: 'rendered', id: 2, text: 'x' }, isScanRenderedId), undefined);
  assert.ok(isScanAction({ type: 'export', format: 'csv' }));
  assert.ok(!isScanAction({ type: 'export', format: 'xml' }));
  assert.ok(isScanAction({ type: 'addTarget', address: '::1', port: 22 }));
  assert.ok(!isScanAction({ type: 'addTarget', address: '::1', port: 0 }));
  assert.ok(!isScanAction({ type: 'addTarget', address: 1, port: 22 }));
  assert.ok(!isScanAction({ type: 'ready' }));
  assert.ok(!isScanAction(null));
});
