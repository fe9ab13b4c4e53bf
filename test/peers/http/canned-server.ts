import { once } from 'events';
import * as net from 'net';
import type { CannedResponse } from '../../unit/http/canned-responses';

/** A loopback server that answers each connection's first request with one canned response and closes. */
export async function cannedServer(pick: (path: string) => CannedResponse | undefined): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    let got = '';
    s.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (!got.includes('\r\n\r\n')) return;
      const path = /^\S+ (\S+)/.exec(got)?.[1] ?? '/';
      const c = pick(decodeURIComponent(path.slice(1)));
      s.end(Buffer.from(c?.bytes ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n', 'latin1'));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>(r => server.close(() => r()));
    },
  };
}
