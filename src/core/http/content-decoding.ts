import * as fs from 'fs';
import { Readable, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import type { Transform } from 'stream';
import * as zlib from 'zlib';
import { NetProbeError, errorMessage } from '../errors';
import { BodySink } from './body-sink';
import type { BodyInfo, DecodedContent } from './types';

/** Default cap on a decoded (decompressed) body: 64 MiB. */
export const DEFAULT_MAX_DECODED_BYTES = 64 * 1024 * 1024;

export interface ContentDecodingOptions {
  /** Decoded bytes kept at most; the rest is not decompressed (default 64 MiB). */
  maxBytes?: number;
  /** Decoded bytes kept in memory; beyond that they spill to a temporary file (default 8 MiB). */
  memoryBytes?: number;
  /** Folder for the temporary file (default the OS temp folder). */
  tempDir?: string;
  signal?: AbortSignal;
}

const CHUNK = 64 * 1024;

class CapReached extends Error {}

/** The decoders for a Content-Encoding value, in the order they apply; undefined when there is nothing to do. */
function decodersFor(value: string, first: Buffer): Transform[] | undefined {
  const codings = value
    .split(',')
    .map(c => c.trim().toLowerCase())
    .filter(c => c && c !== 'identity');
  if (codings.length === 0) return undefined;
  return codings.reverse().map((c, i) => {
    switch (c) {
      case 'gzip':
      case 'x-gzip':
        return zlib.createGunzip({ chunkSize: CHUNK, finishFlush: zlib.constants.Z_SYNC_FLUSH });
      case 'deflate': {
        // RFC 9110 deflate is zlib-wrapped; some servers send raw deflate. Tell them apart by the zlib header.
        const wrapped = i > 0 || (first.length >= 2 && ((first[0] ?? 0) & 0x0f) === 8 && (((first[0] ?? 0) << 8) | (first[1] ?? 0)) % 31 === 0);
        return wrapped
          ? zlib.createInflate({ chunkSize: CHUNK, finishFlush: zlib.constants.Z_SYNC_FLUSH })
          : zlib.createInflateRaw({ chunkSize: CHUNK, finishFlush: zlib.constants.Z_SYNC_FLUSH });
      }
      case 'br':
        return zlib.createBrotliDecompress({ chunkSize: CHUNK, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
      default:
        throw new NetProbeError('protocol', `unknown content-encoding "${c.replace(/[^\x20-\x7e]/g, '?')}"`);
    }
  });
}

/** The first bytes of a body (for the deflate sniff) without reading a file twice. */
function firstBytes(body: BodyInfo): Buffer {
  return body.data ?? body.preview ?? Buffer.alloc(0);
}

function source(body: BodyInfo): Readable {
  if (body.data) return Readable.from([body.data], { objectMode: false });
  if (body.file) return fs.createReadStream(body.file, { highWaterMark: CHUNK });
  return Readable.from([]);
}

/** "decoded body truncated at 64 MiB, 329 bytes on the wire" — the words both front ends show. */
export function decodedTruncationNote(d: Pick<DecodedContent, 'maxBytes' | 'wireBytes'>): string {
  const mib = d.maxBytes / (1024 * 1024);
  const size = Number.isInteger(mib) ? `${mib} MiB` : `${d.maxBytes} bytes`;
  return `decoded body truncated at ${size}, ${d.wireBytes} bytes on the wire`;
}

/**
 * Removes a body's Content-Encoding (gzip, deflate, br, and chains of them) as a stream: zlib runs on Node's
 * thread pool a chunk at a time, so the event loop never waits for a whole body, and at most `maxBytes` are
 * produced (a 329-byte brotli bomb stops at the cap). Decoded bytes beyond `memoryBytes` spill to a temporary
 * file (`body.temporary`; the caller deletes it). Returns undefined when the body has no Content-Encoding.
 * Never rejects for bad data: a corrupt stream ends with `error` and what was decoded until then.
 */
export async function decodeContent(
  body: BodyInfo,
  headers: ReadonlyArray<readonly [string, string]>,
  opts: ContentDecodingOptions = {},
): Promise<DecodedContent | undefined> {
  const encoding = headers
    .filter(([k]) => k.toLowerCase() === 'content-encoding')
    .map(([, v]) => v.trim())
    .filter(Boolean)
    .join(', ');
  if (!encoding || body.size === 0) return undefined;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_DECODED_BYTES;
  let decoders: Transform[] | undefined;
  try {
    decoders = decodersFor(encoding, firstBytes(body));
  } catch (e) {
    if (!(e instanceof NetProbeError)) throw e;
    return {
      encoding,
      body: { size: 0, data: Buffer.alloc(0), truncated: false },
      wireBytes: body.size,
      maxBytes,
      error: `Cannot remove Content-Encoding "${encoding}": ${e.message}.`,
    };
  }
  if (!decoders) return undefined;
  const sink = new BodySink({ memoryBytes: opts.memoryBytes ?? 8 * 1024 * 1024, ...(opts.tempDir ? { tempDir: opts.tempDir } : {}) });
  let truncated = false;
  const writer = new Writable({
    highWaterMark: CHUNK,
    write(chunk: Buffer, _encoding, done) {
      const room = maxBytes - sink.bytes;
      if (chunk.length > room) {
        if (room > 0) sink.write(chunk.subarray(0, room));
        truncated = true;
        done(new CapReached());
        return;
      }
      try {
        if (sink.write(chunk)) done();
        else sink.onDrain(() => done());
      } catch (e) {
        done(e instanceof Error ? e : new Error(String(e)));
      }
    },
  });
  let error: string | undefined;
  try {
    await pipeline([source(body), ...decoders, writer], opts.signal ? { signal: opts.signal } : {});
  } catch (e) {
    if (!(e instanceof CapReached)) {
      if (opts.signal?.aborted) error = 'Decoding was cancelled.';
      else error = `Could not remove Content-Encoding "${encoding}" (${errorMessage(e)}); the bytes decoded until then are shown.`;
    }
  }
  const decoded = await sink.end(truncated);
  return { encoding, body: decoded, wireBytes: body.size, maxBytes, ...(error ? { error } : {}) };
}
