import { execFileSync } from 'child_process';
import { once } from 'events';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import type * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';

/** An HTTP or HTTPS server that answers every request with `<label> <Host header>`. */
export interface Target {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** A self-signed certificate (also its own CA) for the given names and addresses. */
export function makeCert(names: string[], ips: string[]): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-cert-'));
  try {
    const san = [...names.map(n => `DNS:${n}`), ...ips.map(i => `IP:${i}`)].join(',');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${names[0] ?? 'localhost'}`,
        '-addext',
        `subjectAltName=${san}`,
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function listen(server: http.Server, host: string, port: number): Promise<Target> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(port, host);
  await once(server, 'listening');
  return {
    host,
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>(r => server.close(() => r()));
    },
  };
}

const handler =
  (label: string) =>
  (req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.setHeader('Connection', 'close');
    res.end(`${label} ${req.headers.host ?? ''}`);
  };

/** An HTTP server on `host` (port 0 = any). */
export function startHttp(host: string, label: string, port = 0): Promise<Target> {
  return listen(http.createServer(handler(label)), host, port);
}

/** An HTTPS server on `host` with the given key and certificate. */
export function startHttps(host: string, label: string, creds: { key: string; cert: string }, port = 0): Promise<Target> {
  return listen(https.createServer(creds, handler(label)), host, port);
}

/** Sends `GET /` over an already connected socket (HTTP/1.0) and returns the body. */
export async function httpGet(socket: net.Socket | tls.TLSSocket, hostHeader: string): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on('data', (b: Buffer) => chunks.push(b));
  socket.write(`GET / HTTP/1.0\r\nHost: ${hostHeader}\r\n\r\n`);
  await once(socket, 'end');
  socket.destroy();
  const text = Buffer.concat(chunks).toString();
  return text.slice(text.indexOf('\r\n\r\n') + 4);
}

/** Layers TLS on a (proxied) socket with SNI = `servername`, trusting only `ca`. */
export async function tlsOver(socket: net.Socket, servername: string, ca: string): Promise<tls.TLSSocket> {
  const t = tls.connect({ socket, servername, ca });
  await once(t, 'secureConnect');
  return t;
}
