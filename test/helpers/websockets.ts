import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';
import type { TestPki } from './nginx';
import { makeTestPki } from './nginx';
import { stopChild } from './peers';

/**
 * Debian's python3-websockets is installed for /usr/bin/python3; a python3 earlier on PATH (pyenv) may lack it.
 */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/**
 * The echo server: every message comes back as it came (text as text, binary as binary), except the text
 * commands `!close CODE REASON` (the server closes with them), `!ping DATA` (the server pings) and `!hello`
 * (answers "hello" then a binary 00 01 02). Listens on a free port of 127.0.0.1 (and [::1] for a v6 host).
 */
const SERVER = String.raw`
import asyncio, ssl, sys, websockets
host, certfile, keyfile, clientca = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

async def handler(ws, path=None):
    async for m in ws:
        if isinstance(m, str) and m.startswith('!close'):
            parts = m.split(' ', 2)
            await ws.close(int(parts[1]), parts[2] if len(parts) > 2 else '')
            return
        if isinstance(m, str) and m.startswith('!ping'):
            await ws.ping(m[6:])
            continue
        if m == '!hello':
            await ws.send('hello')
            await ws.send(bytes([0, 1, 2]))
            continue
        await ws.send(m)

async def main():
    ctx = None
    if certfile:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(certfile, keyfile)
        if clientca:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(clientca)
    async with websockets.serve(handler, host, 0, ssl=ctx, max_size=2**24) as server:
        print('PORT', server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()

asyncio.run(main())
`;

export interface WebSocketsPeer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts the python3-websockets echo server (TLS with `tls` certificate files for wss; `clientCa` demands a client certificate from that CA). */
export async function startWebSocketsEcho(opts: { host?: string; tls?: { cert: string; key: string; clientCa?: string } } = {}): Promise<WebSocketsPeer> {
  const host = opts.host ?? '127.0.0.1';
  const child: ChildProcess = spawn(SYSTEM_PYTHON, ['-c', SERVER, host, opts.tls?.cert ?? '', opts.tls?.key ?? '', opts.tls?.clientCa ?? ''], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    lines.on('line', l => {
      const m = /^PORT (\d+)/.exec(l);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', code => reject(new Error(`the websockets server exited (${code}): ${log}`)));
  });
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    port,
    url: `${opts.tls ? 'wss' : 'ws'}://${shown}:${port}/`,
    async stop() {
      lines.close();
      await stopChild(child);
    },
  };
}

/** A test PKI in a fresh temporary directory, removed by `dispose`. */
export function tempPki(): TestPki & { dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-ws-pki-'));
  return { ...makeTestPki(dir), dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
