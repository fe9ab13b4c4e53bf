import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as net from 'net';
import { once } from 'events';

/** A TCP server on a loopback address that accepts and holds connections. */
export async function listeningServer(host = '127.0.0.1'): Promise<{ port: number; server: net.Server; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  server.listen(0, host);
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    server,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>(r => server.close(() => r()));
    },
  };
}

/** A loopback port that was bound and released, so nothing listens there (connections are refused). */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  const { port, close } = await listeningServer(host);
  await close();
  return port;
}

/**
 * A port that never answers: a listener with backlog 0 that never accepts, whose queue the helper fills,
 * so further SYNs are dropped and connects time out. Runs in python3 (Node always accepts).
 */
export async function blackholePort(host = '127.0.0.1'): Promise<{ port: number; close: () => Promise<void> }> {
  const code = [
    'import socket, sys',
    `s = socket.socket(socket.AF_INET6 if ":" in "${host}" else socket.AF_INET)`,
    `s.bind(("${host}", 0)); s.listen(0)`,
    'print(s.getsockname()[1], flush=True)',
    'sys.stdin.read()',
  ].join('\n');
  const child: ChildProcess = spawn('python3', ['-c', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  const fillers: net.Socket[] = [];
  // Fill the accept queue: connections complete in the kernel but are never accepted.
  for (let i = 0; i < 4; i++) {
    const s = net.connect({ host, port });
    s.on('error', () => undefined);
    fillers.push(s);
    const ok = await Promise.race([once(s, 'connect').then(() => true), new Promise<boolean>(r => setTimeout(() => r(false), 300))]);
    if (!ok) break;
  }
  return {
    port,
    close: async () => {
      for (const s of fillers) s.destroy();
      child.stdin!.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
