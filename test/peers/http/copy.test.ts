import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { NginxPeer } from '../../helpers/nginx';
import { startNginx } from '../../helpers/nginx';
import { sendHttp } from '../../../src/core/http/client';
import { curlCommand, pythonBytes, pythonSocketCode, rawRequestText } from '../../../src/ui/commands/http-copy';
import { httpResultView, httpView } from '../../../src/ui/commands/http-view';

let nginx: NginxPeer;
let dir: string;
before(async () => {
  nginx = await startNginx();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-copy-'));
});
after(async () => {
  await nginx.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('Python bytes literals escape everything that is not printable ASCII', () => {
  assert.equal(pythonBytes(Buffer.from([0x41, 0x27, 0x5c, 0x0d, 0x0a, 0x09, 0x00, 0xff])), "b'A\\'\\\\\\r\\n\\t\\x00\\xff'");
});

test('Copy as curl reproduces the request: curl gets the same answer from the same server', async () => {
  const r = await sendHttp("POST /echo HTTP/1.1\r\nHost: localhost\r\nX-Quote: it's \"q\"\r\nContent-Length: 9\r\n\r\na=1&b='2'", {
    target: { host: '127.0.0.1', port: nginx.httpPort, tls: false },
  });
  const cmd = curlCommand(r.final);
  assert.match(cmd, /^curl -v --http1\.1 -X 'POST' --resolve 'localhost:\d+:127\.0\.0\.1'/);
  assert.match(cmd, /-H 'User-Agent:' -H 'Accept:'/);
  const out = execFileSync('bash', ['-c', `${cmd} -s 2>${path.join(dir, 'curl.err')}`], { encoding: 'utf8' });
  assert.equal(out, r.final.response?.body.data?.toString());
  const curlHead = fs
    .readFileSync(path.join(dir, 'curl.err'), 'latin1')
    .split('\n')
    .filter(l => l.startsWith('> '))
    .map(l => l.slice(2))
    .join('\n');
  // curl -v prints each line it sent after "> ": the same head, byte for byte (the final LF ends its output line).
  assert.equal(`${curlHead}\n`, r.final.request.bytes.subarray(0, r.final.request.headBytes).toString('latin1'));
  assert.equal(rawRequestText(r.final), "POST /echo HTTP/1.1\r\nHost: localhost\r\nX-Quote: it's \"q\"\r\nContent-Length: 9\r\n\r\na=1&b='2'");
});

test('Copy as Python socket code runs and gets the same status line, over TLS too', async () => {
  const plain = await sendHttp('GET /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', {
    target: { host: '127.0.0.1', port: nginx.httpPort, tls: false },
  });
  const script = path.join(dir, 'plain.py');
  fs.writeFileSync(script, pythonSocketCode(plain.final));
  assert.match(execFileSync('python3', [script], { encoding: 'utf8' }), /^HTTP\/1\.1 200 OK\r\n[\s\S]*GET \/echo localhost\n/);
  const secure = await sendHttp('GET /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', {
    target: { host: 'localhost', port: nginx.httpsPort, tls: true },
    tls: { caFile: nginx.pki.caFile },
  });
  fs.writeFileSync(script, pythonSocketCode(secure.final, { caFile: nginx.pki.caFile }));
  assert.match(execFileSync('python3', [script], { encoding: 'utf8' }), /^HTTP\/1\.1 200 OK\r\n/);
});

test('History keeps no credentials: Authorization, Cookie and API-key values are redacted; Copy JSON keeps them', async () => {
  const r = await sendHttp(
    'GET /echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t0p-s3cret\r\nCookie: sid=abc123\r\nX-Api-Key: k3y\r\nAccept: */*\r\n\r\n',
    { target: { host: '127.0.0.1', port: nginx.httpPort, tls: false } },
  );
  const view = httpView('h', r.exchanges);
  const saved = JSON.stringify(httpResultView(view).data);
  for (const secret of ['t0p-s3cret', 'abc123', 'k3y']) assert.doesNotMatch(saved, new RegExp(secret));
  assert.match(saved, /"Authorization","Bearer <redacted>"/);
  assert.match(saved, /"Cookie","<redacted>"/);
  assert.match(saved, /"Accept","\*\/\*"/);
  assert.match(JSON.stringify(httpResultView(view, undefined, true).data), /Bearer t0p-s3cret/);
});
