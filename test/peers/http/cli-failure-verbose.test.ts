// `netprobe http -v` on a send that failed before the request went out (issue 16 rule 2): the request bytes, the
// phase that failed with the timings up to it and, for TLS, the chain and why it was not trusted; against nginx's
// untrusted port and a refused port on loopback.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { NginxPeer } from '../../helpers/nginx';
import { startNginx } from '../../helpers/nginx';
import { closedPort } from '../../helpers/tcp-peers';
import { runCli } from '../../helpers/cli';

let nginx: NginxPeer;
let dir: string;
before(async () => {
  nginx = await startNginx();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-cli-http-fail-'));
});
after(async () => {
  await nginx.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('netprobe http -v, untrusted certificate: the chain, why it was not trusted, the unsent request escaped, the TLS timing', async () => {
  const file = path.join(dir, 'evil.http');
  fs.writeFileSync(file, `GET https://localhost:${nginx.untrustedPort}/ HTTP/1.1\nX-Note: a\x1b[31mred\n\n`);
  const r = await runCli(['http', '--raw', file, '-v']);
  assert.equal(r.code, 1, r.stderr);
  const err = r.stderr;
  assert.match(err, /^\* Connected to localhost \((127\.0\.0\.1|::1)\) port \d+/m);
  assert.match(err, /^\* Certificate NOT verified: .*self-signed/m);
  assert.match(err, /^\* {2}\[0\] subject: .*CN=localhost/m);
  assert.match(err, /^\* {6}issuer: /m);
  assert.match(err, /^\* {6}valid: .+ → .+ \(\d+ days left\)/m);
  assert.match(err, /^\* {6}SHA-256: ([0-9A-F]{2}:){31}[0-9A-F]{2}$/m);
  assert.match(err, /^\* Request not sent \(\d+ bytes\):\n> GET https:\/\/localhost:\d+\/ HTTP\/1\.1\n> Host: localhost:\d+\n/m);
  assert.ok(err.includes('> X-Note: a\\x1b[31mred'), err);
  assert.ok(!err.includes('\x1b'), 'no raw control character reaches the terminal');
  assert.match(err, /^\* Failed in the tls phase, before the request was sent: /m);
  const timing = /^\* Timing up to the failure: dns (\S+ m?s), connect (\S+ m?s), tls (\S+ m?s), total (\S+ m?s)$/m.exec(err);
  assert.ok(timing, err);
  assert.notEqual(timing[3], '0 ms');
  assert.match(err, /Use --insecure \(-k\) to connect anyway/);
});

test('netprobe http -v, refused port: the connect phase with its timing and the request that was not sent', async () => {
  const port = await closedPort();
  const r = await runCli(['http', `http://127.0.0.1:${port}/x`, '-v', '-H', 'X-One: 1']);
  assert.equal(r.code, 1, r.stderr);
  const err = r.stderr;
  assert.match(err, new RegExp(`^\\* {3}Trying 127\\.0\\.0\\.1:${port}: refused \\(ECONNREFUSED\\) after \\S+ m?s$`, 'm'));
  assert.doesNotMatch(err, /Connecting to/, 'the address tried is named, as curl -v names it');
  assert.doesNotMatch(err, /Certificate|Connected to/);
  assert.match(err, new RegExp(`^> GET /x HTTP/1\\.1\\n> Host: 127\\.0\\.0\\.1:${port}\\n(> .+\\n)*> X-One: 1\\n`, 'm'));
  assert.match(err, /^\* Failed in the connect phase, before the request was sent: Connection refused/m);
  assert.match(err, /^\* Timing up to the failure: dns \S+ m?s, connect \S+ m?s, total \S+ m?s$/m);
  assert.match(err, /^netprobe http: Connection refused/m);
});

test('netprobe http without -v prints no failure details (only the error)', async () => {
  const port = await closedPort();
  const r = await runCli(['http', `http://127.0.0.1:${port}/`]);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stderr, /Request not sent|Timing up to/);
});
