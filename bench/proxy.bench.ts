import { spawn } from 'child_process';
import { once } from 'events';
import * as http from 'http';
import type * as net from 'net';
import { createServer } from 'net';
import * as path from 'path';
import { SocksClient } from 'socks';
import { dial } from '../src/core/route/dial';
import { parseProxyUrl } from '../src/core/proxy/url';
import { startMicrosocks } from '../test/helpers/socks-peers';
import { fmt, median, quantile, writeSection } from './lib/report';

const root = path.join(__dirname, '..', '..');
const N = 400;
const P = 20;
const BULK_BYTES = 64 * 1024 * 1024;
const BULK_RUNS = 5;

/** Runs the variants interleaved (a, b, c, a, b, c, …) so load changes hit them alike; times per variant. */
async function interleaved(n: number, variants: Array<() => Promise<void>>): Promise<number[][]> {
  const times = variants.map((): number[] => []);
  for (let i = 0; i < n; i++) {
    for (const [k, v] of variants.entries()) {
      const t0 = performance.now();
      await v();
      times[k]?.push(performance.now() - t0);
    }
  }
  return times;
}

/** Reads a socket to its end. */
async function drain(socket: net.Socket): Promise<number> {
  let bytes = 0;
  socket.on('data', (b: Buffer) => {
    bytes += b.length;
  });
  await once(socket, 'end');
  socket.destroy();
  return bytes;
}

/** Median wall time of a process (spawned asynchronously: the servers live in this process). */
async function processMs(cmd: string, args: string[], n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: 'ignore' });
    const [code] = (await once(child, 'exit')) as [number | null];
    times.push(performance.now() - t0);
    if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}`);
  }
  return median(times);
}

async function main(): Promise<void> {
  const socks = await startMicrosocks();
  const authed = await startMicrosocks({ user: 'bench', pass: 'bench-pw' });
  const web = http.createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
  await once(web, 'listening');
  const port = (web.address() as net.AddressInfo).port;
  const blob = Buffer.alloc(BULK_BYTES, 0x61);
  const blobServer = createServer(s => {
    s.on('error', () => undefined);
    s.end(blob);
  }).listen(0, '127.0.0.1');
  await once(blobServer, 'listening');
  const blobPort = (blobServer.address() as net.AddressInfo).port;
  try {
    const proxy = parseProxyUrl(`socks5h://127.0.0.1:${socks.port}`);
    const proxyAuth = parseProxyUrl(`socks5h://bench:bench-pw@127.0.0.1:${authed.port}`);
    const warm = async (): Promise<void> => {
      for (let i = 0; i < 50; i++) (await dial('localhost', port, { proxy })).socket.destroy();
    };
    await warm();
    const [direct = [], ours = [], lib = [], oursAuth = [], libAuth = []] = await interleaved(N, [
      async () => {
        (await dial('127.0.0.1', port)).socket.destroy();
      },
      async () => {
        (await dial('localhost', port, { proxy })).socket.destroy();
      },
      async () => {
        const { socket } = await SocksClient.createConnection({
          command: 'connect',
          proxy: { host: '127.0.0.1', port: socks.port, type: 5 },
          destination: { host: 'localhost', port },
        });
        socket.destroy();
      },
      async () => {
        (await dial('localhost', port, { proxy: proxyAuth })).socket.destroy();
      },
      async () => {
        const { socket } = await SocksClient.createConnection({
          command: 'connect',
          proxy: { host: '127.0.0.1', port: authed.port, type: 5, userId: 'bench', password: 'bench-pw' },
          destination: { host: 'localhost', port },
        });
        socket.destroy();
      },
    ]);
    const [bulkOurs = [], bulkLib = []] = await interleaved(BULK_RUNS, [
      async () => {
        await drain((await dial('127.0.0.1', blobPort, { proxy, timeout: 30_000 })).socket);
      },
      async () => {
        const { socket } = await SocksClient.createConnection({
          command: 'connect',
          proxy: { host: '127.0.0.1', port: socks.port, type: 5 },
          destination: { host: '127.0.0.1', port: blobPort },
        });
        await drain(socket);
      },
    ]);
    const mibps = (xs: number[]): string => fmt(BULK_BYTES / 1048576 / (median(xs) / 1000), 0);
    const cli = path.join(root, 'dist', 'cli.js');
    const cliMs = await processMs(process.execPath, [cli, 'proxy-test', `socks5h://127.0.0.1:${socks.port}`, `localhost:${port}`], P);
    const curlMs = await processMs('curl', ['-s', '-o', '/dev/null', '--socks5-hostname', `127.0.0.1:${socks.port}`, `http://localhost:${port}/`], P);
    const row = (what: string, xs: number[]): string => `| ${what} | ${fmt(median(xs), 3)} | ${fmt(quantile(xs, 0.95), 3)} |`;
    writeSection(
      'proxy',
      `## SOCKS proxies: connection set-up through microsocks

Command: \`npm run bench -- proxy\` (or \`node esbuild.js && node out/bench/proxy.bench.js\`). ${N} sequential connections each, to a loopback HTTP server, through \`microsocks\` on 127.0.0.1 (the proxy resolves \`localhost\`). The reference is the \`socks\` package used directly (\`SocksClient.createConnection\`, which NetProbe builds on), and \`curl --socks5-hostname\` for the whole-process comparison.

| Connection set-up | median ms | p95 ms |
| --- | --- | --- |
${row('direct `dial()` (no proxy, baseline)', direct)}
${row('NetProbe `dial()` via socks5h', ours)}
${row('`socks` package directly, SOCKS5 remote DNS', lib)}
${row('NetProbe `dial()` via socks5h with username/password', oursAuth)}
${row('`socks` package directly with username/password', libAuth)}

Ratio NetProbe / \`socks\` package (median): no auth ${fmt(median(ours) / median(lib))}, with auth ${fmt(median(oursAuth) / median(libAuth))}. The variants run interleaved so load on the machine hits them alike. NetProbe adds per-stage timing, exact reply framing (bytes the target sends right after the reply stay in the socket) and typed errors on top; the data path afterwards is the plain socket:

| ${BULK_BYTES / 1048576} MiB download through the proxy, median of ${BULK_RUNS} | MiB/s |
| --- | --- |
| NetProbe \`dial()\` via socks5 | ${mibps(bulkOurs)} |
| \`socks\` package directly | ${mibps(bulkLib)} |
| Ratio NetProbe / \`socks\` | ${fmt(median(bulkLib) / median(bulkOurs))} |

| Whole process, median of ${P} | ms |
| --- | --- |
| \`netprobe proxy-test socks5h://… localhost:PORT\` | ${fmt(cliMs)} |
| \`curl -s --socks5-hostname … http://localhost:PORT/\` | ${fmt(curlMs)} |
| Ratio netprobe / curl (Node start-up and loading the whole CLI bundle dominate) | ${fmt(cliMs / curlMs)} |
`,
    );
    console.log(
      `proxy bench: dial via socks5h median ${fmt(median(ours), 3)} ms vs socks package ${fmt(median(lib), 3)} ms; CLI ${fmt(cliMs)} ms vs curl ${fmt(curlMs)} ms`,
    );
  } finally {
    web.close();
    blobServer.close();
    await Promise.all([socks.close(), authed.close()]);
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
