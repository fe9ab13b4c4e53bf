import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../helpers/cli';
import type { CannedResponse } from '../../unit/http/canned-responses';
import { CANNED_RESPONSES } from '../../unit/http/canned-responses';
import { cannedServer } from './canned-server';

/** A response as a client showed it: the status line, headers, body and trailers, or nothing. */
interface Shown {
  failed: boolean;
  statusLine?: string;
  headers: string[];
  trailers: string[];
  body: string;
}

let server: Awaited<ReturnType<typeof cannedServer>>;
let dir: string;
before(async () => {
  server = await cannedServer(p => CANNED_RESPONSES[Number(p)]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-curl-cmp-'));
});
after(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `name: value` with the value's surrounding whitespace removed, as both tools mean it. */
function fieldLine(name: string, value: string): string {
  return `${name}:${value.replace(/^[ \t]+|[ \t]+$/g, '')}`;
}

/** Parses curl's `-D` header dump: status line, header lines (obs-fold joined with one space, RFC 9112 §5.2), trailers. */
function parseCurlDump(dump: string): Pick<Shown, 'statusLine' | 'headers' | 'trailers'> {
  const blocks = dump.split(/\r?\n\r?\n/);
  const lines = (block: string): string[] => {
    const out: string[] = [];
    for (const l of block.split(/\r?\n/).filter(x => x !== '')) {
      if (/^[ \t]/.test(l) && out.length) out[out.length - 1] += ` ${l.trim()}`;
      else out.push(l);
    }
    return out.map(l => {
      const i = l.indexOf(':');
      return i < 0 ? l : fieldLine(l.slice(0, i), l.slice(i + 1));
    });
  };
  const head = lines(blocks[0] ?? '');
  return { ...(head[0] ? { statusLine: head[0] } : {}), headers: head.slice(1), trailers: lines(blocks.slice(1).join('\n')) };
}

async function curlShows(index: number): Promise<Shown> {
  const headerFile = path.join(dir, `h${index}`);
  const bodyFile = path.join(dir, `b${index}`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const c = spawn('curl', ['-sS', '--max-time', '10', '-D', headerFile, '-o', bodyFile, `http://127.0.0.1:${server.port}/${index}`], { stdio: 'ignore' });
    c.on('error', reject);
    c.on('close', resolve);
  });
  const read = (f: string): string => (fs.existsSync(f) ? fs.readFileSync(f, 'latin1') : '');
  return { failed: code !== 0, ...parseCurlDump(read(headerFile)), body: read(bodyFile) };
}

interface NetProbeJson {
  error?: { message: string };
  status?: number;
  statusText?: string;
  httpVersion?: string;
  headers?: Array<[string, string]>;
  trailers?: Array<[string, string]>;
  bodyBase64?: string;
  violations?: Array<{ code: string; offset: number; message: string }>;
}

async function netprobeShows(index: number): Promise<{ shown: Shown; json: NetProbeJson; code: number | null }> {
  const r = await runCli(['http', `http://127.0.0.1:${server.port}/${index}`, '--json']);
  const j = JSON.parse(r.stdout) as NetProbeJson;
  const shown: Shown = {
    failed: j.error !== undefined,
    ...(j.status !== undefined ? { statusLine: `HTTP/${j.httpVersion} ${j.status}${j.statusText ? ` ${j.statusText}` : ''}` } : {}),
    headers: (j.headers ?? []).map(([k, v]) => fieldLine(k, v)),
    trailers: (j.trailers ?? []).map(([k, v]) => fieldLine(k, v)),
    body: Buffer.from(j.bodyBase64 ?? '', 'base64').toString('latin1'),
  };
  return { shown, json: j, code: r.code };
}

function differences(a: Shown, b: Shown): string[] {
  const out: string[] = [];
  if (a.failed !== b.failed) out.push(`curl ${a.failed ? 'failed' : 'succeeded'}, NetProbe ${b.failed ? 'failed' : 'succeeded'}`);
  if (a.statusLine !== b.statusLine) out.push(`status line ${JSON.stringify(a.statusLine)} vs ${JSON.stringify(b.statusLine)}`);
  if (a.statusLine !== undefined && a.headers.join('\n') !== b.headers.join('\n'))
    out.push(`headers ${JSON.stringify(a.headers)} vs ${JSON.stringify(b.headers)}`);
  if (a.trailers.join('\n') !== b.trailers.join('\n')) out.push(`trailers ${JSON.stringify(a.trailers)} vs ${JSON.stringify(b.trailers)}`);
  if (a.statusLine !== undefined && a.body !== b.body) out.push(`body ${JSON.stringify(a.body)} vs ${JSON.stringify(b.body)}`);
  return out;
}

test('20 malformed and edge-case responses: NetProbe shows what curl shows, and flags each violation at its offset', async () => {
  const table: string[] = [];
  const failures: string[] = [];
  // curl and NetProbe side by side, a few cases at a time (the machine is shared).
  const runs: Array<[Shown, Awaited<ReturnType<typeof netprobeShows>>]> = [];
  for (let i = 0; i < CANNED_RESPONSES.length; i += 4) {
    const batch = CANNED_RESPONSES.slice(i, i + 4).map(async (_c, k) => Promise.all([curlShows(i + k), netprobeShows(i + k)]));
    runs.push(...(await Promise.all(batch)));
  }
  for (const [i, c] of CANNED_RESPONSES.entries()) {
    const [curl, np] = runs[i] ?? [];
    if (!curl || !np) continue;
    const diff = differences(curl, np.shown);
    const agree = diff.length === 0;
    table.push(
      `| ${i + 1} | ${c.name} | ${curl.failed ? 'error' : 'shown'} | ${np.shown.failed ? 'error' : 'shown'} | ${agree ? 'agree' : 'disagree'} | ${(np.json.violations ?? []).map(v => `${v.code}@${v.offset}`).join(', ')} |`,
    );
    check(c, agree, diff, np, failures);
  }
  console.log(['| # | case | curl | NetProbe | | violations (code@byte) |', '|---|---|---|---|---|---|', ...table].join('\n'));
  assert.deepEqual(failures, []);
});

function check(c: CannedResponse, agree: boolean, diff: string[], np: Awaited<ReturnType<typeof netprobeShows>>, failures: string[]): void {
  if (c.disagree === undefined && !agree) failures.push(`${c.name}: differs from curl: ${diff.join('; ')}`);
  if (c.disagree !== undefined && agree) failures.push(`${c.name}: expected to differ from curl (${c.disagree})`);
  if (c.disagree !== undefined && np.shown.statusLine === undefined) failures.push(`${c.name}: NetProbe shows no response`);
  const codes = (np.json.violations ?? []).map(v => v.code);
  if (codes.join(',') !== c.violations.join(',')) failures.push(`${c.name}: violations ${JSON.stringify(codes)}, expected ${JSON.stringify(c.violations)}`);
  for (const v of np.json.violations ?? []) {
    if (!(v.offset >= 0 && v.offset < c.bytes.length + 1)) failures.push(`${c.name}: offset ${v.offset} outside the response`);
  }
  if (np.code !== (c.error ? 1 : 0)) failures.push(`${c.name}: exit status ${np.code}, expected ${c.error ? 1 : 0} (violations alone exit 0 without --strict)`);
}
