import { after, before } from 'node:test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TestPki } from '../../helpers/nginx';
import { makeTestPki } from '../../helpers/nginx';
import { once } from 'events';
import * as net from 'net';
import * as tls from 'tls';

/** A loopback TCP (or TLS) server whose behaviour a test scripts byte by byte; records what it received. */
export interface RawServer {
  port: number;
  /** Bytes received on each accepted connection, in order. */
  received: Buffer[][];
  close(): Promise<void>;
}

export type RawHandler = (socket: net.Socket, received: () => Buffer) => void;

/** Starts a scripted server on 127.0.0.1 (TLS when `tlsOptions` are given). */
export async function rawServer(handler: RawHandler, tlsOptions?: tls.TlsOptions, host = '127.0.0.1'): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const received: Buffer[][] = [];
  const onSocket = (s: net.Socket): void => {
    sockets.add(s);
    const chunks: Buffer[] = [];
    received.push(chunks);
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    handler(s, () => Buffer.concat(chunks));
  };
  const server = tlsOptions ? tls.createServer(tlsOptions, onSocket) : net.createServer(onSocket);
  server.on('tlsClientError', () => undefined);
  server.listen(0, host);
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    received,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>(r => server.close(() => r()));
    },
  };
}

/** Calls `fn` once the request head (up to the blank line) has arrived on `socket`. */
export function onRequestHead(socket: net.Socket, received: () => Buffer, fn: () => void): void {
  let fired = false;
  socket.on('data', () => {
    if (!fired && received().includes('\r\n\r\n')) {
      fired = true;
      fn();
    }
  });
}

/** What a file of raw-server tests shares: a test PKI (made before the tests) and the servers to close after. */
export class RawServerFixture {
  readonly servers: RawServer[] = [];
  private made: TestPki | undefined;

  get pki(): TestPki {
    if (!this.made) throw new Error('the test PKI is made in a before() hook');
    return this.made;
  }

  set pki(value: TestPki) {
    this.made = value;
  }
}

/** Registers before/after hooks that make a test PKI in a temp folder and close every server in `servers`. */
export function rawServerFixture(): RawServerFixture {
  const fixture = new RawServerFixture();
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-pki-'));
    fixture.pki = makeTestPki(dir);
  });
  after(async () => {
    for (const s of fixture.servers) await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return fixture;
}
