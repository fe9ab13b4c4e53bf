import { createHash } from 'crypto';
import { once } from 'events';
import * as net from 'net';

/** What a hostile WebSocket server does once it has read the upgrade request. */
export type HostileHandler = (socket: net.Socket, request: { head: string; key: string; accept: string }) => void;

export interface HostileServer {
  port: number;
  url: string;
  /** Bytes received after the request head (our frames). */
  received(): Buffer;
  close(): Promise<void>;
}

/** The valid 101 answer to a request whose Sec-WebSocket-Key hashes to `accept`. */
export function switchingProtocols(accept: string): string {
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`;
}

/**
 * A Node TCP server on 127.0.0.1 that reads one HTTP request head and hands the socket to `handler`, which
 * answers as a broken or hostile WebSocket server would. Every byte after the head is recorded.
 */
export async function hostileServer(handler: HostileHandler): Promise<HostileServer> {
  const sockets = new Set<net.Socket>();
  let after = Buffer.alloc(0);
  const server = net.createServer(socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = Buffer.alloc(0);
    let done = false;
    socket.on('data', (d: Buffer) => {
      if (done) {
        after = Buffer.concat([after, d]);
        return;
      }
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      done = true;
      after = Buffer.concat([after, head.subarray(end + 4)]);
      const text = head.subarray(0, end + 4).toString('latin1');
      const key = /\r\nSec-WebSocket-Key: *([^\r]*)/i.exec(text)?.[1] ?? '';
      const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      handler(socket, { head: text, key, accept });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `ws://127.0.0.1:${port}/chat`,
    received: () => after,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>(r => server.close(() => r()));
    },
  };
}
