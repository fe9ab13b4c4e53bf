import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { dial, parseProxyUrl, resolve } from '../../../src/core';
import { freePort, skipOutsideCi } from '../../helpers/peers';
import { canUnshareMounts, startDante, startMicrosocks, writeHostsFile } from '../../helpers/socks-peers';
import type { SocksPeer } from '../../helpers/socks-peers';
import type { Target } from './targets';
import { httpGet, startHttp } from './targets';

// The proxies run in a private mount namespace whose /etc/hosts says `localhost` is 127.0.0.2 and knows
// `only-the-proxy.netprobe.test`. The same port on 127.0.0.1 and 127.0.0.2 answers "client-view" and
// "proxy-view", so the answer shows who resolved the name. No DNS server is ever queried.
const skip = skipOutsideCi(
  canUnshareMounts() ? undefined : 'needs root to create a mount namespace (unshare -m) for the proxy-only /etc/hosts',
  'remote DNS tests',
);

let hosts: { file: string; remove: () => void };
let micro: SocksPeer;
let dante: SocksPeer;
let clientView: Target;
let proxyView: Target;

before(async () => {
  if (skip) return;
  hosts = writeHostsFile(['127.0.0.2 localhost', '127.0.0.2 only-the-proxy.netprobe.test', '::1 ip6-localhost']);
  const port = await freePort('127.0.0.1');
  [clientView, proxyView] = await Promise.all([startHttp('127.0.0.1', 'client-view', port), startHttp('127.0.0.2', 'proxy-view', port)]);
  [micro, dante] = await Promise.all([startMicrosocks({ hostsFile: hosts.file }), startDante({ hostsFile: hosts.file })]);
});

after(async () => {
  if (skip) return;
  await Promise.all([micro, dante, clientView, proxyView].map(p => p.close()));
  hosts.remove();
});

async function ask(scheme: string, peer: SocksPeer, host: string): Promise<{ body: string; resolvedBy?: string }> {
  const d = await dial(host, clientView.port, { proxy: parseProxyUrl(`${scheme}://127.0.0.1:${peer.port}`), timeout: 3000, family: 4 });
  return { body: await httpGet(d.socket, host), resolvedBy: d.proxy?.resolvedBy };
}

void test('this machine resolves localhost to 127.0.0.1 (the other view)', { skip }, async () => {
  const r = await resolve('localhost', { family: 4 });
  assert.equal(r.addresses[0]?.address, '127.0.0.1');
});

void test('socks5h (microsocks): the proxy resolves the name; socks5: this machine does', { skip }, async () => {
  assert.deepEqual(await ask('socks5h', micro, 'localhost'), { body: 'proxy-view localhost', resolvedBy: 'proxy' });
  assert.deepEqual(await ask('socks5', micro, 'localhost'), { body: 'client-view localhost', resolvedBy: 'client' });
  assert.deepEqual(await ask('socks5h', micro, 'only-the-proxy.netprobe.test'), { body: 'proxy-view only-the-proxy.netprobe.test', resolvedBy: 'proxy' });
});

void test('socks5h (dante): the proxy resolves; socks4 and socks5: this machine does', { skip }, async () => {
  assert.deepEqual(await ask('socks5h', dante, 'localhost'), { body: 'proxy-view localhost', resolvedBy: 'proxy' });
  assert.deepEqual(await ask('socks5', dante, 'localhost'), { body: 'client-view localhost', resolvedBy: 'client' });
  assert.deepEqual(await ask('socks4', dante, 'localhost'), { body: 'client-view localhost', resolvedBy: 'client' });
  assert.deepEqual(await ask('socks5h', dante, 'only-the-proxy.netprobe.test'), { body: 'proxy-view only-the-proxy.netprobe.test', resolvedBy: 'proxy' });
});
