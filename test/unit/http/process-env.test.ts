import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { httpCommand, planFromCli } from '../../../src/cli/commands/http';
import { commandContext } from '../../../src/cli/run';
import { envDisclosure, planDestination } from '../../../src/core/http/env-disclosure';
import { planRequests } from '../../../src/core/http/plan';
import { redirectRequest } from '../../../src/core/http/redirect';
import { parseRequestFile } from '../../../src/core/http/request-file';
import { prepareRequest } from '../../../src/core/http/request-text';
import { maskEnvValues } from '../../../src/core/http/request-variables';
import { maskEnvResultView } from '../../../src/ui/history/redact';

// Values from {{$processEnv NAME}} are secrets: no problem, label or CodeLens shows them, the CLI included.
const SECRET = 'sup3r-s3cret.value';
process.env.NP_ENV_SECRET = SECRET;
process.env.NP_ENV_OTHER = 'other+value';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-env-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function noSecret(text: string): void {
  assert.ok(!text.includes(SECRET), `the secret shows in: ${text}`);
}

test('processEnv: a bad directive echoes the text as written, never the value', () => {
  const cases: Array<[string, RegExp]> = [
    ['# @follow {{$processEnv NP_ENV_SECRET}}\nGET / HTTP/1.1\nHost: h\n', /^@follow "\{\{\$processEnv NP_ENV_SECRET\}\}" is not a count\.$/],
    ['# @target {{$processEnv NP_ENV_SECRET}}:99999\nGET / HTTP/1.1\nHost: h\n', /^@target "\{\{\$processEnv NP_ENV_SECRET\}\}:99999": /],
    [
      '# @proxy x{{$processEnv NP_ENV_SECRET}} y\nGET / HTTP/1.1\nHost: h\n',
      /^@proxy "x\{\{\$processEnv NP_ENV_SECRET\}\} y": a profile name has no spaces\.$/,
    ],
    ['# @proxy socks5://u:{{$processEnv NP_ENV_SECRET}}@[::1\nGET / HTTP/1.1\nHost: h\n', /^@proxy: /],
  ];
  for (const [file, re] of cases) {
    const [block] = parseRequestFile(file);
    assert.ok(block);
    assert.equal(block.problems.length, 1, file);
    assert.match(block.problems[0] ?? '', re);
    noSecret(block.problems.join(' '));
    assert.deepEqual(block.env, ['NP_ENV_SECRET']);
  }
  const [named] = parseRequestFile('# @name call {{$processEnv NP_ENV_SECRET}}\nGET / HTTP/1.1\nHost: h\n');
  assert.equal(named?.name, 'call {{$processEnv NP_ENV_SECRET}}');
});

test("processEnv: the plan's problems and labels mask values; env and secrets list what is read", () => {
  const bad = planRequests(parseRequestFile('GET / HTTP/1.1\nHost: {{$processEnv NP_ENV_SECRET}} x\n'));
  assert.equal(bad.problems.length, 1);
  noSecret(bad.problems[0] ?? '');
  assert.match(bad.problems[0] ?? '', /\{\{\$processEnv NP_ENV_SECRET\}\}/);
  const plan = planRequests(
    parseRequestFile(
      'GET /?t={{$processEnv NP_ENV_SECRET}} HTTP/1.1\nHost: h.test:8080\n\n###\nPOST / HTTP/1.1\nHost: h.test:8080\nX-A: {{$processEnv NP_ENV_OTHER}}\nX-B: {{$processEnv NP_ENV_SECRET}}\n',
    ),
  );
  assert.deepEqual(plan.problems, []);
  assert.equal(plan.requests[0]?.firstLine, 'GET /?t={{$processEnv NP_ENV_SECRET}} HTTP/1.1');
  assert.match(plan.requests[0]?.bytes.toString() ?? '', new RegExp(`t=${SECRET.replace(/\./g, '\\.')} `));
  assert.deepEqual(plan.env, ['NP_ENV_OTHER', 'NP_ENV_SECRET']);
  assert.deepEqual(
    plan.requests.map(r => r.env),
    [['NP_ENV_SECRET'], ['NP_ENV_OTHER', 'NP_ENV_SECRET']],
  );
  assert.deepEqual(new Set(plan.secrets), new Set([SECRET, 'other+value']));
});

test('processEnv: the CLI refuses a bad directive with the text as written', () => {
  const file = path.join(dir, 'follow.rawhttp');
  fs.writeFileSync(file, '# @follow {{$processEnv NP_ENV_SECRET}}\nGET / HTTP/1.1\nHost: h\n');
  const ctx = commandContext(httpCommand, ['--raw', file], { stdout: () => undefined, stderr: () => undefined }, new AbortController().signal);
  if (ctx === 'help') throw new Error('unexpected help');
  assert.throws(
    () => planFromCli(ctx),
    (e: Error) => {
      noSecret(e.message);
      return /@follow "\{\{\$processEnv NP_ENV_SECRET\}\}" is not a count/.test(e.message);
    },
  );
});

test('processEnv: masking replaces the longest value first and treats values as text', () => {
  assert.equal(
    maskEnvValues('a.b and a.b.c and x', [
      ['S', 'a.b'],
      ['L', 'a.b.c'],
    ]),
    '{{$processEnv S}} and {{$processEnv L}} and x',
  );
  assert.equal(maskEnvValues('(1+1)*', [['R', '(1+1)*']]), '{{$processEnv R}}');
  assert.equal(maskEnvValues('nothing', [['E', '']]), 'nothing');
  assert.equal(
    maskEnvValues('Env', [
      ['A', 'Env'],
      ['B', 'processEnv'],
    ]),
    '{{$processEnv A}}',
  );
});

test('processEnv: the question names each variable, the host:port, TLS and the proxy; allowed ones are not asked', () => {
  const plan = planRequests(
    parseRequestFile(
      '# @follow 2\nGET /?t={{$processEnv NP_ENV_SECRET}} HTTP/1.1\nHost: h.test:8443\n\n###\nGET / HTTP/1.1\nHost: h.test:8443\nX-A: {{$processEnv NP_ENV_OTHER}}\n',
    ),
    { tls: true },
  );
  assert.deepEqual(planDestination(plan), { host: 'h.test', port: 8443, tls: true });
  const d = envDisclosure(plan, { file: 'file:///w/api.http', fileLabel: 'api.http', proxy: 'socks5h://127.0.0.1:1080' });
  assert.ok(d);
  assert.deepEqual(d.names, ['NP_ENV_OTHER', 'NP_ENV_SECRET']);
  assert.equal(d.message, 'Send 2 environment variables to h.test:8443?');
  assert.match(
    d.detail,
    /^api\.http reads \{\{\$processEnv NP_ENV_OTHER\}\}, \{\{\$processEnv NP_ENV_SECRET\}\} and sends their values to h\.test:8443, through the proxy socks5h:\/\/127\.0\.0\.1:1080 over TLS\./,
  );
  assert.match(d.detail, /^Request 1 \(GET \/\?t=\{\{\$processEnv NP_ENV_SECRET\}\} HTTP\/1\.1\): NP_ENV_SECRET$/m);
  assert.match(d.detail, /^Request 2 \(GET \/ HTTP\/1\.1\): NP_ENV_OTHER$/m);
  assert.match(d.detail, /Redirects \(up to 2\) to another origin drop/);
  noSecret(d.detail + d.message + d.key);
  const partly = envDisclosure(plan, { file: 'file:///w/api.http', allowed: ['NP_ENV_OTHER'] });
  assert.deepEqual(partly?.names, ['NP_ENV_SECRET']);
  assert.equal(partly?.message, 'Send the environment variable NP_ENV_SECRET to h.test:8443?');
  assert.match(partly?.detail ?? '', /Also sent, allowed by your settings: NP_ENV_OTHER/);
  assert.equal(envDisclosure(plan, { file: 'f', allowed: ['NP_ENV_OTHER', 'NP_ENV_SECRET'] }), undefined);
  assert.equal(envDisclosure(planRequests(parseRequestFile('GET / HTTP/1.1\nHost: h\n')), { file: 'f' }), undefined);
  // One answer per (file, destination and proxy, set of variables).
  const key = (file: string, text: string, proxy?: string): string | undefined =>
    envDisclosure(planRequests(parseRequestFile(text)), { file, ...(proxy ? { proxy } : {}) })?.key;
  const one = 'GET / HTTP/1.1\nHost: a.test:1\nX: {{$processEnv NP_ENV_SECRET}}\n';
  assert.equal(key('f', one), key('f', one));
  assert.notEqual(key('f', one), key('g', one));
  assert.notEqual(key('f', one), key('f', one.replace('a.test:1', 'a.test:2')));
  assert.notEqual(key('f', one), key('f', `${one}Y: {{$processEnv NP_ENV_OTHER}}\n`));
  assert.notEqual(key('f', one), key('f', one, 'socks5://p:1'));
});

test('processEnv: a redirect to another origin drops every header holding a value from the environment', () => {
  const req = prepareRequest(`GET / HTTP/1.1\r\nHost: a.test:8080\r\nX-Custom: Bearer-ish ${SECRET}\r\nAccept: */*\r\n\r\n`);
  const from = { host: 'a.test', port: 8080, tls: false };
  const cross = redirectRequest(302, 'http://b.test:9090/next', 'http://a.test:8080/', req, from, [SECRET]);
  assert.deepEqual(cross?.droppedHeaders, ['X-Custom']);
  noSecret(cross?.raw.toString() ?? '');
  assert.match(cross?.raw.toString() ?? '', /Accept: \*\/\*/);
  const same = redirectRequest(302, '/next', 'http://a.test:8080/', req, from, [SECRET]);
  assert.match(same?.raw.toString() ?? '', /X-Custom: Bearer-ish/);
  assert.deepEqual(redirectRequest(302, 'http://b.test:9090/next', 'http://a.test:8080/', req, from)?.droppedHeaders, []);
});

test('processEnv: the log and History show the reference, not the value', () => {
  const view = {
    id: '1',
    kind: 'http' as const,
    title: `GET /?t=${SECRET}`,
    summary: 's',
    status: 'ok' as const,
    createdAt: 0,
    sections: [],
    data: { url: `http://h/?t=${SECRET}` },
    rerun: { command: 'netprobe.httpRequest', args: [`http://h/?t=${SECRET}`] },
  };
  const masked = maskEnvResultView(view, [['NP_ENV_SECRET', SECRET]]);
  noSecret(JSON.stringify(masked));
  assert.equal(masked.title, 'GET /?t={{$processEnv NP_ENV_SECRET}}');
  assert.equal(masked.rerun, undefined);
});
