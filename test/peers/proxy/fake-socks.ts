import { once } from 'events';
import * as net from 'net';

/** How a hand-written SOCKS server in the tests behaves. */
export type FakeMode =
  | 'socks4a'
  | 'garbage'
  | 'close-immediately'
  | 'close-after-greeting'
  | 'half-reply'
  | 'silent'
  | 'grant-with-banner'
  | 'bad-atyp'
  | 'pick-userpass'
  | 'ipv6-bound';

export interface FakeSocks {
  port: number;
  /** Requests the server received (hostnames for SOCKS4a, as sent). */
  requested: string[];
  close(): Promise<void>;
}

function relay(client: net.Socket, host: string, port: number, reply: Buffer, fail: Buffer): void {
  const up = net.connect({ host, port });
  up.once('connect', () => {
    client.write(reply);
    client.pipe(up);
    up.pipe(client);
  });
  up.on('error', () => {
    if (!client.destroyed) client.end(fail);
  });
  client.on('error', () => up.destroy());
  client.on('close', () => up.destroy());
}

/**
 * A SOCKS server written for the tests: a working SOCKS4/4a server (names resolved only from `names`, so
 * remote resolution is observable), or a hostile one that answers with garbage, closes mid-handshake,
 * stays silent, or sends malformed replies.
 */
export async function startFakeSocks(mode: FakeMode, names: Record<string, string> = {}): Promise<FakeSocks> {
  const sockets = new Set<net.Socket>();
  const requested: string[] = [];
  const server = net.createServer(c => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
    c.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let step = 0;
    c.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (mode === 'silent') return;
      if (mode === 'garbage') {
        c.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (mode === 'close-immediately') {
        c.destroy();
        return;
      }
      if (mode === 'socks4a') {
        const nul1 = buf.indexOf(0, 8);
        if (buf.length < 9 || nul1 < 0) return;
        const port = buf.readUInt16BE(2);
        let ip = [...buf.subarray(4, 8)].join('.');
        if (buf[4] === 0 && buf[5] === 0 && buf[6] === 0 && buf[7] !== 0) {
          const nul2 = buf.indexOf(0, nul1 + 1);
          if (nul2 < 0) return;
          const name = buf.subarray(nul1 + 1, nul2).toString();
          requested.push(name);
          const mapped = names[name];
          if (!mapped) {
            c.end(Buffer.from([0, 91, 0, 0, 0, 0, 0, 0]));
            return;
          }
          ip = mapped;
        } else {
          requested.push(ip);
        }
        c.removeAllListeners('data');
        relay(c, ip, port, Buffer.from([0, 90, 0, 0, 0, 0, 0, 0]), Buffer.from([0, 91, 0, 0, 0, 0, 0, 0]));
        return;
      }
      // The SOCKS5 modes: greeting first.
      if (step === 0) {
        if (buf.length < 2 || buf.length < 2 + (buf[1] ?? 0)) return;
        buf = Buffer.alloc(0);
        step = 1;
        if (mode === 'pick-userpass') {
          c.write(Buffer.from([5, 2]));
          return;
        }
        c.write(Buffer.from([5, 0]));
        return;
      }
      if (buf.length < 5) return;
      if (mode === 'close-after-greeting') {
        c.destroy();
        return;
      }
      if (mode === 'half-reply') {
        c.end(Buffer.from([5, 0, 0, 1]));
        return;
      }
      if (mode === 'bad-atyp') {
        c.write(Buffer.from([5, 0, 0, 9, 1, 2, 3, 4, 0, 80]));
        return;
      }
      if (mode === 'ipv6-bound') {
        const addr = Buffer.alloc(16);
        addr[15] = 1;
        c.write(Buffer.concat([Buffer.from([5, 0, 0, 4]), addr, Buffer.from([0x1f, 0x90])]));
        return;
      }
      // grant-with-banner: the reply and the first bytes of the "target" arrive in one segment.
      c.write(Buffer.concat([Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0x30, 0x39]), Buffer.from('BANNER from target\n')]));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    requested,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>(r => server.close(() => r()));
    },
  };
}
