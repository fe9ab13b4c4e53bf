import { once } from 'events';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { freePort, spawnPeer } from './peers';

/** An HTTP proxy the test started; `close` stops it and waits for it. */
export interface HttpProxyPeer {
  host: string;
  port: number;
  /** What the proxy wrote to stderr (tinyproxy logs there in the foreground), or the requests a Node proxy saw. */
  log(): string;
  close(): Promise<void>;
}

/**
 * tinyproxy in the foreground on 127.0.0.1 (`tinyproxy -d -c conf`), allowing 127.0.0.1 clients and CONNECT only to
 * `connectPorts` (any other port is answered `403 Access violation`); with `auth`, `BasicAuth USER PASS` (407
 * without it). Its PidFile, log (`log()`) and config live in a temp dir removed on close.
 */
export async function startTinyproxy(opts: { connectPorts: number[]; auth?: { user: string; pass: string } }): Promise<HttpProxyPeer> {
  const host = '127.0.0.1';
  const port = await freePort(host);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-tinyproxy-'));
  const conf = path.join(dir, 'tinyproxy.conf');
  fs.writeFileSync(
    conf,
    [
      `Port ${port}`,
      `Listen ${host}`,
      'Timeout 30',
      'MaxClients 64',
      `Allow ${host}`,
      `PidFile "${path.join(dir, 'tinyproxy.pid')}"`,
      `LogFile "${path.join(dir, 'tinyproxy.log')}"`,
      'LogLevel Info',
      ...opts.connectPorts.map(p => `ConnectPort ${p}`),
      ...(opts.auth ? [`BasicAuth ${opts.auth.user} ${opts.auth.pass}`] : []),
      '',
    ].join('\n'),
  );
  const peer = await spawnPeer(['tinyproxy', '-d', '-c', conf], { host, port, what: 'tinyproxy' });
  const log = (): string => {
    try {
      return fs.readFileSync(path.join(dir, 'tinyproxy.log'), 'utf8');
    } catch {
      return peer.log();
    }
  };
  return {
    host,
    port,
    log,
    close: async () => {
      await peer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Reads one request head (up to the blank line) from a fresh connection; undefined when the client leaves first. */
async function readHead(socket: net.Socket): Promise<{ head: string; rest: Buffer } | undefined> {
  let buf = Buffer.alloc(0);
  for (;;) {
    const end = buf.indexOf('\r\n\r\n');
    if (end >= 0) return { head: buf.subarray(0, end).toString('latin1'), rest: buf.subarray(end + 4) };
    if (buf.length > 65536) return undefined;
    const chunk = await new Promise<Buffer | undefined>(resolve => {
      const onData = (b: Buffer): void => {
        done();
        resolve(b);
      };
      const onEnd = (): void => {
        done();
        resolve(undefined);
      };
      const done = (): void => {
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('close', onEnd);
        socket.off('error', onEnd);
      };
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('close', onEnd);
      socket.once('error', onEnd);
    });
    if (!chunk) return undefined;
    buf = Buffer.concat([buf, chunk]);
  }
}

function track(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  server.on('secureConnection', (s: tls.TLSSocket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  return sockets;
}

async function listenOn(server: net.Server, host: string, seen: string[]): Promise<HttpProxyPeer> {
  const sockets = track(server);
  server.listen(0, host);
  await once(server, 'listening');
  return {
    host,
    port: (server.address() as net.AddressInfo).port,
    log: () => seen.join('\n'),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>(r => server.close(() => r()));
    },
  };
}

/**
 * A CONNECT proxy written in Node, over TLS when `tls` is given (an `https://` proxy): tunnels to loopback
 * targets only (127.0.0.1, ::1, localhost), keeps half-closed tunnels open (tinyproxy and microsocks close both
 * sides at the first FIN), demands `Proxy-Authorization: Basic` for `auth`, and records every request head in `log()`.
 */
export function startNodeConnectProxy(
  opts: { tls?: { key: string; cert: string }; auth?: { user: string; pass: string }; host?: string } = {},
): Promise<HttpProxyPeer> {
  const seen: string[] = [];
  const onClient = (client: net.Socket): void => {
    void (async () => {
      const req = await readHead(client);
      if (!req) {
        client.destroy();
        return;
      }
      seen.push(req.head);
      const m = /^CONNECT (\S+):(\d+) HTTP\/1\.[01]$/m.exec(req.head.split('\r\n')[0] ?? '');
      const host = m?.[1]?.replace(/^\[|\]$/g, '');
      if (!m || !host || !['127.0.0.1', '::1', 'localhost'].includes(host)) {
        client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (opts.auth) {
        const want = `Basic ${Buffer.from(`${opts.auth.user}:${opts.auth.pass}`).toString('base64')}`;
        const got = /^Proxy-Authorization: (.*)$/im.exec(req.head)?.[1];
        if (got !== want) {
          client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
          return;
        }
      }
      const upstream = net.connect({ host, port: Number(m[2]), allowHalfOpen: true });
      upstream.once('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        if (req.rest.length) upstream.write(req.rest);
        client.pipe(upstream);
        upstream.pipe(client);
      });
    })();
  };
  // Half-open both ways: a client's FIN is passed on (pipe ends the other side) and the answer still flows back.
  const server = opts.tls
    ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert, allowHalfOpen: true }, onClient)
    : net.createServer({ allowHalfOpen: true }, onClient);
  return listenOn(server, opts.host ?? '127.0.0.1', seen);
}

/**
 * A hostile "proxy": reads the CONNECT request head, then `answer(socket)` writes whatever the test wants (an
 * endless header, binary garbage, a status line with control characters) and may keep the connection open.
 */
export function startHostileProxy(answer: (socket: net.Socket) => void): Promise<HttpProxyPeer> {
  const seen: string[] = [];
  const server = net.createServer(client => {
    void readHead(client).then(req => {
      if (!req) {
        client.destroy();
        return;
      }
      seen.push(req.head);
      answer(client);
    });
  });
  return listenOn(server, '127.0.0.1', seen);
}
