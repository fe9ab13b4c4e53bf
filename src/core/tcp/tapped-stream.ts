import type * as net from 'net';
import { Duplex } from 'stream';

/** Receives every byte a {@link TappedStream} passes, before it goes on. */
export interface WireTap {
  feed(dir: 'out' | 'in', chunk: Buffer): void;
}

/**
 * A duplex stream in front of a connected (maybe TLS) socket NetProbe owns, for a protocol library that wants a
 * stream (Node's `http`/`http2`, `ws`): every byte in both directions goes through `tap` first, so what is shown
 * is exactly what was written and read. Back-pressure is kept both ways. `remoteEnded` and `socketError` tell how
 * the connection ended.
 */
export class TappedStream extends Duplex {
  /** The peer sent FIN. */
  remoteEnded = false;
  /** The socket's error, if it failed (e.g. ECONNRESET). */
  socketError: Error | undefined;

  constructor(
    readonly socket: net.Socket,
    private readonly tap: WireTap,
  ) {
    super({ allowHalfOpen: false });
    socket.on('data', (chunk: Buffer) => {
      tap.feed('in', chunk);
      if (!this.push(chunk)) socket.pause();
    });
    socket.once('end', () => {
      this.remoteEnded = true;
      this.push(null);
    });
    socket.on('error', (e: Error) => {
      this.socketError ??= e;
      this.destroy(e);
    });
    socket.once('close', () => {
      if (!this.destroyed) this.destroy();
    });
  }

  override _read(): void {
    this.socket.resume();
  }

  /*
   * A write is done once the socket has taken it (as a pipe would), not once the kernel has: waiting for the
   * flush would hold the library's next frames back a turn of the event loop per write. Back-pressure still
   * holds: when the socket's buffer is full the callback waits for 'drain'. Socket errors arrive as 'error'.
   */
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.tap.feed('out', chunk);
    this.done(this.socket.write(chunk), callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    const s = this.socket;
    let ok = true;
    s.cork();
    for (const { chunk } of chunks) {
      this.tap.feed('out', chunk);
      ok = s.write(chunk);
    }
    s.uncork();
    this.done(ok, callback);
  }

  private done(taken: boolean, callback: (error?: Error | null) => void): void {
    if (taken) {
      callback();
      return;
    }
    const s = this.socket;
    const onDrain = (): void => {
      s.removeListener('close', onClose);
      callback();
    };
    const onClose = (): void => {
      s.removeListener('drain', onDrain);
      callback(new Error('The connection closed before the data could be sent.'));
    };
    s.once('drain', onDrain);
    s.once('close', onClose);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // A clean close lets queued bytes (a last GOAWAY or close frame) reach the peer first.
    if (error) this.socket.destroy();
    else this.socket.destroySoon();
    callback(error);
  }

  /** Node's `http` asks these of its connection; they go to the socket. */
  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, initialDelay?: number): this {
    this.socket.setKeepAlive(enable, initialDelay);
    return this;
  }
}
