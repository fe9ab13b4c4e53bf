// NetProbe's small-GET loop against the HTTP engines other VS Code HTTP clients use (node:http, undici, got) and the
// bare Node `net` loop, side by side in one run on the same nginx (issue 15, HTTP/1.1 row). Every client opens a new
// connection per request (`Connection: close`), as the HTTP benchmark's loop does. Run: node scripts/run-bench.js http-clients
import * as http from 'http';
import * as https from 'https';
import * as os from 'os';
import * as tls from 'tls';
import { request as undiciRequest } from 'undici';
import { sendHttp } from '../src/core/http/client';
import { createTlsContext } from '../src/core/tls/connect';
import type { NginxPeer } from '../test/helpers/nginx';
import { startNginx } from '../test/helpers/nginx';
import { bareRequest } from './lib/bare-http';
import { fmt, median, quantile, writeSection } from './lib/report';

const WARMUP = Number(process.env.NP_BENCH_WARMUP ?? 1500);
const ROUNDS = Number(process.env.NP_BENCH_ROUNDS ?? 1000);
/** Requests a client sends in a row before the next client's turn. */
const BLOCK = 50;

type Client = () => Promise<void>;

/** node:http with its agent's default TLS session cache: an abbreviated handshake from the second request on. */
const RESUMED = "`node:http` with TLS session resumption (its agent's default; not a full handshake)";

/** The part of got's API used here (got is ESM-only and this file compiles to CommonJS: loaded with import()). */
interface Got {
  (url: string): Promise<{ statusCode: number }>;
  extend(options: Record<string, unknown>): Got;
}

async function loadGot(): Promise<Got> {
  const name = 'got';
  const mod = (await import(name)) as { default: Got };
  return mod.default;
}
interface Sample {
  wall: number[];
  cpu: number[];
}

async function clients(nginx: NginxPeer, tlsOn: boolean): Promise<Array<[string, Client]>> {
  const port = tlsOn ? nginx.httpsPort : nginx.httpPort;
  const scheme = tlsOn ? 'https' : 'http';
  const url = `${scheme}://127.0.0.1:${port}/echo`;
  const raw = 'GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: netprobe\r\nAccept: */*\r\nConnection: close\r\n\r\n';
  const ca = nginx.pki.caPem;
  // Every client parses the CA once and reuses it, as a long-lived extension host would.
  const npOpts = { target: { host: '127.0.0.1', port, tls: tlsOn }, tls: { secureContext: createTlsContext({ ca }), servername: 'localhost' } };
  const bareContext = tlsOn ? tls.createSecureContext({ ca }) : undefined;
  // Every client does a full TLS handshake per request, as NetProbe (each send shows its own handshake) and the bare
  // loop do: no TLS session cache (node:http's and undici's agents resume sessions by default; that row is apart).
  const agentOpts = { keepAlive: false, ...(tlsOn ? { ca, servername: 'localhost', maxCachedSessions: 0 } : {}) };
  const nodeAgent = tlsOn ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
  const resumingAgent = new https.Agent({ keepAlive: false, ca, servername: 'localhost' });
  const { Agent } = await import('undici');
  const undiciAgent = new Agent({ connect: tlsOn ? { ca, servername: 'localhost', maxCachedSessions: 0 } : {} });
  const got = await loadGot();
  const gotClient = got.extend({
    agent: tlsOn ? { https: nodeAgent as https.Agent } : { http: nodeAgent },
    retry: { limit: 0 },
    headers: { connection: 'close' },
  });
  const ok = (status: number): void => {
    if (status !== 200) throw new Error(`status ${status}`);
  };
  return [
    [
      'NetProbe (`sendHttp`)',
      async () => {
        ok((await sendHttp(raw, npOpts)).final.response?.statusCode ?? 0);
      },
    ],
    ['bare Node `net`/`tls` loop', () => bareRequest(port, raw, bareContext)],
    [
      '`node:http` (`http.get`, no keep-alive)',
      () =>
        new Promise<void>((resolve, reject) => {
          const get = tlsOn ? https.get : http.get;
          get(url, { agent: nodeAgent, headers: { connection: 'close' } }, res => {
            ok(res.statusCode ?? 0);
            res.resume();
            res.once('end', () => resolve());
          }).once('error', reject);
        }),
    ],
    [
      '`undici` (`request`, `reset: true`)',
      async () => {
        const r = await undiciRequest(url, { dispatcher: undiciAgent, reset: true });
        ok(r.statusCode);
        await r.body.dump();
      },
    ],
    [
      '`got` (no keep-alive, no retry)',
      async () => {
        ok((await gotClient(url)).statusCode);
      },
    ],
    ...(tlsOn
      ? [
          [
            RESUMED,
            () =>
              new Promise<void>((resolve, reject) => {
                https
                  .get(url, { agent: resumingAgent, headers: { connection: 'close' } }, res => {
                    ok(res.statusCode ?? 0);
                    res.resume();
                    res.once('end', () => resolve());
                  })
                  .once('error', reject);
              }),
          ] as [string, Client],
        ]
      : []),
  ];
}

async function measure(list: Array<[string, Client]>): Promise<Map<string, Sample>> {
  for (let i = 0; i < WARMUP; i++) for (const [, c] of list) await c();
  const out = new Map<string, Sample>(list.map(([n]) => [n, { wall: [], cpu: [] }]));
  // Each client runs its own loop, BLOCK requests in a row, and the clients take turns block by block (the first one
  // rotating), so a load change on the shared machine hits every client alike. Taking turns request by request
  // instead makes each client always follow the same neighbour and pay for what that one left behind (its garbage,
  // its sockets' cleanup, caches filled with its code). CPU is the process's user+system time around each request.
  for (let b = 0; b < ROUNDS / BLOCK; b++) {
    for (let k = 0; k < list.length; k++) {
      const entry = list[(k + b) % list.length];
      if (!entry) continue;
      const [name, c] = entry;
      const s = out.get(name);
      if (!s) continue;
      for (let i = 0; i < BLOCK; i++) {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await c();
        s.wall.push(performance.now() - t0);
        const cpu = process.cpuUsage(cpu0);
        s.cpu.push((cpu.user + cpu.system) / 1000);
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  const nginx = await startNginx();
  try {
    const rows: string[] = [];
    const verdicts: string[] = [];
    for (const tlsOn of [false, true]) {
      const list = await clients(nginx, tlsOn);
      const m = await measure(list);
      const np = m.get(list[0]?.[0] ?? '');
      const bare = m.get(list[1]?.[0] ?? '');
      if (!np || !bare) throw new Error('missing rows');
      const npMed = median(np.wall);
      for (const [name] of list) {
        const s = m.get(name);
        if (!s) continue;
        rows.push(
          `| ${tlsOn ? 'HTTPS' : 'HTTP'} | ${name} | ${fmt(median(s.wall), 3)} ms | ${fmt(quantile(s.wall, 0.95), 3)} ms | ${fmt(median(s.cpu) * 1000, 0)} µs | ` +
            `${name === list[0]?.[0] ? '—' : `${fmt(npMed / median(s.wall))}×`} |`,
        );
      }
      const others = list
        .slice(2)
        .filter(([n]) => n !== RESUMED)
        .map(([n]) => [n, median(m.get(n)?.wall ?? [])] as const);
      const fastest = others.every(([, w]) => npMed < w);
      verdicts.push(
        `- ${tlsOn ? 'HTTPS' : 'HTTP'}: NetProbe / bare loop **${fmt(npMed / median(bare.wall))}×** by median latency (target ≤ 1.15×), ` +
          `${fmt(median(np.cpu) / median(bare.cpu))}× by client CPU per request; NetProbe is ${fastest ? '' : '**not** '}the fastest of NetProbe, node:http, undici and got` +
          `${
            fastest
              ? ''
              : ` (${others
                  .filter(([, w]) => w <= npMed)
                  .map(([n]) => n)
                  .join(', ')} faster)`
          }.`,
      );
    }
    const lines = [
      '## HTTP/1.1 small GET: NetProbe vs the engines of other VS Code HTTP clients (issue 15)',
      '',
      `Same nginx on 127.0.0.1, ${os.cpus().length} vCPU (1-min load average at the end: ${fmt(os.loadavg()[0] ?? 0, 1)}): only the ratios ` +
        `measured side by side mean anything. Command: \`npm run build:prod && node scripts/run-bench.js http-clients\` (\`node out/bench/http-clients.bench.js\`).`,
      '',
      `Each client sends \`GET /echo\` on a new connection (\`Connection: close\`), ${WARMUP} warm-up rounds of every client, then ${ROUNDS} requests of each client: each runs its own loop, ${BLOCK} requests in a row, and the clients take turns ` +
        "block by block (the first one rotating). Latency is per request (connect, TLS, request, whole response); CPU is the process's user+system time around each request (median). " +
        "undici is NetProbe's own dependency (its WebAssembly llhttp); got (14.x, a devDependency for this benchmark only) runs on `node:http`. " +
        'HTTPS: every client makes a full TLS handshake per request (TLS session caches off: `maxCachedSessions: 0`), as NetProbe and the bare loop do; ' +
        "node:http with its agent's default session cache (an abbreviated handshake from the second request on) is the last row, outside the verdict.",
      '',
      "| Protocol | Client | median | p95 | CPU per request | NetProbe median ÷ this client's (< 1: NetProbe faster) |",
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      ...verdicts,
    ];
    writeSection('http-clients', lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    await nginx.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
