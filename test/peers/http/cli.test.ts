import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as net from 'net';
import type { NginxPeer } from '../../helpers/nginx';
import { startNginx } from '../../helpers/nginx';
import { json, runCli } from '../../helpers/cli';

let nginx: NginxPeer;
let dir: string;
before(async () => {
  nginx = await startNginx({ bigFileBytes: 200_000 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-cli-http-'));
});
after(async () => {
  await nginx.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface HttpJson {
  status: number;
  headers: Array<[string, string]>;
  timings: Record<string, number>;
  tls: { protocol: string; chain: unknown[] } | null;
  bytesSent: number;
  bytesReceived: number;
  bodyBase64?: string;
  bodyFile?: string;
  bodySize: number;
  exchanges: Array<{ status: number; hop: number; reused: boolean }>;
}

test('netprobe http URL --json has status, headers, timings, tls, byte counts and the body', async () => {
  const r = await runCli(['http', `https://localhost:${nginx.httpsPort}/echo`, '--cacert', nginx.pki.caFile, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = json<HttpJson>(r);
  assert.equal(j.status, 200);
  assert.ok(j.headers.some(([k]) => k === 'Content-Length'));
  assert.ok(j.timings.tls > 0 && j.timings.total >= j.timings.tls);
  assert.match(j.tls?.protocol ?? '', /TLSv1\.[23]/);
  assert.equal(j.tls?.chain.length, 2);
  assert.ok(j.bytesSent > 0 && j.bytesReceived > 0);
  assert.equal(Buffer.from(j.bodyBase64 ?? '', 'base64').toString(), `GET /echo localhost\n`);
});

test('netprobe http: untrusted certificate exits 1 with the reason; --insecure goes through', async () => {
  const bad = await runCli(['http', `https://localhost:${nginx.untrustedPort}/`]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /self-signed/);
  assert.match(bad.stderr, /Use --insecure \(-k\) to connect anyway, or --cacert FILE/);
  const ok = await runCli(['http', `https://localhost:${nginx.untrustedPort}/`, '--insecure']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^HTTP\/1\.1 200 OK/);
  assert.match(ok.stdout, /untrusted/);
});

test("netprobe http --raw FILE sends the file's bytes, keeps the connection, -o writes the body", async () => {
  const file = path.join(dir, 'two.rawhttp');
  fs.writeFileSync(
    file,
    `# @target 127.0.0.1:${nginx.httpPort}\nGET /echo HTTP/1.1\r\nHost: raw.test\r\n\r\n###\nGET /big.bin HTTP/1.1\r\nHost: raw.test\r\n\r\n`,
  );
  const out = path.join(dir, 'big.out');
  const r = await runCli(['http', '--raw', file, '-o', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = json<HttpJson>(r);
  assert.deepEqual(
    j.exchanges.map(e => [e.status, e.reused]),
    [
      [200, false],
      [200, true],
    ],
  );
  assert.equal(j.bodyFile, out);
  assert.equal(fs.statSync(out).size, 200_000);
  const text = await runCli(['http', '--raw', file, '--request', '1', '-v']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /GET \/echo raw\.test/);
  assert.match(text.stderr, /> GET \/echo HTTP\/1\.1\n> Host: raw\.test/);
  assert.match(text.stderr, /\* Timing: dns/);
});

test("netprobe http --raw expands the file's @variables; an undefined {{name}} is sent as written with a note", async () => {
  const file = path.join(dir, 'vars.rawhttp');
  fs.writeFileSync(
    file,
    `@port = ${nginx.httpPort}\n@host = vars.test\n# @target 127.0.0.1:{{port}}\nGET /echo HTTP/1.1\nHost: {{host}}\nX-Token: {{token}}\n`,
  );
  const r = await runCli(['http', '--raw', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /GET \/echo vars\.test/, 'nginx saw the expanded Host');
  assert.match(r.stderr, /\{\{token\}\} is not defined/);
});

test('netprobe http -L follows redirects; bad input exits 2', async () => {
  const r = await runCli(['http', `http://127.0.0.1:${nginx.httpPort}/redirect2`, '-L', '--json']);
  const j = json<HttpJson>(r);
  assert.deepEqual(
    j.exchanges.map(e => [e.hop, e.status]),
    [
      [0, 302],
      [1, 301],
      [2, 200],
    ],
  );
  assert.equal((await runCli(['http'])).code, 2);
  assert.equal((await runCli(['http', 'ftp://x/'])).code, 2);
  assert.equal((await runCli(['http', '--raw', path.join(dir, 'missing')])).code, 2);
});

test('netprobe doctor prints each step and a verdict; exits 1 on failure', async () => {
  const ok = await runCli(['doctor', `http://localhost:${nginx.httpPort}/echo`]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /resolve\s+ok/);
  assert.match(ok.stdout, /http\s+ok\s+.*200 OK/);
  assert.match(ok.stdout, /Verdict: OK/);
  const bad = await runCli(['doctor', `localhost:${nginx.untrustedPort}`, '--tls', '--json']);
  assert.equal(bad.code, 1);
  const j = json<{ verdict: string; steps: Array<{ name: string; status: string }> }>(bad);
  assert.equal(j.verdict, 'failed');
  assert.equal(j.steps.find(s => s.name === 'tls')?.status, 'failed');
});

test('netprobe nc sends stdin, half-closes on EOF and prints the reply', async () => {
  const server = net.createServer({ allowHalfOpen: true }, s => {
    const chunks: Buffer[] = [];
    s.on('data', d => chunks.push(d));
    s.on('end', () => s.end(`reply to ${JSON.stringify(Buffer.concat(chunks).toString())}\n`));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const r = await runCli(['nc', '127.0.0.1', String(port), '--crlf', '-v'], { input: 'line one\nline two\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'reply to "line one\\r\\nline two\\r\\n"\n');
    assert.match(r.stderr, /We half-closed \(FIN\); the peer sent \d+ more bytes, then closed its side \(FIN\)/);
  } finally {
    await new Promise<void>(r => server.close(() => r()));
  }
});

test('netprobe nc --tls to an untrusted certificate exits 1 and says how to go on; --insecure connects', async () => {
  const bad = await runCli(['nc', 'localhost', String(nginx.untrustedPort), '--tls']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /self-signed.*Use --insecure \(-k\) to connect anyway/);
  const ok = await runCli(['nc', 'localhost', String(nginx.untrustedPort), '--tls', '--insecure', '--crlf'], {
    input: 'GET / HTTP/1.1\nHost: localhost\nConnection: close\n\n',
  });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^HTTP\/1\.1 200 OK/);
});
