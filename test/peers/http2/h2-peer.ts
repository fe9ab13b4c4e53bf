import type * as net from 'net';
import type * as tls from 'tls';
import type { RawServer } from '../http/raw-server';
import { rawServer } from '../http/raw-server';

/** One HTTP/2 frame as bytes. */
export function h2frame(type: number, flags: number, stream: number, payload: Buffer | number[] = []): Buffer {
  const p = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const h = Buffer.alloc(9);
  h.writeUIntBE(p.length, 0, 3);
  h[3] = type;
  h[4] = flags;
  h.writeUInt32BE(stream, 5);
  return Buffer.concat([h, p]);
}

function hpackInt(value: number, prefixBits: number, first: number): number[] {
  const max = (1 << prefixBits) - 1;
  if (value < max) return [first | value];
  const out = [first | max];
  let v = value - max;
  while (v >= 128) {
    out.push((v % 128) + 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** A header block of literal fields without indexing and without Huffman (what any decoder must read). */
export function hpackLiterals(fields: Array<[string, string]>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of fields) {
    const name = Buffer.from(k, 'latin1');
    const value = Buffer.from(v, 'latin1');
    parts.push(Buffer.from([0, ...hpackInt(name.length, 7, 0)]), name, Buffer.from(hpackInt(value.length, 7, 0)), value);
  }
  return Buffer.concat(parts);
}

export const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** What a scripted HTTP/2 server does when the client's request on `streamId` is complete (headers, and body if any). */
export type H2Handler = (socket: net.Socket, streamId: number, request: { headerBlock: Buffer; body: Buffer }) => void;

/**
 * A hand-scripted HTTP/2 server on 127.0.0.1: reads the client preface and frames, answers SETTINGS with its own
 * (empty) SETTINGS and an ACK, and calls `handler` for each request. Everything else is the script's to write,
 * byte by byte, so misbehaviour is exact.
 */
export function rawH2Server(handler: H2Handler, tlsOptions?: tls.TlsOptions): Promise<RawServer> {
  return rawServer((socket, received) => {
    let pos = 24;
    let greeted = false;
    const streams = new Map<number, { headerBlock: Buffer[]; body: Buffer[] }>();
    socket.on('data', () => {
      const all = received();
      if (all.length < 24) return;
      if (!greeted) {
        greeted = true;
        socket.write(Buffer.concat([h2frame(4, 0, 0), h2frame(4, 1, 0)]));
      }
      while (all.length - pos >= 9) {
        const len = all.readUIntBE(pos, 3);
        if (all.length - pos < 9 + len) return;
        const type = all[pos + 3] ?? 0;
        const flags = all[pos + 4] ?? 0;
        const id = all.readUInt32BE(pos + 5) & 0x7fffffff;
        const payload = all.subarray(pos + 9, pos + 9 + len);
        pos += 9 + len;
        if (type !== 0 && type !== 1 && type !== 9) continue;
        const s = streams.get(id) ?? { headerBlock: [], body: [] };
        streams.set(id, s);
        if (type === 0) s.body.push(payload);
        else s.headerBlock.push(payload);
        if (flags & 1) handler(socket, id, { headerBlock: Buffer.concat(s.headerBlock), body: Buffer.concat(s.body) });
      }
    });
  }, tlsOptions);
}
