import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RequestPlan } from '../../../src/core/http/plan';
import { planRequests } from '../../../src/core/http/plan';
import { parseRequestFile } from '../../../src/core/http/request-file';
import { httpCommand, planFromCli } from '../../../src/cli/commands/http';
import { commandContext } from '../../../src/cli/run';
import type { SendOptions } from '../../../src/ui/commands/http-plan';
import { editorPlan } from '../../../src/ui/commands/http-plan';

// The same request files through both front ends: the CLI's `http --raw FILE [flags]` (its command module, as
// `netprobe` parses the flags) and the editor's send commands (the function they call, with the settings'
// defaults). Both must make the same plan, or fail with the same problem.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-plan-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
process.env.NP_PLAN_TOKEN = 's3cret';

interface Case {
  name: string;
  file: string;
  /** CLI flags after `http --raw FILE`. */
  cli?: string[];
  /** The editor's equivalent: which requests (send one = its index; default all) and the command's options. */
  editor?: { only?: number; options?: SendOptions };
  expect: Partial<Omit<RequestPlan, 'requests' | 'env'>> & { count?: number; env?: string[][]; error?: RegExp };
}

const TWO = `# @target 127.0.0.1:8080\n# @follow 3\n# @proxy socks5h://127.0.0.1:1080\nGET /a HTTP/1.1\nHost: a.test\n\n###\n# @insecure\nPOST /b HTTP/1.1\nHost: a.test\nContent-Type: text/plain\n\nhé ✓\n`;

const CASES: Case[] = [
  {
    name: 'directives apply to all: @target, @follow (first), @insecure (any), @proxy',
    file: TWO,
    expect: {
      count: 2,
      target: { host: '127.0.0.1', port: 8080, tls: false },
      follow: 3,
      insecure: true,
      proxy: 'socks5h://127.0.0.1:1080',
      needsTarget: false,
      problems: [],
    },
  },
  {
    name: 'one request of the file (--request 2 / the block under the cursor)',
    file: TWO,
    cli: ['--request', '2'],
    editor: { only: 1 },
    expect: { count: 1, target: undefined, follow: 0, insecure: true, proxy: undefined, needsTarget: false },
  },
  {
    name: 'flags and command options win over directives; --tls turns TLS on',
    file: TWO,
    cli: ['--target', '[::1]:8443', '--tls', '-L', '--max-redirs', '4', '--proxy', 'direct'],
    editor: { options: { target: '[::1]:8443', tls: true, follow: 4, proxy: 'direct' } },
    expect: { target: { host: '::1', port: 8443, tls: true }, follow: 4, proxy: 'direct', insecure: true },
  },
  {
    name: 'a URL as target: its scheme says TLS and its port',
    file: 'GET / HTTP/1.1\nHost: x.test\n',
    cli: ['--target', 'https://127.0.0.1'],
    editor: { options: { target: 'https://127.0.0.1' } },
    expect: { target: { host: '127.0.0.1', port: 443, tls: true }, needsTarget: false },
  },
  {
    name: 'the Host header names the server: no target in the plan',
    file: 'GET / HTTP/1.1\nHost: h.test:8443\n',
    expect: { target: undefined, needsTarget: false, follow: 0, insecure: false },
  },
  {
    name: "--tls without a target: the Host header's server over TLS",
    file: 'GET / HTTP/1.1\nHost: h.test\n',
    cli: ['--tls'],
    editor: { options: { tls: true } },
    expect: { target: { host: 'h.test', port: 443, tls: true } },
  },
  {
    name: '{{$processEnv}} names are kept per request; variables noted',
    file: '@h = e.test\nGET /?t={{$processEnv NP_PLAN_TOKEN}} HTTP/1.1\nHost: {{h}}\n',
    expect: { env: [['NP_PLAN_TOKEN']] },
  },
  {
    name: 'an undefined {{name}} is a warning, not a problem',
    file: 'GET /{{nope}} HTTP/1.1\nHost: h.test\n',
    expect: { problems: [], warnings: ['{{nope}} is not defined: sent as written (define it with "@nope = …").'] },
  },
  { name: 'no server named anywhere', file: 'GET / HTTP/1.1\nAccept: */*\n', expect: { needsTarget: true, error: /names no server/ } },
  {
    name: 'different @target lines cannot share a connection',
    file: '# @target a.test:1\nGET / HTTP/1.1\n\n###\n# @target b.test:2\nGET / HTTP/1.1\n',
    expect: { error: /different @target lines/ },
  },
  {
    name: 'a bad directive stops the send in both',
    file: '# @target host:99999\nGET / HTTP/1.1\nHost: h\n',
    expect: { error: /@target "host:99999": Port 99999 is out of range/ },
  },
  { name: 'a bad @proxy URL stops the send in both', file: '# @proxy ftp://p:3128\nGET / HTTP/1.1\nHost: h\n', expect: { error: /not a proxy scheme/ } },
  {
    name: '@http2 in any request: the connection speaks HTTP/2, @concurrent gives the streams in flight',
    file: '# @http2\nGET /a HTTP/1.1\nHost: h.test\n\n###\n# @concurrent 8\nGET /b HTTP/1.1\nHost: h.test\n',
    expect: { http2: 'alpn', concurrent: 8, problems: [] },
  },
  {
    name: '--http2-prior-knowledge / the http2 option wins over @http2; a bare @concurrent is 100',
    file: '# @http2\n# @concurrent\nGET / HTTP/1.1\nHost: h.test\n',
    cli: ['--http2-prior-knowledge'],
    editor: { options: { http2: 'prior-knowledge' } },
    expect: { http2: 'prior-knowledge', concurrent: 100 },
  },
  {
    name: '@concurrent without HTTP/2: sent in order, with a warning',
    file: '# @concurrent 4\nGET / HTTP/1.1\nHost: h.test\n',
    expect: {
      http2: undefined,
      concurrent: undefined,
      warnings: ['@concurrent applies to HTTP/2 only (add "# @http2"): HTTP/1.1 sends one request after another.'],
    },
  },
  {
    name: '@http2 and @http2 prior-knowledge cannot share a connection',
    file: '# @http2\nGET / HTTP/1.1\nHost: h\n\n###\n# @http2 h2c\nGET / HTTP/1.1\nHost: h\n',
    expect: { error: /mix "@http2" and "@http2 prior-knowledge"/ },
  },
  {
    name: 'a bad @http2 or @concurrent value',
    file: '# @http2 h3\n# @concurrent 0\nGET / HTTP/1.1\nHost: h\n',
    expect: {
      error: /@http2 "h3": write "@http2" \(ALPN over TLS\) or "@http2 prior-knowledge" \(h2c\)\. @concurrent "0" is not a stream count from 1 to 1000\./,
    },
  },
  {
    name: 'a bad --target / target option',
    file: 'GET / HTTP/1.1\nHost: h\n',
    cli: ['--target', '::1:80'],
    editor: { options: { target: '::1:80' } },
    expect: { error: /brackets/ },
  },
];

let n = 0;
function cliPlan(c: Case): RequestPlan {
  const file = path.join(dir, `case-${n++}.rawhttp`);
  fs.writeFileSync(file, c.file);
  const noIo = { stdout: (): void => undefined, stderr: (): void => undefined };
  const ctx = commandContext(httpCommand, ['--raw', file, ...(c.cli ?? [])], noIo, new AbortController().signal);
  assert.notEqual(ctx, 'help');
  if (ctx === 'help') throw new Error('unreachable');
  return planFromCli(ctx);
}

function editorPlanFor(c: Case): RequestPlan {
  const blocks = parseRequestFile(c.file);
  const only = c.editor?.only;
  const plan = editorPlan(only !== undefined ? blocks.filter(b => b.index === only) : blocks, c.editor?.options ?? {}, { insecure: false, followRedirects: 0 });
  // The editor refuses the same plans the CLI refuses: it throws its problems, and asks where to send when needed.
  if (plan.problems.length) throw new Error(plan.problems.join(' '));
  if (plan.needsTarget) throw new Error('The request names no server (the editor asks for host:port).');
  return plan;
}

/** A plan as plain data (bytes as hex) for comparing. */
function plain(p: RequestPlan): unknown {
  return { ...p, requests: p.requests.map(r => ({ ...r, bytes: r.bytes.toString('hex') })) };
}

for (const c of CASES) {
  void test(`plan table: ${c.name}`, () => {
    if (c.expect.error) {
      const error = c.expect.error;
      assert.throws(() => cliPlan(c), error, 'CLI');
      assert.throws(() => editorPlanFor(c), c.expect.needsTarget ? /names no server/ : error, 'editor');
      return;
    }
    const cli = cliPlan(c);
    const ed = editorPlanFor(c);
    assert.deepStrictEqual(plain(cli), plain(ed), 'both front ends make the same plan');
    const { count, env, error: _e, ...fields } = c.expect;
    for (const [k, v] of Object.entries(fields)) assert.deepStrictEqual((cli as unknown as Record<string, unknown>)[k], v, k);
    if (count !== undefined) assert.equal(cli.requests.length, count);
    if (env)
      assert.deepStrictEqual(
        cli.requests.map(r => r.env),
        env,
      );
  });
}

void test("plan: bytes are the file's text as UTF-8 (the CLI used to read latin1)", () => {
  const plan = cliPlan({ name: 'utf8', file: TWO, expect: {} });
  assert.match(plan.requests[1]?.bytes.toString('utf8') ?? '', /\n\nhé ✓\n?$/);
  assert.deepStrictEqual(plan.requests[1]?.notes, []);
  assert.equal(plan.requests[0]?.firstLine, 'GET /a HTTP/1.1');
});

void test('planRequests: settings are defaults that directives and options override', () => {
  const blocks = parseRequestFile('GET / HTTP/1.1\nHost: h\n');
  assert.equal(planRequests(blocks, { defaults: { insecure: true, follow: 5 } }).follow, 5);
  assert.equal(planRequests(blocks, { defaults: { insecure: true } }).insecure, true);
  assert.equal(planRequests(blocks, { insecure: false, defaults: { insecure: true } }).insecure, false);
  assert.equal(planRequests(parseRequestFile('# @follow 2\nGET / HTTP/1.1\nHost: h\n'), { defaults: { follow: 5 } }).follow, 2);
  assert.deepStrictEqual(planRequests([]).problems, ['There is no request here: write a request line such as "GET / HTTP/1.1".']);
});
