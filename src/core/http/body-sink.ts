import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NetProbeError, isErrnoException } from '../errors';
import type { BodyInfo, HttpExchange } from './types';

const PREVIEW_BYTES = 64 * 1024;

export interface BodySinkOptions {
  /** Bytes kept in memory before spilling to a temporary file. */
  memoryBytes: number;
  /** Write the body to this file from the first byte. */
  file?: string;
  /** Folder for temporary files (default the OS temp folder). */
  tempDir?: string;
}

/**
 * Collects a response body: in memory while small, then in a temporary file (or straight into `file`),
 * with back-pressure: `write` returns false when the caller should pause reading until `drain`.
 */
export class BodySink {
  private chunks: Buffer[] = [];
  private size = 0;
  private preview: Buffer[] = [];
  private previewSize = 0;
  private stream: fs.WriteStream | undefined;
  private filePath: string | undefined;
  private temporary = false;
  private failure: Error | undefined;
  private drainWaiters: Array<() => void> = [];

  constructor(private readonly opts: BodySinkOptions) {
    if (opts.file) this.open(opts.file, false);
  }

  get bytes(): number {
    return this.size;
  }

  /** Adds body bytes; false means pause reading until {@link onDrain} fires. Keeps a view of `chunk` (no copy). */
  write(chunk: Buffer): boolean {
    if (this.failure) throw this.failure;
    this.size += chunk.length;
    let stream = this.stream;
    if (!stream && this.size > this.opts.memoryBytes) {
      const dir = fs.mkdtempSync(path.join(this.opts.tempDir ?? os.tmpdir(), 'netprobe-body-'));
      stream = this.open(path.join(dir, 'body'), true);
      for (const c of this.chunks) {
        this.addPreview(c);
        stream.write(c);
      }
      this.chunks = [];
    }
    if (stream) {
      this.addPreview(chunk);
      return stream.write(chunk);
    }
    this.chunks.push(chunk);
    return true;
  }

  /** The first bytes of a body that goes to a file (an in-memory body is its own preview). */
  private addPreview(chunk: Buffer): void {
    if (this.previewSize >= PREVIEW_BYTES) return;
    const part = chunk.subarray(0, PREVIEW_BYTES - this.previewSize);
    this.preview.push(Buffer.from(part));
    this.previewSize += part.length;
  }

  /** Calls `fn` once the file has room again. */
  onDrain(fn: () => void): void {
    if (!this.stream || !this.stream.writableNeedDrain) {
      fn();
      return;
    }
    this.drainWaiters.push(fn);
  }

  /** The body when it stayed in memory (nothing to wait for); undefined when it went to a file (use {@link end}). */
  inMemory(truncated: boolean): BodyInfo | undefined {
    if (this.stream) return undefined;
    const only = this.chunks.length === 1 ? this.chunks[0] : undefined;
    return { size: this.size, data: only ?? Buffer.concat(this.chunks), truncated };
  }

  /** Finishes writing and describes where the body is. */
  async end(truncated: boolean): Promise<BodyInfo> {
    const memory = this.inMemory(truncated);
    if (memory) return memory;
    const s = this.stream as fs.WriteStream;
    await new Promise<void>((resolve, reject) => {
      if (this.failure) {
        reject(this.failure);
        return;
      }
      s.once('error', reject);
      s.end(() => resolve());
    });
    return { size: this.size, file: this.filePath, temporary: this.temporary, preview: Buffer.concat(this.preview), truncated };
  }

  private open(file: string, temporary: boolean): fs.WriteStream {
    this.filePath = file;
    this.temporary = temporary;
    const stream = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
    this.stream = stream;
    stream.on('drain', () => {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w();
    });
    stream.on('error', e => {
      this.failure = new NetProbeError(
        'os-error',
        `Cannot write the response body to ${file}: ${isErrnoException(e) ? e.code : e.message}.`,
        isErrnoException(e) ? e.code : undefined,
      );
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w();
    });
    return stream;
  }
}

/**
 * The temporary folders (`$TMPDIR/netprobe-body-*`) holding bodies of these exchanges that spilled out of memory,
 * raw or decoded: the caller removes them when done (a file given with `bodyFile` is not among them).
 */
export function temporaryBodyDirs(exchanges: readonly HttpExchange[]): string[] {
  const dirs = new Set<string>();
  for (const ex of exchanges) {
    for (const b of [ex.response?.body, ex.response?.decoded?.body]) {
      if (b?.temporary && b.file && path.basename(path.dirname(b.file)).startsWith('netprobe-body-')) dirs.add(path.dirname(b.file));
    }
  }
  return [...dirs];
}

/** Removes {@link temporaryBodyDirs} (ignoring any already gone). */
export function removeTemporaryBodies(exchanges: readonly HttpExchange[]): void {
  for (const dir of temporaryBodyDirs(exchanges)) fs.rmSync(dir, { recursive: true, force: true });
}
