import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkPort, diagnose, parseProxyUrl } from '../../../src/core';
import { closedPort, listeningServer } from '../../helpers/tcp-peers';
import { startMicrosocks } from '../../helpers/socks-peers';
import { checkPortView } from '../../../src/ui/results/format-basic';
import type { SocksPeer } from '../../helpers/socks-peers';

let socks: SocksPeer;
let target: { port: number; close: () => Promise<void> };

before(async () => {
  [socks, target] = await Promise.all([startMicrosocks(), listeningServer('127.0.0.1')]);
});
after(async () => {
  await Promise.all([socks.close(), target.close()]);
});

void test('checkPort through a proxy: open, refused (reply 5), proxy down is an error naming the proxy', async () => {
  const proxy = parseProxyUrl(`socks5h://127.0.0.1:${socks.port}`);
  const open = await checkPort('localhost', target.port, { proxy, timeout: 3000 });
  assert.equal(open.outcome, 'open');
  assert.equal(open.proxy?.resolvedBy, 'proxy');
  assert.match(open.message, /the proxy resolved the name/);
  const closed = await closedPort();
  const refused = await checkPort('127.0.0.1', closed, { proxy, timeout: 3000 });
  assert.equal(refused.outcome, 'refused');
  // A failure panel is still a full panel: the stages that ran, then the one that failed (issue 16 rule 2).
  assert.equal(refused.proxyFailure?.stage, 'request');
  assert.ok(
    refused.proxyFailure.completed.some(st => st.stage === 'greeting'),
    JSON.stringify(refused.proxyFailure.completed),
  );
  const table = checkPortView(refused).sections[0];
  assert.ok(table?.type === 'table' && table.heading?.startsWith('Through socks5h://'));
  assert.deepEqual(
    table.rows.map(row => [row[0], row[2]]),
    [...refused.proxyFailure.completed.map(st => [st.stage, 'ok']), ['request', 'FAILED']],
  );
  const down = await checkPort('127.0.0.1', target.port, { proxy: parseProxyUrl(`socks5://127.0.0.1:${closed}`), timeout: 3000 });
  assert.equal(down.outcome, 'error');
  assert.match(down.message, /Cannot reach the proxy/);
  assert.equal(down.proxyFailure?.stage, 'proxy-connect');
  const downTable = checkPortView(down).sections[0];
  assert.ok(downTable?.type === 'table');
  assert.deepEqual(
    downTable.rows.map(row => [row[0], row[2]]),
    [['proxy-connect', 'FAILED']],
  );
});

void test('diagnose through a proxy: ok with the route, refused target, proxy down with advice', async () => {
  const proxy = parseProxyUrl(`socks5://127.0.0.1:${socks.port}`);
  const ok = await diagnose('localhost', target.port, { proxy, timeout: 3000 });
  assert.equal(ok.category, 'ok');
  assert.equal(ok.proxy?.route?.resolvedBy, 'client');
  assert.ok(ok.resolve.elapsedMs > 0);
  const closed = await closedPort();
  const refused = await diagnose('127.0.0.1', closed, { proxy, timeout: 3000 });
  assert.equal(refused.category, 'refused');
  assert.equal(refused.proxy?.failure?.reply, 5);
  assert.match(refused.advice, /nothing listens on that port/);
  const down = await diagnose('127.0.0.1', target.port, { proxy: parseProxyUrl(`socks5://127.0.0.1:${closed}`), timeout: 3000 });
  assert.equal(down.category, 'proxy');
  assert.equal(down.proxy?.failure?.stage, 'proxy-connect');
  assert.match(down.advice, /proxy host and port/);
});
