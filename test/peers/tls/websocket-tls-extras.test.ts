import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KeyLogFile, parseProxyUrl } from '../../../src/core';
import { openWebSocket } from '../../../src/core/websocket/open';
import type { WebSocketMessage } from '../../../src/core/websocket/types';
import { runCli } from '../../helpers/cli';
import { makeClientCerts } from '../../helpers/client-certs';
import type { ClientCerts } from '../../helpers/client-certs';
import { startTinyproxy } from '../../helpers/http-proxies';
import type { HttpProxyPeer } from '../../helpers/http-proxies';
import type { WebSocketsPeer } from '../../helpers/websockets';
import { startWebSocketsEcho, tempPki } from '../../helpers/websockets';

const pki = tempPki();
let dir: string;
let certs: ClientCerts;
let plain: WebSocketsPeer;
let mtls: WebSocketsPeer;
let tiny: HttpProxyPeer;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-ws-tls-'));
  certs = makeClientCerts(dir);
  [plain, mtls] = await Promise.all([startWebSocketsEcho(), startWebSocketsEcho({ tls: { ...pki.server, clientCa: certs.caFile } })]);
  tiny = await startTinyproxy({ connectPorts: [plain.port, mtls.port] });
});
after(async () => {
  await Promise.all([plain.stop(), mtls.stop(), tiny.close()]);
  pki.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function echo(url: string, opts: Parameters<typeof openWebSocket>[1]): Promise<{ text: string; via: string }> {
  const s = await openWebSocket(url, { timeout: 5000, ...opts });
  const got = new Promise<WebSocketMessage>(resolve => s.on('message', resolve));
  await s.sendText('through');
  const m = await got;
  await s.close(1000, 'bye');
  return { text: m.data.toString(), via: s.info.via };
}

void test('ws:// and wss:// through tinyproxy (HTTP CONNECT); wss with a client certificate (PKCS#12) and its keys logged', async () => {
  const proxy = parseProxyUrl(`http://127.0.0.1:${tiny.port}`);
  assert.deepEqual(await echo(plain.url, { proxy }), { text: 'through', via: `http://127.0.0.1:${tiny.port}` });
  const file = path.join(dir, 'ws-keys.log');
  const keylog = new KeyLogFile(file);
  const r = await echo(mtls.url.replace('127.0.0.1', 'localhost'), {
    proxy,
    tls: { caFile: pki.caFile, clientCert: { certFile: certs.p12, passphrase: certs.passphrase }, keylog },
  });
  await keylog.close();
  assert.equal(r.text, 'through');
  assert.ok(fs.readFileSync(file, 'utf8').includes('CLIENT_TRAFFIC_SECRET_0 '));
  await assert.rejects(echo(mtls.url.replace('127.0.0.1', 'localhost'), { tls: { caFile: pki.caFile } }));
});

void test('CLI: netprobe ws wss://… --cert --key --proxy http://…', async () => {
  const url = mtls.url.replace('127.0.0.1', 'localhost');
  const r = await runCli(['ws', url, '--cacert', pki.caFile, '--cert', certs.cert, '--key', certs.key, '--proxy', `http://127.0.0.1:${tiny.port}`], {
    input: 'one\n',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /one/);
});
